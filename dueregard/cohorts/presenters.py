"""Values for display: the reach table's cells, statuses as tags."""

from __future__ import annotations

from dueregard.core.monitoring import reach_cells

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


# The reach page shows the relative likelihoods of being selected and of completing (of
# the four later stages: selected, attended, completed, progressed).
SHOWN_LIKELIHOODS = (0, 2)


def reach_rows(rows) -> list[dict]:
    """The reach table's cells (``core.monitoring``), with the likelihoods the page shows."""
    return [
        {
            **cells,
            "likelihoods": [cells["likelihoods"][i] for i in SHOWN_LIKELIHOODS],
            "flagged": [cells["flagged"][i] for i in SHOWN_LIKELIHOODS],
        }
        for cells in reach_cells(rows)
    ]
