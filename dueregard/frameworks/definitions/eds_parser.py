"""Parsing and checking an EDS framework file into :class:`.eds.EdsFramework`."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .eds import (
    CoverageRule,
    CoverageWord,
    EdsFramework,
    Goal,
    Grade,
    GradingFactor,
    Outcome,
    PublicationDeadline,
    RatingBand,
    ReportField,
    ReportTable,
    ReportTemplate,
)
from .reading import (
    _AGGREGATION_LEVELS,
    _AGGREGATIONS,
    _GOAL_CODE,
    _REPORT_FIELD_TYPES,
    _RULE_STATUSES,
    _choices,
    _header,
    _Map,
    _norm,
    _Unique,
)


def _parse_eds(filename: str, data: dict[str, Any], expected_code: str) -> EdsFramework:
    root = _Map(filename, data, "")
    header = _header(root, expected_code)
    structure = root.text("structure")
    if structure not in ("goal", "domain"):
        root.fail(f"structure {structure!r} must be 'goal' or 'domain'")

    grades = _parse_grades(root)
    by_code = {grade.code: grade for grade in grades}

    factors = []
    factor_codes = _Unique(root, "grading factor code")
    factor_orders = _Unique(root, "grading factor order")
    for node in root.maps("grading_factors", required=False, non_empty=False):
        code = node.slug()
        factor_codes.add(code, node.where)
        order = node.req_int("order", minimum=1)
        factor_orders.add(order, node.where)
        factors.append(GradingFactor(code, node.text("name"), order, node.text("description")))
        node.done()

    words: tuple[CoverageWord, ...] = ()
    rule: CoverageRule | None = None
    coverage = root.mapping("coverage", required=False)
    if coverage is not None:
        words, rule = _parse_coverage(coverage, by_code)

    goals_key = "goals" if structure == "goal" else "domains"
    other_key = "domains" if structure == "goal" else "goals"
    if other_key in data:
        root.fail(
            f"structure is {structure!r}, so outcomes belong under {goals_key!r}, not {other_key!r}"
        )
    goals = _parse_goals(root, goals_key, structure)

    max_total: int | None = None
    bands: tuple[RatingBand, ...] = ()
    rating = root.mapping("rating", required=False)
    if rating is not None:
        n_outcomes = sum(len(goal.outcomes) for goal in goals)
        max_total, bands = _parse_rating(rating, grades, by_code, n_outcomes)

    review = None
    deadline = None
    cycle = root.mapping("cycle", required=False)
    if cycle is not None:
        review = cycle.optional_text("review")
        node = cycle.mapping("publication_deadline", required=False)
        if node is not None:
            month = node.req_int("month", minimum=1)
            day = node.req_int("day", minimum=1)
            try:
                dt.date(2001, month, day)  # a common year: 29 February is not a deadline
            except ValueError:
                node.fail(f"month {month} and day {day} are not a date in every year")
            node.done()
            deadline = PublicationDeadline(month, day)
        cycle.done()

    template = None
    node = root.mapping("report_template", required=False)
    if node is not None:
        template = _parse_report_template(node, {goal.code for goal in goals})

    root.done()
    return EdsFramework(
        **header,
        structure=structure,
        grades=grades,
        grading_factors=tuple(sorted(factors, key=lambda f: f.order)),
        goals=goals,
        coverage_words=words,
        coverage_rule=rule,
        rating_bands=bands,
        max_total=max_total,
        review=review,
        publication_deadline=deadline,
        report_template=template,
    )


def _parse_grades(root: _Map) -> tuple[Grade, ...]:
    codes = _Unique(root, "grade code")
    labels = _Unique(root, "grade label")
    orders: dict[int, str] = {}
    scores: dict[int, str] = {}
    grades = []
    for node in root.maps("grades"):
        code = node.slug()
        codes.add(code, node.where)
        name = node.text("name")
        order = node.req_int("order", minimum=1)
        if order in orders:
            node.fail(f"grade order {order} is used by both {orders[order]!r} and {code!r}")
        orders[order] = code
        score = node.integer("score", required=False, minimum=0)
        if score is not None:
            if score in scores:
                node.fail(f"grade score {score} is used by both {scores[score]!r} and {code!r}")
            scores[score] = code
        aliases = node.texts("aliases")
        for label in dict.fromkeys(_norm(label) for label in (code, name, *aliases)):
            labels.add(label, node.where)
        grades.append(
            Grade(
                code=code,
                name=name,
                order=order,
                score=score,
                colour=node.optional_text("colour"),
                definition=node.text("definition", required=False),
                aliases=aliases,
            )
        )
        node.done()
    if scores and len(scores) != len(grades):
        unscored = [grade.code for grade in grades if grade.score is None]
        root.fail(f"grades: either every grade has a score or none has; {unscored[0]!r} has none")
    ordered = tuple(sorted(grades, key=lambda grade: grade.order))
    if scores:
        by_score = tuple(sorted(grades, key=lambda grade: grade.score or 0))
        if by_score != ordered:
            root.fail("grades: scores must rise with order")
    return ordered


def _parse_coverage(
    node: _Map, grades: dict[str, Grade]
) -> tuple[tuple[CoverageWord, ...], CoverageRule | None]:
    words = tuple(
        CoverageWord(choice.code, choice.label, choice.description)
        for choice in _choices(node, "words", "coverage word")
    )
    word_codes = [word.code for word in words]
    rule = None
    rule_node = node.mapping("rule", required=False)
    if rule_node is not None:
        status = rule_node.text("status")
        if status not in _RULE_STATUSES:
            rule_node.fail(f"status {status!r} must be one of {', '.join(_RULE_STATUSES)}")
        mapping_node = rule_node.mapping("map")
        assert mapping_node is not None
        mapping = []
        for word, grade_code in mapping_node.data.items():
            if word not in word_codes:
                mapping_node.fail(f"coverage rule names unknown coverage word {word!r}")
            if grade_code not in grades:
                mapping_node.fail(f"coverage rule maps {word!r} to unknown grade {grade_code!r}")
            mapping.append((word, grade_code))
        mapped = {word for word, _ in mapping}
        for word in word_codes:
            if word not in mapped:
                mapping_node.fail(f"coverage word {word!r} has no grade in the rule")
        no_evidence = rule_node.text("no_evidence")
        if no_evidence not in grades:
            rule_node.fail(f"no_evidence names unknown grade {no_evidence!r}")
        rule_node.done()
        rule = CoverageRule(status, tuple(mapping), no_evidence)
    node.done()
    return words, rule


def _parse_goals(root: _Map, key: str, structure: str) -> tuple[Goal, ...]:
    goal_codes = _Unique(root, f"{structure} code")
    outcome_codes = _Unique(root, "outcome code")
    goals = []
    position = 0
    for goal_order, node in enumerate(root.maps(key), start=1):
        code = node.text("code")
        if not _GOAL_CODE.fullmatch(code):
            node.fail(f"{structure} code {code!r} must be letters and digits only")
        goal_codes.add(code, node.where)
        name = node.text("name")
        outcomes = []
        pattern = re.compile(re.escape(code) + r"\.?[0-9A-Za-z]+")
        for item in node.maps("outcomes"):
            outcome_code = item.text("code")
            outcome_codes.add(outcome_code.casefold(), item.where, outcome_code)
            if not pattern.fullmatch(outcome_code):
                item.fail(
                    f"outcome code {outcome_code!r} does not belong to {structure} {code!r} "
                    f"(expected {code}.1, {code}A...)"
                )
            position += 1
            outcomes.append(
                Outcome(
                    code=outcome_code,
                    statement=item.text("statement"),
                    goal_code=code,
                    order=position,
                    title=item.text("title", required=False),
                )
            )
            item.done()
        rated_by = node.texts("rated_by")
        may_also_involve = node.texts("may_also_involve")
        per_service = node.flag("per_service")
        min_services = node.integer("min_services", required=False, minimum=1)
        aggregation = node.optional_text("aggregation")
        level = node.optional_text("aggregation_level")
        if per_service:
            if min_services is None:
                node.fail("missing required key 'min_services' (per_service is true)")
            if aggregation is None:
                node.fail("missing required key 'aggregation' (per_service is true)")
            if aggregation not in _AGGREGATIONS:
                node.fail(f"aggregation {aggregation!r} must be one of {', '.join(_AGGREGATIONS)}")
            level = level or "domain"
            if level not in _AGGREGATION_LEVELS:
                node.fail(
                    f"aggregation_level {level!r} must be one of {', '.join(_AGGREGATION_LEVELS)}"
                )
        else:
            for extra, value in (
                ("min_services", min_services),
                ("aggregation", aggregation),
                ("aggregation_level", level),
            ):
                if value is not None:
                    node.fail(f"{extra!r} is given but per_service is not true")
        node.done()
        goals.append(
            Goal(
                code=code,
                name=name,
                kind=structure,
                order=goal_order,
                outcomes=tuple(outcomes),
                rated_by=rated_by,
                may_also_involve=may_also_involve,
                per_service=per_service,
                min_services=min_services,
                aggregation=aggregation,
                aggregation_level=level,
            )
        )
    return tuple(goals)


def _parse_rating(
    node: _Map, grades: tuple[Grade, ...], by_code: dict[str, Grade], n_outcomes: int
) -> tuple[int, tuple[RatingBand, ...]]:
    if any(grade.score is None for grade in grades):
        node.fail("rating bands need scored grades: give every grade a 'score'")
    max_total = node.req_int("max_total", minimum=0)
    top = max(grade.score or 0 for grade in grades)
    if max_total != n_outcomes * top:
        node.fail(
            f"max_total {max_total} does not match {n_outcomes} outcomes x top score {top} "
            f"= {n_outcomes * top}"
        )
    bands: list[RatingBand] = []
    for item in node.maps("bands"):
        grade_code = item.text("grade")
        if grade_code not in by_code:
            item.fail(f"rating band names unknown grade {grade_code!r}")
        low = item.req_int("min", minimum=0)
        high = item.req_int("max", minimum=0)
        item.done()
        if low > high:
            item.fail(f"band {grade_code!r}: min {low} is greater than max {high}")
        if high > max_total:
            item.fail(f"band {grade_code!r}: max {high} is above max_total {max_total}")
        grade = by_code[grade_code]
        if not bands:
            if low != 0:
                item.fail(f"rating bands must start at 0; the first band starts at {low}")
        else:
            previous = bands[-1]
            if low <= previous.max_total:
                item.fail(
                    f"rating bands overlap: {grade_code!r} starts at {low} but "
                    f"{previous.grade.code!r} ends at {previous.max_total}"
                )
            if low > previous.max_total + 1:
                item.fail(
                    f"rating bands leave a gap: no band covers {previous.max_total + 1}..{low - 1}"
                )
            if grade.order <= previous.grade.order:
                item.fail(
                    f"band {grade_code!r} must name a higher grade than the band before "
                    f"({previous.grade.code!r})"
                )
        bands.append(RatingBand(grade=grade, min_total=low, max_total=high))
    if bands[-1].max_total != max_total:
        node.fail(
            f"rating bands leave a gap: the last band ends at {bands[-1].max_total}, "
            f"not at max_total {max_total}"
        )
    node.done()
    return max_total, tuple(bands)


def _parse_report_template(node: _Map, goal_codes: set[str]) -> ReportTemplate:
    field_codes = _Unique(node, "report field code")
    fields = []
    for item in node.maps("fields"):
        code = item.slug()
        field_codes.add(code, item.where)
        kind = item.text("type")
        if kind not in _REPORT_FIELD_TYPES:
            item.fail(f"type {kind!r} must be one of {', '.join(_REPORT_FIELD_TYPES)}")
        options = _choices(item, "options", "option", required=kind == "choice")
        if options and kind != "choice":
            item.fail(f"options are only for choice fields, not {kind!r}")
        domains = item.texts("domains")
        for domain in domains:
            if domain not in goal_codes:
                item.fail(f"domains names unknown domain {domain!r}")
        fields.append(
            ReportField(
                code=code,
                label=item.text("label"),
                type=kind,
                options=options,
                per_domain=item.flag("per_domain"),
                domains=domains,
            )
        )
        item.done()
    table_codes = _Unique(node, "report table code")
    tables = []
    for item in node.maps("tables", required=False, non_empty=False):
        code = item.slug()
        table_codes.add(code, item.where)
        tables.append(
            ReportTable(
                code=code,
                label=item.text("label"),
                columns=_choices(item, "columns", "column"),
                per_domain=item.flag("per_domain"),
            )
        )
        item.done()
    node.done()
    return ReportTemplate(fields=tuple(fields), tables=tuple(tables))
