"""Values for display: the reach table's cells, statuses as tags."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import Status, Support

STATUS_TAGS = {
    Status.SUBMITTED: "nhsuk-tag--grey",
    Status.OFFERED: "nhsuk-tag--blue",
    Status.ACCEPTED: "nhsuk-tag--green",
    Status.DECLINED: "nhsuk-tag--grey",
    Status.WAITING: "nhsuk-tag--yellow",
    Status.NOT_SELECTED: "nhsuk-tag--grey",
    Status.WITHDRAWN: "nhsuk-tag--grey",
}
SUPPORT_TAGS = {
    Support.PENDING: "nhsuk-tag--yellow",
    Support.CONFIRMED: "nhsuk-tag--green",
    Support.DECLINED: "nhsuk-tag--red",
}


def published(value: float, hidden: bool) -> str:
    """A disclosure-controlled count: ``*`` when suppressed, else the rounded figure."""
    return "*" if hidden else f"{value:,.0f}"


def interval(figure: dict) -> str:
    if figure["value"] != figure["value"]:  # nan: a count is hidden or a group is empty
        return _("Not shown")
    return f"{figure['value']:.2f} ({figure['lower']:.2f} to {figure['upper']:.2f})"


def reach_rows(rows) -> list[dict]:
    return [
        {
            "label": row.label,
            "counts": [published(v, h) for v, h in zip(row.published, row.suppressed, strict=True)],
            "others": published(row.reference_published[0], row.reference_suppressed[0]),
            "likelihoods": [interval(f) for f in row.likelihood],
            "flagged": [f["outside_band"] is True for f in row.likelihood],
        }
        for row in rows
    ]
