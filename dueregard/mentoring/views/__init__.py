"""Reciprocal mentoring views: programmes, applications, matching, review and
partnerships (``programmes``), and a programme's life (``lifecycle``)."""

from .lifecycle import (
    evaluation_open,
    programme_close,
    programme_edit,
    programme_pause,
    programme_resume,
    withdraw,
)
from .partnerships import (
    end,
    evaluate,
    meeting_create,
    partnership,
)
from .programmes import (
    accept_all,
    application_detail,
    applications,
    apply,
    export,
    index,
    introductions,
    match,
    pair_accept,
    pair_override,
    pair_swap,
    pairs,
    programme_create,
    programme_detail,
    run_detail,
    summary,
)
from .reach import reach

__all__ = [
    "reach",
    "accept_all",
    "application_detail",
    "applications",
    "apply",
    "end",
    "evaluate",
    "evaluation_open",
    "export",
    "index",
    "introductions",
    "match",
    "meeting_create",
    "pair_accept",
    "pair_override",
    "pair_swap",
    "pairs",
    "partnership",
    "programme_close",
    "programme_create",
    "programme_detail",
    "programme_edit",
    "programme_pause",
    "programme_resume",
    "run_detail",
    "summary",
    "withdraw",
]
