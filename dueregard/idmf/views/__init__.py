"""IDMF views: load through the scope, authorise, call one service, render or redirect.

One module per part of the work; ``urls.py`` reaches them all through this package."""

from .assessments import (
    detail,
    download,
    edit,
    index,
    new,
    overview,
    public_summary,
    publish,
    record,
    screening,
    sign_off,
    start_review,
    step,
)
from .committee import committee_decision, committee_summary
from .entries import add_action, add_engagement, complete_action
from .importing import import_review, import_word
from .partners import partner_list, revoke_partner
from .review import specialist_review
from .working import (
    add_comment,
    coauthors,
    copy_assessment,
    decision_history,
    remove_coauthor,
    resolve_comment,
)

__all__ = [
    "add_comment",
    "coauthors",
    "decision_history",
    "remove_coauthor",
    "resolve_comment",
    "add_action",
    "add_engagement",
    "committee_decision",
    "committee_summary",
    "complete_action",
    "copy_assessment",
    "detail",
    "download",
    "edit",
    "import_review",
    "import_word",
    "index",
    "new",
    "overview",
    "public_summary",
    "partner_list",
    "publish",
    "record",
    "revoke_partner",
    "screening",
    "sign_off",
    "specialist_review",
    "start_review",
    "step",
]
