"""IDMF views: load through the scope, authorise, call one service, render or redirect.

One module per part of the work; ``urls.py`` reaches them all through this package."""

from .assessments import (
    add_action,
    add_engagement,
    complete_action,
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

__all__ = [
    "add_action",
    "add_engagement",
    "committee_decision",
    "committee_summary",
    "complete_action",
    "detail",
    "download",
    "edit",
    "index",
    "new",
    "overview",
    "public_summary",
    "publish",
    "record",
    "screening",
    "sign_off",
    "start_review",
    "step",
]
