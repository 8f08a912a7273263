"""The return as one publishing ``Document``: NHS England's layout, indicator by indicator
(figures and their components), each with its narrative, then the trends, the action plan
and the board's approval. The web page and every download render this one document."""

from __future__ import annotations

from django.utils.translation import gettext as _

from dueregard.publishing.document import Document, Heading, Paragraph, SummaryList, Table

from ..models import Narrative, ReturnYear
from . import calendar, cycle, figures


def _pct(v: float | None) -> str:
    if v is None:
        return ""
    text = f"{v:.1f}"
    return "0.0" if text == "-0.0" else text


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.2f}" if abs(v) < 10 else f"{v:.1f}"
    return str(v)


def _pack_tables(ry: ReturnYear, code: str) -> list[Table]:
    """The evidence pack's published (disclosure-controlled) tables of one indicator."""
    prefix = f"{ry.standard.lower()}{code}"
    out = []
    for t in figures.linked_tables(ry).values():
        if t["name"] == prefix or t["name"].startswith(prefix + "_"):
            rows = tuple(tuple(_cell(v) for v in row) for row in t["rows"])
            out.append(Table(t["title"], tuple(t["columns"]), rows))
    return out


def _survey_table(code: str, figs: list[figures.GroupFigure]) -> Table:
    return Table(
        _("Indicator %s: Staff Survey percentage by group, with 95%% confidence interval") % code,
        (_("Group"), _("Percentage"), _("Base (respondents)"), _("Lower 95%"), _("Upper 95%")),
        tuple(
            (f.group, _pct(f.percentage), str(f.base), _pct(f.lower95), _pct(f.upper95))
            for f in figs
        ),
        numeric=(1, 2, 3, 4),
    )


def _board_table(ry: ReturnYear) -> Table:
    std = figures.standard_of(ry)
    overall = figures.workforce_share(ry)
    rows = tuple(
        (
            r.label,
            str(r.group_count),
            str(r.known),
            str(r.unknown),
            _pct(r.percentage),
            _pct(r.difference_pp),
        )
        for r in figures.board(ry)
    )
    rows += ((_("Overall workforce"), "", "", "", _pct(overall), ""),)
    return Table(
        _("Board membership against the overall workforce (percentage points; unknown excluded)"),
        (
            _("Population"),
            std.group,
            _("Known"),
            _("Unknown"),
            f"{std.group} %",
            _("Difference (pp)"),
        ),
        rows,
        numeric=(1, 2, 3, 4, 5),
    )


def _trend_table(ry: ReturnYear) -> Table | None:
    lines = figures.trends(ry)
    if len({t.year for t in lines}) < 2:
        return None

    def beyond(t) -> str:
        if t.beyond_chance is None:
            return ""
        return _("Yes") if t.beyond_chance else _("No")

    return Table(
        _(
            "Survey indicators over the years: change from the year before "
            "(percentage points, Newcombe 95% interval)"
        ),
        (
            _("Indicator"),
            _("Group"),
            _("Year"),
            _("Percentage"),
            _("Change"),
            _("Lower 95%"),
            _("Upper 95%"),
            _("Beyond chance"),
        ),
        tuple(
            (
                t.indicator,
                t.group,
                str(t.year),
                _pct(t.percentage),
                _pct(t.change),
                _pct(t.lower95),
                _pct(t.upper95),
                beyond(t),
            )
            for t in lines
        ),
        numeric=(2, 3, 4, 5, 6),
    )


def build(ry: ReturnYear) -> Document:
    narratives = dict(Narrative.objects.filter(return_year=ry).values_list("indicator", "text"))
    survey = figures.survey_indicators(ry)
    blocks: list = [
        SummaryList(
            (
                (_("Organisation"), ry.organisation.name),
                (_("Data year"), f"{ry.year} (snapshot {ry.snapshot_date:%d %B %Y})"),
                (_("Definitions"), f"{ry.standard} {ry.definitions_version}"),
                (
                    _("Approved by"),
                    f"{ry.approval_body}, {ry.approved_by_name}, {ry.approved_on:%d %B %Y}"
                    if ry.approved_on
                    else _("Not yet approved"),
                ),
            )
        )
    ]
    for ind in calendar.indicators(ry.standard):
        blocks.append(
            Heading(_("Indicator %(code)s: %(title)s") % {"code": ind.code, "title": ind.title})
        )
        if ind.source == "survey" and ind.code in survey:
            blocks.append(_survey_table(ind.code, survey[ind.code]))
        elif ind.source == "board":
            blocks.append(_board_table(ry))
        elif ind.source not in ("narrative", "survey"):
            tables = _pack_tables(ry, ind.code)
            blocks.extend(
                tables
                or [Paragraph(_("No figures: no linked evidence analysis gives this indicator."))]
            )
        blocks.append(Paragraph(narratives.get(ind.code) or _("No narrative written yet.")))
    trend = _trend_table(ry)
    if trend is not None:
        blocks += [Heading(_("Trends")), trend]
    actions = list(cycle.plan(ry))
    blocks.append(Heading(_("Action plan")))
    blocks.append(
        Table(
            _("Actions, carried from year to year until done"),
            (_("Indicator"), _("Action"), _("Owner"), _("Due"), _("Since"), _("Status")),
            tuple(
                (
                    a.indicator,
                    a.description,
                    a.owner_name,
                    f"{a.due_date:%d %B %Y}",
                    str(a.first_year),
                    str(a.get_status_display()),
                )
                for a in actions
            ),
        )
        if actions
        else Paragraph(_("No actions yet."))
    )
    return Document(
        title=f"{ry.organisation.name}: {calendar.title(ry.standard)} {ry.year}",
        blocks=tuple(blocks),
        metadata={"organisation": ry.organisation.name, "standard": ry.standard, "year": ry.year},
    )
