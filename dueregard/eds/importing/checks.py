"""Checks of a parsed report: what a person must look at before the import is saved.

The same checks as before sign-off (issue 4, point 5), run on an imported report, plus
what only an import can get wrong (duplicate sections, several grades in one section).

Kinds, with their severity:

- ``outcome_missing`` (error): an outcome of the framework was not found;
- ``duplicate_outcome`` (error): an outcome's section appears more than once;
- ``not_graded`` (error) / ``grade_unrecognised`` (error): no grade, or a grade text that
  is not a grade of the framework;
- ``several_grades`` (error): a section records more than one grade (a heading may be
  missing, or per-service grades were not separated);
- ``no_reasons`` (error) / ``no_evidence`` (warning): a grade without any reason text, or
  without any narrative evidence;
- ``grade_conflict`` (error): a reason or the conclusion concludes a different grade
  ("should be graded as 'developing'" under a grade box saying ACHIEVING);
- ``excelling_unsupported`` (error): "Excelling" without evidence of peer review and of
  innovation (EDS: "take part in peer reviews and demonstrate innovation");
- ``coverage_mismatch``: the coverage word stated ("most protected groups") suggests a
  different grade under the framework's coverage rule; a warning while the rule is
  provisional (EDS 2011), an error when confirmed; frameworks without a rule are skipped;
- ``factor_reason_missing`` (warning): no reason under a factor that the report gives for
  most other outcomes; ``reasons_not_by_factor`` (warning): reasons given, but under none
  of the framework's factors; ``factor_rarely_given`` (info): a factor the report gives
  for only a few outcomes;
- ``section_out_of_place`` (error): a section whose statement is another outcome's, or
  one found only by its statement among other outcomes' neighbours (shuffled or damaged
  text; the section is not imported);
- ``action_without_owner`` / ``action_without_date`` (error): in an action plan.
"""

from __future__ import annotations

import re

from dueregard.frameworks.definitions import EdsFramework

from .placement import misplaced_sections
from .results import ParsedOutcome, ParsedReport, Problem
from .textual import grade_mentions

__all__ = ["check_report"]

_PEER_REVIEW = re.compile(r"\bpeer[\s-]*review", re.IGNORECASE)
_INNOVATION = re.compile(r"\binnovat\w*", re.IGNORECASE)


def _grade_name(framework: EdsFramework, code: str | None) -> str:
    if code is None:
        return "no grade"
    try:
        return framework.grade(code).name
    except KeyError:
        return code


def _quote(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _sentence(text: str, position: int) -> str:
    """The sentence of ``text`` around ``position``, shortened for a message."""
    start = max(text.rfind(". ", 0, position), text.rfind("\n", 0, position))
    start = 0 if start < 0 else start + 1
    end = text.find(". ", position)
    end = len(text) if end < 0 else end + 1
    sentence = " ".join(text[start:end].split())
    return sentence if len(sentence) <= 160 else "…" + sentence[-159:]


def check_report(parsed: ParsedReport, framework: EdsFramework) -> list[Problem]:
    """Every problem of a parsed report, outcome by outcome in framework order, then the
    report-wide ones."""
    problems: list[Problem] = []
    sections: dict[str, list[ParsedOutcome]] = {}
    for outcome in parsed.outcomes:
        sections.setdefault(outcome.code, []).append(outcome)
    factor_names = {factor.code: factor.name for factor in framework.grading_factors}
    expected_factors = _expected_factors(parsed, framework)

    for definition in framework.outcomes:
        code = definition.code
        found = sections.get(code, [])
        if not found:
            problems.append(
                Problem(
                    code,
                    "outcome_missing",
                    f"Outcome {code} was not found in the report. Check whether its section "
                    "is missing or its heading is unreadable, and enter it by hand.",
                )
            )
            continue
        if len(found) > 1:
            lines = ", ".join(f"lines {o.start_line}–{o.end_line}" for o in found)
            problems.append(
                Problem(
                    code,
                    "duplicate_outcome",
                    f"Outcome {code} appears {len(found)} times ({lines}). Keep one section "
                    "and discard the other.",
                )
            )
        for outcome in found:
            problems.extend(_check_outcome(outcome, framework, factor_names, expected_factors))

    problems.extend(misplaced_sections(parsed, framework))
    problems.extend(_check_actions(parsed))
    for factor, count, total in _rare_factors(parsed, framework):
        problems.append(
            Problem(
                None,
                "factor_rarely_given",
                f"The report gives reasons under {factor_names[factor]} for only {count} of "
                f"{total} outcomes.",
                "info",
            )
        )
    return problems


def _check_outcome(
    outcome: ParsedOutcome,
    framework: EdsFramework,
    factor_names: dict[str, str],
    expected_factors: tuple[str, ...],
) -> list[Problem]:
    problems: list[Problem] = []
    code = outcome.code
    where = f"(line {outcome.grade_line})" if outcome.grade_line else ""
    if outcome.grade is None:
        if outcome.grade_text:
            names = ", ".join(grade.name for grade in framework.grades)
            problems.append(
                Problem(
                    code,
                    "grade_unrecognised",
                    f"Outcome {code}: the grade '{outcome.grade_text}' {where} is not a grade "
                    f"of {framework.short_name} ({names}).".replace("  ", " "),
                )
            )
        else:
            problems.append(
                Problem(code, "not_graded", f"Outcome {code} has no grade in the report.")
            )
    if outcome.extra_grades:
        extra = ", ".join(f"'{text}'" for text in outcome.extra_grades)
        per_service = any(
            goal.per_service and outcome.code in {o.code for o in goal.outcomes}
            for goal in framework.goals
        )
        hint = (
            " This domain is graded per service: enter each service's grade."
            if per_service
            else " A heading may be missing: check where the next outcome starts."
        )
        problems.append(
            Problem(
                code,
                "several_grades",
                f"Outcome {code} records more than one grade: '{outcome.grade_text}' and "
                f"{extra}.{hint}",
            )
        )
    if outcome.grade is None:
        return problems
    grade_name = _grade_name(framework, outcome.grade)
    problems += _reason_problems(outcome, framework, factor_names, expected_factors, grade_name)
    problems += _conflicts(outcome, framework, grade_name)
    problems += _excelling(outcome, framework)
    problems += _coverage(outcome, framework, grade_name)
    return problems


def _reason_problems(outcome, framework, factor_names, expected_factors, grade_name):
    """Reasons and evidence."""
    problems: list[Problem] = []
    code = outcome.code
    if not outcome.reasons and not outcome.summary:
        problems.append(
            Problem(
                code,
                "no_reasons",
                f"Outcome {code} is graded {grade_name} but the report gives no reasons.",
            )
        )
    elif framework.grading_factors and not outcome.reasons:
        problems.append(
            Problem(
                code,
                "reasons_not_by_factor",
                f"Outcome {code}: the reasons are not given under the grading factors "
                f"({', '.join(factor_names.values())}).",
                "warning",
            )
        )
    elif outcome.reasons:
        absent = [factor for factor in expected_factors if factor not in outcome.factors]
        if absent:
            names = ", ".join(factor_names[factor] for factor in absent)
            problems.append(
                Problem(
                    code,
                    "factor_reason_missing",
                    f"Outcome {code} gives no reason under {names}, which the report gives "
                    "for most other outcomes.",
                    "warning",
                )
            )
    if not outcome.narrative:
        problems.append(
            Problem(
                code,
                "no_evidence",
                f"Outcome {code} is graded {grade_name} but the report gives no evidence "
                "(narrative) for it.",
                "warning",
            )
        )
    return problems


def _conflicts(outcome, framework, grade_name) -> list[Problem]:
    """Reasons that conclude another grade."""
    problems: list[Problem] = []
    code = outcome.code
    texts = [(f"the reason under {reason.label}", reason.text) for reason in outcome.reasons]
    if outcome.summary:
        texts.append(("the conclusion", outcome.summary))
    for source, text in texts:
        concluding = [m for m in grade_mentions(text, framework) if m.concludes]
        if concluding and concluding[-1].grade.code != outcome.grade:
            mention = concluding[-1]
            problems.append(
                Problem(
                    code,
                    "grade_conflict",
                    f"Outcome {code}: the grade recorded is {grade_name}, but {source} "
                    f'concludes {mention.grade.name}: "{_sentence(text, mention.start)}".',
                )
            )
    return problems


def _excelling(outcome, framework) -> list[Problem]:
    """Excelling needs peer review and innovation."""
    problems: list[Problem] = []
    code = outcome.code
    top = max(framework.grades, key=lambda grade: grade.order)
    if outcome.grade == top.code:
        everything = "\n".join((outcome.narrative, outcome.reasons_text))
        lacking = []
        if not _PEER_REVIEW.search(everything):
            lacking.append("peer review")
        if not _INNOVATION.search(everything):
            lacking.append("innovation")
        if lacking:
            problems.append(
                Problem(
                    code,
                    "excelling_unsupported",
                    f"Outcome {code} is graded {top.name} without evidence of "
                    f"{' or '.join(lacking)}.",
                )
            )
    return problems


def _coverage(outcome, framework, grade_name) -> list[Problem]:
    """The coverage rule."""
    problems: list[Problem] = []
    code = outcome.code
    rule = framework.coverage_rule
    if rule is not None and outcome.coverage is not None:
        try:
            suggested = framework.suggested_grade(outcome.coverage)
        except ValueError:
            suggested = None
        if suggested is not None and suggested.code != outcome.grade:
            provisional = rule.status == "provisional"
            problems.append(
                Problem(
                    code,
                    "coverage_mismatch",
                    f"Outcome {code} is graded {grade_name}, but its reasons say "
                    f'"{outcome.coverage_text}", which the '
                    f"{'provisional ' if provisional else ''}coverage rule of "
                    f"{framework.short_name} would grade {suggested.name}.",
                    "warning" if provisional else "error",
                )
            )
    return problems


def _graded_with_factors(parsed: ParsedReport) -> list[ParsedOutcome]:
    return [o for o in parsed.outcomes if o.grade is not None and o.reasons]


def _expected_factors(parsed: ParsedReport, framework: EdsFramework) -> tuple[str, ...]:
    """The factors the report itself gives for at least half its outcomes with factors."""
    outcomes = _graded_with_factors(parsed)
    if len(outcomes) < 3:
        return ()
    return tuple(
        factor.code
        for factor in framework.grading_factors
        if 2 * sum(factor.code in o.factors for o in outcomes) >= len(outcomes)
    )


def _rare_factors(parsed: ParsedReport, framework: EdsFramework) -> list[tuple[str, int, int]]:
    outcomes = _graded_with_factors(parsed)
    if len(outcomes) < 3:
        return []
    result = []
    for factor in framework.grading_factors:
        count = sum(factor.code in o.factors for o in outcomes)
        if 2 * count < len(outcomes):
            result.append((factor.code, count, len(outcomes)))
    return result


def _check_actions(parsed: ParsedReport) -> list[Problem]:
    problems: list[Problem] = []
    if not parsed.action_plan:
        return problems
    for action in parsed.actions:
        label = f'The action "{_quote(action.text, 80)}" (line {action.start_line})'
        if not action.owner:
            problems.append(
                Problem(action.outcome_code, "action_without_owner", f"{label} has no owner.")
            )
        if not action.due:
            problems.append(
                Problem(
                    action.outcome_code,
                    "action_without_date",
                    f"{label} has no completion date.",
                )
            )
    return problems
