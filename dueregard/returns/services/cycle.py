"""Every change to a return year, each audited (issue 25, ADR 0041).

Stages: collecting → validated (data complete and checked) → approved (the board, who and
when) → published (public page and formats). Changing data after the check sends the year
back to collecting; approved and published years are frozen.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dueregard.analytics.workforce.definitions import STANDARDS
from dueregard.analytics.workforce.survey_summary import SurveySummaryError, read_summary
from dueregard.core.services import audit

from ..models import Action, BoardSeat, Narrative, ReturnYear, Stage, SurveyFigure
from . import calendar
from .figures import standard_of

FROZEN = (Stage.APPROVED, Stage.PUBLISHED)


def definitions_version(standard: str, year: int) -> str:
    """The latest definitions of ``standard`` published for ``year`` or before."""
    versions = sorted(v for n, v in STANDARDS if n == standard and v.isdigit() and int(v) <= year)
    if not versions:
        raise ValidationError(
            _("There are no %(std)s definitions for %(year)s or earlier.")
            % {"std": standard, "year": year}
        )
    return versions[-1]


def start(organisation, standard: str, year: int, *, actor) -> ReturnYear:
    if ReturnYear.objects.filter(organisation=organisation, standard=standard, year=year).exists():
        raise ValidationError(
            {
                "year": _("%(std)s %(year)s has already been started.")
                % {"std": standard, "year": year}
            }
        )
    try:
        dates = calendar.dates(standard, year)
    except ValueError as exc:
        raise ValidationError({"year": str(exc)}) from None
    ry = ReturnYear.objects.create(
        organisation=organisation,
        system=organisation.system,
        standard=standard,
        year=year,
        definitions_version=definitions_version(standard, year),
        snapshot_date=dates.snapshot,
        submission_deadline=dates.submission_deadline,
        publication_deadline=dates.publication_deadline,
    )
    audit.record(
        "returns.started", actor=actor, obj=ry, after={"definitions": ry.definitions_version}
    )
    return ry


def _editable(ry: ReturnYear) -> None:
    if ry.stage in FROZEN:
        raise ValidationError(
            _("This year has been approved by the board, so its data can no longer change.")
        )
    if ry.stage == Stage.VALIDATED:
        ry.stage = Stage.COLLECTING
        ry.validated_at = None
        ry.save(update_fields=["stage", "validated_at"])


@transaction.atomic
def load_survey(ry: ReturnYear, data: bytes, name: str, *, actor) -> int:
    """Replace the year's survey summary figures with those of an uploaded file."""
    _editable(ry)
    try:
        figures = read_summary(data, standard_of(ry), name=name, year=ry.year)
    except SurveySummaryError as exc:
        raise ValidationError([f"Row {r}: {m}" if r else m for r, m in exc.problems[:50]]) from None
    later = sorted({f.year for f in figures if f.year > ry.year})
    if later:
        raise ValidationError(
            _("The file has figures for %(years)s, after this return's year %(year)s.")
            % {"years": ", ".join(map(str, later)), "year": ry.year}
        )
    SurveyFigure.objects.filter(return_year=ry).delete()
    SurveyFigure.objects.bulk_create(
        SurveyFigure(
            return_year=ry,
            indicator=f.indicator,
            group=f.group,
            survey_year=f.year,
            percentage=round(f.percentage, 1),
            base=f.base,
        )
        for f in figures
    )
    audit.record(
        "returns.survey_loaded", actor=actor, obj=ry, after={"file": name, "figures": len(figures)}
    )
    return len(figures)


def board_groups(ry: ReturnYear) -> list[str]:
    std = standard_of(ry)
    return [std.group, std.reference, "Unknown"]


def add_seat(
    ry: ReturnYear, *, role: str, voting: bool, executive: bool, group: str, actor
) -> BoardSeat:
    _editable(ry)
    if group not in board_groups(ry):
        raise ValidationError({"group": _("Choose one of: %s") % ", ".join(board_groups(ry))})
    seat = BoardSeat.objects.create(
        return_year=ry, role=role.strip(), voting=voting, executive=executive, group=group
    )
    audit.record(
        "returns.board_seat_added", actor=actor, obj=ry, after={"role": seat.role, "group": group}
    )
    return seat


_TRUE = {"yes", "y", "true", "1", "voting", "executive", "x"}
_FALSE = {"no", "n", "false", "0", ""}


def _flag(value: str, row: int, column: str, problems: list[str]) -> bool:
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text not in _FALSE:
        problems.append(_("Row %(row)s: %(col)s must be yes or no") % {"row": row, "col": column})
    return False


def parse_register(ry: ReturnYear, data: bytes, name: str) -> list[dict]:
    """A board register file (CSV/XLSX: role, voting, executive, group), checked whole."""
    import io

    import pandas as pd

    try:
        if name.lower().endswith(".xlsx"):
            frame = pd.read_excel(io.BytesIO(data), dtype=str, engine="openpyxl").fillna("")
        else:
            frame = pd.read_csv(
                io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig"
            )
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise ValidationError(_("The file cannot be read: %s") % exc) from None
    columns = {str(c).strip().lower(): c for c in frame.columns}
    lacking = [c for c in ("role", "voting", "executive", "group") if c not in columns]
    if lacking:
        raise ValidationError(_("The file needs the columns: %s") % ", ".join(lacking))
    groups, problems, seats = board_groups(ry), [], []
    for i, rec in enumerate(frame.to_dict("records"), start=2):
        role = str(rec[columns["role"]]).strip()
        group = str(rec[columns["group"]]).strip()
        if not role:
            problems.append(_("Row %s: the role is empty") % i)
        if group not in groups:
            problems.append(
                _("Row %(row)s: group must be one of %(groups)s")
                % {"row": i, "groups": ", ".join(groups)}
            )
        voting = _flag(str(rec[columns["voting"]]), i, "voting", problems)
        executive = _flag(str(rec[columns["executive"]]), i, "executive", problems)
        seats.append({"role": role, "voting": voting, "executive": executive, "group": group})
    if not seats:
        problems.append(_("The file has no seats."))
    if problems:
        raise ValidationError(problems[:50])
    return seats


@transaction.atomic
def load_register(ry: ReturnYear, data: bytes, name: str, *, actor) -> int:
    """Replace the board register with an uploaded one (all rows or none)."""
    _editable(ry)
    seats = parse_register(ry, data, name)
    BoardSeat.objects.filter(return_year=ry).delete()
    BoardSeat.objects.bulk_create(BoardSeat(return_year=ry, **s) for s in seats)
    audit.record(
        "returns.board_uploaded", actor=actor, obj=ry, after={"file": name, "seats": len(seats)}
    )
    return len(seats)


def remove_seat(seat: BoardSeat, *, actor) -> None:
    _editable(seat.return_year)
    audit.record(
        "returns.board_seat_removed", actor=actor, obj=seat.return_year, before={"role": seat.role}
    )
    seat.delete()


def link_analyses(ry: ReturnYear, analyses: list, *, actor) -> None:
    """Link the evidence workspace's finished packs of this standard and organisation."""
    _editable(ry)
    for analysis in analyses:
        if analysis.kind != ry.standard.lower() or analysis.status != "ready":
            raise ValidationError(
                {
                    "analyses": _("Choose finished %s analyses from the evidence workspace.")
                    % ry.standard
                }
            )
        if analysis.organisation_id != ry.organisation_id:
            raise ValidationError({"analyses": _("That analysis belongs to another organisation.")})
    ry.analyses.set(analyses)
    audit.record(
        "returns.analyses_linked",
        actor=actor,
        obj=ry,
        after={"analyses": sorted(a.pk for a in analyses)},
    )


def missing(ry: ReturnYear) -> list[str]:
    """What the year still lacks before it can be checked as complete."""
    std = standard_of(ry)
    gaps = []
    if not ry.analyses.exists():
        gaps.append(
            _("Link the %s analysis of the staff, recruitment, cases and training files.")
            % ry.standard
        )
    have = set(
        SurveyFigure.objects.filter(return_year=ry, survey_year=ry.year).values_list(
            "indicator", "group"
        )
    )
    for item in std.survey:
        for group in item.groups or (std.group, std.reference):
            if (item.code, group) not in have:
                gaps.append(
                    _("Survey indicator %(code)s has no figure for %(group)s.")
                    % {"code": item.code, "group": group}
                )
    if not BoardSeat.objects.filter(return_year=ry).exists():
        gaps.append(_("Enter the board register."))
    return gaps


def validate(ry: ReturnYear, *, actor) -> None:
    if ry.stage != Stage.COLLECTING:
        raise ValidationError(_("This year's data has already been checked."))
    gaps = missing(ry)
    if gaps:
        raise ValidationError(gaps)
    ry.stage, ry.validated_at = Stage.VALIDATED, timezone.now()
    ry.save(update_fields=["stage", "validated_at"])
    audit.record("returns.validated", actor=actor, obj=ry, after={"stage": ry.stage})


def set_narrative(ry: ReturnYear, indicator: str, text: str, *, actor) -> Narrative:
    if ry.stage in FROZEN:
        raise ValidationError(
            _("This year has been approved, so its narrative can no longer change.")
        )
    if indicator not in {i.code for i in calendar.indicators(ry.standard)}:
        raise ValidationError(_("Unknown indicator."))
    narrative, _created = Narrative.objects.update_or_create(
        return_year=ry, indicator=indicator, defaults={"text": text.strip()}
    )
    audit.record("returns.narrative_saved", actor=actor, obj=ry, after={"indicator": indicator})
    return narrative


def add_action(
    ry: ReturnYear, *, indicator: str, description: str, owner_name: str, due_date: dt.date, actor
) -> Action:
    if ry.stage in FROZEN:
        raise ValidationError(
            _("This year's plan has been approved; add the action to next year's.")
        )
    action = Action.objects.create(
        organisation=ry.organisation,
        system=ry.system,
        standard=ry.standard,
        indicator=indicator,
        description=description.strip(),
        owner_name=owner_name.strip(),
        due_date=due_date,
        first_year=ry.year,
    )
    audit.record(
        "returns.action_added",
        actor=actor,
        obj=action,
        after={"indicator": indicator, "due": due_date},
    )
    return action


def complete_action(action: Action, ry: ReturnYear, *, actor) -> None:
    if action.status == Action.Status.DONE:
        raise ValidationError(_("This action is already done."))
    action.status, action.done_year = Action.Status.DONE, ry.year
    action.save(update_fields=["status", "done_year"])
    audit.record("returns.action_done", actor=actor, obj=action, after={"year": ry.year})


def plan(ry: ReturnYear):
    """The actions on this year's plan: started this year or before and not done before it."""
    return (
        Action.objects.filter(
            organisation=ry.organisation, standard=ry.standard, first_year__lte=ry.year
        )
        .exclude(done_year__lt=ry.year)
        .order_by("due_date", "pk")
    )


def approve(ry: ReturnYear, *, body: str, chair: str, approved_on: dt.date, actor) -> None:
    if ry.stage != Stage.VALIDATED:
        raise ValidationError(_("Check the data is complete before the board approves the return."))
    codes = [i.code for i in calendar.indicators(ry.standard)]
    written = set(
        Narrative.objects.filter(return_year=ry)
        .exclude(text="")
        .values_list("indicator", flat=True)
    )
    lacking = [c for c in codes if c not in written]
    if lacking:
        raise ValidationError(
            _("Write the narrative for indicator(s) %s first.") % ", ".join(lacking)
        )
    if approved_on > timezone.localdate():
        raise ValidationError({"approved_on": _("The approval date cannot be in the future.")})
    ry.stage, ry.approval_body, ry.approved_by_name, ry.approved_on = (
        Stage.APPROVED,
        body,
        chair,
        approved_on,
    )
    ry.approval_recorded_by = actor
    ry.save(
        update_fields=[
            "stage",
            "approval_body",
            "approved_by_name",
            "approved_on",
            "approval_recorded_by",
        ]
    )
    audit.record("returns.approved", actor=actor, obj=ry, after={"body": body, "on": approved_on})


def publish(ry: ReturnYear, *, actor) -> None:
    if ry.stage != Stage.APPROVED:
        raise ValidationError(_("Only a return approved by the board can be published."))
    ry.stage, ry.published_at = Stage.PUBLISHED, timezone.now()
    stem = slugify(ry.organisation.name)[:40]
    ry.slug = f"{stem}-{ry.standard.lower()}-{ry.year}-{secrets.token_hex(3)}"
    ry.save(update_fields=["stage", "published_at", "slug"])
    audit.record("returns.published", actor=actor, obj=ry, after={"slug": ry.slug})


def is_late(ry: ReturnYear, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return ry.stage != Stage.PUBLISHED and today > ry.publication_deadline


def published(slug: str) -> ReturnYear | None:
    return (
        ReturnYear.objects.filter(slug=slug, stage=Stage.PUBLISHED)
        .select_related("organisation")
        .first()
    )


def seats(ry: ReturnYear):
    return BoardSeat.objects.filter(return_year=ry)


def narratives(ry: ReturnYear) -> dict[str, str]:
    return dict(Narrative.objects.filter(return_year=ry).values_list("indicator", "text"))


def progress(ry: ReturnYear) -> tuple[int, int, int, int]:
    """This year's survey figures, board seats, narratives written, and indicators."""
    return (
        SurveyFigure.objects.filter(return_year=ry, survey_year=ry.year).count(),
        BoardSeat.objects.filter(return_year=ry).count(),
        Narrative.objects.filter(return_year=ry).exclude(text="").count(),
        len(calendar.indicators(ry.standard)),
    )
