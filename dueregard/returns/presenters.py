"""Values for display."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from dueregard.publishing.tabular import to_csv, to_xlsx

from .models import ReturnYear, Stage
from .services import cycle


def year_rows(years) -> list[dict]:
    return [
        {
            "label": f"{ry.standard} {ry.year}",
            "url": reverse("returns:detail", kwargs={"pk": ry.pk}),
            "organisation": ry.organisation.name if ry.organisation else "",
            "stage": ry.get_stage_display(),
            "deadline": ry.publication_deadline,
            "late": cycle.is_late(ry),
        }
        for ry in years
    ]


@dataclass(frozen=True)
class Task:
    label: str
    url: str | None
    status: str
    done: bool


def tasks(ry: ReturnYear) -> list[Task]:
    def url(name: str) -> str | None:
        return (
            reverse(f"returns:{name}", kwargs={"pk": ry.pk})
            if ry.stage not in cycle.FROZEN
            else None
        )

    linked = list(ry.analyses.all())
    n_survey, n_seats, n_narr, n_ind = cycle.progress(ry)
    done_stage = {Stage.VALIDATED, Stage.APPROVED, Stage.PUBLISHED}
    return [
        Task(
            _("Link the workforce analysis (staff, recruitment, cases, training)"),
            url("analysis"),
            _("%d linked") % len(linked),
            bool(linked),
        ),
        Task(
            _("Upload the Staff Survey summary"),
            url("survey"),
            _("%d figures for this year") % n_survey,
            n_survey > 0,
        ),
        Task(_("Enter the board register"), url("board"), _("%d seats") % n_seats, n_seats > 0),
        Task(_("Check the data is complete"), None, ry.get_stage_display(), ry.stage in done_stage),
        Task(
            _("Write the narrative for each indicator"),
            None,
            _("%(n)d of %(m)d written") % {"n": n_narr, "m": n_ind},
            n_narr == n_ind,
        ),
        Task(
            _("Record the board's approval"),
            None,
            f"{ry.approval_body}, {ry.approved_on:%d %B %Y}" if ry.approved_on else _("Not yet"),
            ry.approved_on is not None,
        ),
        Task(
            _("Publish the report"),
            None,
            _("Published")
            if ry.stage == Stage.PUBLISHED
            else _("By %s") % f"{ry.publication_deadline:%d %B %Y}",
            ry.stage == Stage.PUBLISHED,
        ),
    ]


def action_rows(actions) -> list[dict]:
    return [
        {
            "pk": a.pk,
            "indicator": a.indicator,
            "description": a.description,
            "owner": a.owner_name,
            "due": a.due_date,
            "since": a.first_year,
            "status": a.get_status_display(),
            "open": a.status == a.Status.OPEN,
        }
        for a in actions
    ]


def analysis_choices(analyses) -> list[tuple[str, str]]:
    return [
        (str(a.pk), f"{a.title} ({a.computed_at:%d %B %Y})" if a.computed_at else a.title)
        for a in analyses
    ]


def linked_analyses(ry: ReturnYear) -> list[dict]:
    """The linked packs, each with the data-quality report of the file it ran on."""
    return [
        {
            "title": a.title,
            "dataset": a.dataset.name,
            "quality_url": reverse("evidence:dataset", kwargs={"pk": a.dataset_id}),
        }
        for a in ry.analyses.select_related("dataset")
    ]


def gpg_download(sheet, fmt: str) -> HttpResponse:
    """The GOV.UK sheet as CSV or XLSX (through the one spreadsheet formula guard)."""
    rows = sheet.rows()
    name = f"gender-pay-gap-{sheet.snapshot.isoformat()}"
    if fmt == "xlsx":
        content = to_xlsx(rows, title="Gender pay gap")
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content, media = to_csv(rows), "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=media)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
