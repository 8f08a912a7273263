"""Awards views: rounds, panel and nominations (``rounds``), the chair's results,
decisions and announcement (``panel``), and the public token pages (``public``)."""

from .judging import (
    declare_conflict,
    evidence,
    judge_conflicts,
    judging_list,
    score,
)
from .panel import (
    announce,
    certificate,
    decide,
    export,
    finalise,
    preview,
    results,
)
from .public import (
    citation,
    consent,
    winners,
)
from .reach import reach
from .rounds import (
    category_create,
    conflict_record,
    index,
    judge_add,
    nominate,
    nomination_detail,
    nomination_edit,
    question_create,
    question_edit,
    resend_consent,
    round_create,
    round_detail,
    round_edit,
)

__all__ = [
    "reach",
    "announce",
    "category_create",
    "certificate",
    "citation",
    "conflict_record",
    "consent",
    "decide",
    "declare_conflict",
    "evidence",
    "export",
    "finalise",
    "index",
    "judge_add",
    "judge_conflicts",
    "judging_list",
    "nominate",
    "nomination_detail",
    "nomination_edit",
    "preview",
    "question_create",
    "question_edit",
    "resend_consent",
    "results",
    "round_create",
    "round_detail",
    "round_edit",
    "score",
    "winners",
]
