"""Parse the text of a published EDS report into outcomes, grades, contacts and reasons.

The text usually comes from a PDF conversion, so it is messy: table cells are separated
by tabs (or runs of spaces) and their rows are interleaved ("Name:\\tSab Bhaumik"),
headers are split over lines ("EDS\\tDEVELOPING" / "grade:\\tDEVELOPING"), grades stand on
a line of their own, in capitals, or with a full stop; a heading may be missing; a
paragraph may be broken by a page break. The parser works line by line:

1. **Sections.** Each outcome's section starts at its heading: "EDS Outcome 1.1 ...",
   "Outcome 3.5 ...", "Outcome 1A: ..." (also split over two lines), or a line starting
   with the code and the outcome's own words ("1A Access"). An outcome without any
   heading is found by its statement (word overlap with the framework's wording). A
   section ends where the next one, a goal or domain heading or an action plan starts.
   A heading repeated inside its own section (a running page header) is not a new
   section; the same outcome again after another outcome is a duplicate, kept for review.
2. **Inside a section.** The statement follows the heading. Short lines carrying "Name:"
   or "Lead contact:" (in any column layout) give the organisation and the lead contacts.
   The grade is on a "EDS grade:", "Grade:", "Rating:" or "Score:" line, or on the next
   line, or (failing that) alone on a line. The reasons follow "Reasons for rating:" and
   the grade; they are split at the framework's grading-factor labels ("Outcome:",
   "Engagement:" ..., also several on one line). Text before the grade is the narrative;
   reason text that is under no factor (usually the conclusion) is the summary.
3. **Front matter.** Before the first outcome: the title, the organisation, the date and
   period, and "Label: value" fields. Everything else there, and anything after the
   outcomes that is not an action plan, goes to ``unrecognised`` for a person to review.

Only the framework's data is used: outcome codes and statements, grade names and
aliases, grading factors and coverage words. :func:`check_report` (in
:mod:`.checks`) then lists what a person must look at.
"""

from __future__ import annotations

from collections import Counter

from dueregard.frameworks.definitions import EdsFramework

from .checks import check_report
from .extract import SUPPORTED_EXTENSIONS, ImportFileError, extract_text
from .front_matter import _actions, _front_matter, _snippets
from .results import (
    LeadContact,
    ParsedAction,
    ParsedOutcome,
    ParsedReport,
    Problem,
    Reason,
    Snippet,
)
from .section import _parse_section
from .starts import _find_starts
from .text_lines import _Line, _lines
from .vocabulary import _NAME_LABEL, _ORG, _vocabulary

__all__ = [
    "ImportFileError",
    "SUPPORTED_EXTENSIONS",
    "LeadContact",
    "ParsedAction",
    "ParsedOutcome",
    "ParsedReport",
    "Problem",
    "Reason",
    "Snippet",
    "check_report",
    "extract_text",
    "parse_report",
]


def _guess_organisation(lines: list[_Line]) -> str:
    counts: Counter[str] = Counter()
    for line in lines:
        for cell in line.cells:
            name = _NAME_LABEL.match(cell)
            value = name.group("rest").strip() if name else cell
            if len(value) <= 100 and _ORG.fullmatch(value):
                counts[value] += 3 if name else 1
    if not counts:
        return ""
    return counts.most_common(1)[0][0]


def parse_report(text: str, framework: EdsFramework) -> ParsedReport:
    """Parse a report's text (see the module notes). Never raises on messy text."""
    vocab = _vocabulary(framework)
    organisation = _guess_organisation(_lines(text))
    lines = _lines(text, organisation)
    starts = _find_starts(lines, vocab)
    n = len(lines)
    outcomes: list[ParsedOutcome] = []
    unplaced: set[int] = set()
    plan_lines: list[int] = []
    action_plan = False
    first = starts[0].index if starts else n
    for index, start in enumerate(starts):
        end = starts[index + 1].index if index + 1 < len(starts) else n
        if start.kind == "outcome":
            outcome, _ = _parse_section(lines, start, end, vocab, organisation)
            outcomes.append(outcome)
        elif start.kind == "plan":
            action_plan = True
            plan_lines.extend(range(start.heading_end + 1, end))
        else:  # a goal or domain heading, or another part of the report
            unplaced.update(range(start.heading_end + 1, end))
    info, fields, front_used = _front_matter(lines, list(range(first)), vocab, organisation)
    unplaced.update(i for i in range(first) if i not in front_used)
    actions, plan_used = _actions(lines, plan_lines, vocab)
    unplaced.update(i for i in plan_lines if i not in plan_used)
    found = {outcome.code for outcome in outcomes}
    missing = tuple(o.code for o in framework.outcomes if o.code not in found)
    section_orgs = Counter(o.organisation for o in outcomes if o.organisation)
    organisation_name = info["organisation"] or (
        section_orgs.most_common(1)[0][0] if section_orgs else organisation
    )
    return ParsedReport(
        framework=framework.code,
        line_count=n,
        title=info["title"],
        organisation=organisation_name,
        period=info["period"],
        date=info["date"],
        fields=tuple(fields),
        outcomes=tuple(outcomes),
        missing=missing,
        action_plan=action_plan,
        actions=tuple(actions),
        unrecognised=tuple(_snippets(lines, unplaced)),
    )
