"""Change-maker cohort views: programmes, cohorts and reach (``programmes``), applications
and the line manager's support (``applications``), the selection panel (``panel``), and
the calendar, projects, completion and follow-ups (``participants``)."""

from .applications import (
    application_detail,
    applications,
    apply,
    decide,
    respond,
    support,
    withdraw,
)
from .panel import panel, review
from .participants import (
    attendance,
    complete,
    follow_up,
    milestone_done,
    module_create,
    project,
)
from .programmes import (
    cohort_create,
    cohort_detail,
    index,
    programme_create,
    programme_detail,
    reach,
)

__all__ = [
    "application_detail",
    "applications",
    "apply",
    "attendance",
    "cohort_create",
    "cohort_detail",
    "complete",
    "decide",
    "follow_up",
    "index",
    "milestone_done",
    "module_create",
    "panel",
    "programme_create",
    "programme_detail",
    "project",
    "reach",
    "respond",
    "review",
    "support",
    "withdraw",
]
