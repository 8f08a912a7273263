"""The framework definition files and their validating parser (no Django needed)."""

from __future__ import annotations

import copy
import dataclasses
import json
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from dueregard.frameworks import definitions as d
from dueregard.frameworks.definitions import FrameworkDataError

PROTECTED_IN_ACT_ORDER = [
    "Age",
    "Disability",
    "Gender reassignment",
    "Marriage and civil partnership",
    "Pregnancy and maternity",
    "Race",
    "Religion or belief",
    "Sex",
    "Sexual orientation",
]

EDS_2011_OUTCOMES = [
    *("1.1", "1.2", "1.3", "1.4", "1.5"),
    *("2.1", "2.2", "2.3", "2.4"),
    *("3.1", "3.2", "3.3", "3.4", "3.5", "3.6"),
    *("4.1", "4.2", "4.3"),
]
EDS_2022_OUTCOMES = ["1A", "1B", "1C", "1D", "2A", "2B", "2C", "2D", "3A", "3B", "3C"]


def shipped(code: str) -> dict[str, Any]:
    """The parsed content of a shipped file, to copy and break."""
    return yaml.safe_load((d.DATA_DIR / f"{code}.yaml").read_text(encoding="utf-8"))


def write(tmp_path: Path, data: dict[str, Any], name: str) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------
# Characteristics
# --------------------------------------------------------------------------------------


def test_nine_protected_characteristics_come_first_in_equality_act_order():
    items = d.load_characteristics()
    assert [item.name for item in items.items[:9]] == PROTECTED_IN_ACT_ORDER
    assert [item.name for item in items.protected] == PROTECTED_IN_ACT_ORDER
    assert all(item.kind == "protected" for item in items.items[:9])
    assert all(item.kind == "additional" for item in items.items[9:])


def test_additional_groups_follow_in_canonical_order_with_inclusion_health_children():
    items = d.load_characteristics()
    assert [item.code for item in items.top_level[9:]] == [
        "carers",
        "armed-forces-community",
        "asylum-seekers-refugees",
        "deprivation-core20",
        "inclusion-health",
    ]
    children = items.children("inclusion-health")
    assert [child.name for child in children] == [
        "People experiencing homelessness",
        "People with drug and alcohol dependence",
        "Vulnerable migrants",
        "Gypsy, Roma and Traveller communities",
        "Sex workers",
        "People in contact with the justice system",
        "Victims of modern slavery",
    ]
    # Children follow their parent directly, and the order numbers are 1..n.
    codes = items.codes
    parent_at = codes.index("inclusion-health")
    assert codes[parent_at + 1 : parent_at + 8] == tuple(child.code for child in children)
    assert [item.order for item in items] == list(range(1, len(items) + 1))
    assert "IMD" in items.get("deprivation-core20").description
    assert all(item.description for item in items)
    with pytest.raises(KeyError):
        items.get("nationality")


# --------------------------------------------------------------------------------------
# EDS: structure
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "structure", "n_goals", "outcome_codes"),
    [
        ("eds-2011", "goal", 4, EDS_2011_OUTCOMES),
        ("eds2", "goal", 4, EDS_2011_OUTCOMES),
        ("eds-2022", "domain", 3, EDS_2022_OUTCOMES),
    ],
)
def test_eds_goals_and_outcomes(code, structure, n_goals, outcome_codes):
    framework = d.load_eds(code)
    assert framework.code == code
    assert framework.structure == structure
    assert len(framework.goals) == n_goals
    assert [outcome.code for outcome in framework.outcomes] == outcome_codes
    assert [outcome.order for outcome in framework.outcomes] == list(
        range(1, len(outcome_codes) + 1)
    )
    assert all(outcome.statement for outcome in framework.outcomes)
    assert [grade.name for grade in framework.grades] == [
        "Undeveloped",
        "Developing",
        "Achieving",
        "Excelling",
    ]


def test_eds_2011_statements_are_the_seed_reports():
    eds = d.load_eds("eds-2011")
    assert eds.outcome("1.1").statement == (
        "Services are commissioned, designed and procured to meet the health needs of local "
        "communities, promote well-being, and reduce health inequalities"
    )
    # The seed repeats "3.2" inside the quotation; the data does not.
    assert eds.outcome("3.2").statement.startswith("Levels of pay and related terms")
    assert eds.outcome("4.3").statement.endswith("to advance equality outcomes")
    assert [goal.name for goal in eds.goals] == [
        "Better health outcomes for all",
        "Improved patient access and experience",
        "Empowered, engaged and well-supported staff",
        "Inclusive leadership at all levels",
    ]
    assert [len(goal.outcomes) for goal in eds.goals] == [5, 4, 6, 3]


def test_eds_2011_grades_colours_and_grading_factors():
    eds = d.load_eds("eds-2011")
    assert [(grade.name, grade.colour) for grade in reversed(eds.grades)] == [
        ("Excelling", "purple"),
        ("Achieving", "green"),
        ("Developing", "amber"),
        ("Undeveloped", "red"),
    ]
    assert [grade.order for grade in eds.grades] == [1, 2, 3, 4]
    assert not eds.is_scored
    assert [factor.name for factor in eds.grading_factors] == [
        "Outcome",
        "Engagement",
        "Data and evidence",
        "Mainstream processes",
        "Progression plans",
        "Disadvantaged groups",
    ]
    assert [word.code for word in eds.coverage_words] == ["all", "most", "some", "few"]


def test_eds2_goal_3_and_grade_definitions():
    eds2 = d.load_eds("eds2")
    assert eds2.goal("3").name == "A representative and supported workforce"
    assert "all protected groups fare as well" in eds2.grade("excelling").definition
    assert "most protected groups" in eds2.grade("achieving").definition
    assert "only some protected groups" in eds2.grade("developing").definition
    assert "evidence is not available" in eds2.grade("undeveloped").definition


def test_eds_2022_scores_domains_raters_and_deadline():
    eds = d.load_eds("eds-2022")
    assert [(grade.score, grade.name) for grade in eds.grades] == [
        (0, "Undeveloped"),
        (1, "Developing"),
        (2, "Achieving"),
        (3, "Excelling"),
    ]
    assert eds.is_scored
    assert eds.max_total == 33
    services = eds.domains[0]
    assert services.name == "Commissioned or provided services"
    assert services.kind == "domain"
    assert (services.per_service, services.min_services, services.aggregation) == (
        True,
        3,
        "median",
    )
    assert "Healthwatch" in services.rated_by
    assert not eds.goal("2").per_service and eds.goal("2").min_services is None
    assert "Trade unions" in eds.goal("2").rated_by
    assert "Peer reviewers" in eds.goal("3").may_also_involve
    assert eds.publication_deadline is not None
    assert eds.publication_deadline.for_year(2027).isoformat() == "2027-02-28"
    assert eds.review == "annual"
    assert eds.outcome("1a").code == "1A"
    assert eds.coverage_rule is None


def test_eds_2022_report_template():
    template = d.load_eds("eds-2022").report_template
    assert template is not None
    codes = [field.code for field in template.fields]
    for code in (
        "organisation",
        "ics",
        "eds-lead",
        "board-sponsor",
        "level",
        "date-completed",
        "date-published",
        "date-authorised",
        "revision-date",
        "completed-actions",
        "third-party-involvement",
        "overall-rating",
    ):
        assert code in codes
    level = next(field for field in template.fields if field.code == "level")
    assert [option.code for option in level.options] == [
        "single-organisation",
        "partnership",
        "ics-wide",
    ]
    tables = {table.code: table for table in template.tables}
    assert [c.label for c in tables["domain-outcomes"].columns] == [
        "Outcome",
        "Evidence",
        "Rating",
        "Owner",
    ]
    assert tables["domain-outcomes"].per_domain
    assert [c.label for c in tables["action-plan"].columns] == [
        "Domain",
        "Outcome",
        "Objective",
        "Action",
        "Completion date",
    ]


def test_unknown_outcome_goal_and_grade_codes_raise_key_error():
    eds = d.load_eds("eds-2011")
    with pytest.raises(KeyError):
        eds.outcome("5.1")
    with pytest.raises(KeyError):
        eds.goal("5")
    with pytest.raises(KeyError):
        eds.grade("Excellent")  # grade() takes codes only; grade_for() takes labels
    with pytest.raises(ValueError, match="unknown EDS framework"):
        d.load_eds("eds-2030")


# --------------------------------------------------------------------------------------
# EDS: lookups
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "rating"),
    [
        (0, "Undeveloped"),
        (7, "Undeveloped"),
        (8, "Developing"),
        (21, "Developing"),
        (22, "Achieving"),
        (32, "Achieving"),
        (33, "Excelling"),
        # Fractional totals (median of an even number of services) stay below the next min.
        (7.5, "Undeveloped"),
        (21.5, "Developing"),
        (Decimal("32.5"), "Achieving"),
    ],
)
def test_eds_2022_rating_for_total_at_every_boundary(total, rating):
    band = d.load_eds("eds-2022").rating_for_total(total)
    assert band is not None
    assert band.name == rating


def test_rating_bands_are_data():
    bands = d.load_eds("eds-2022").rating_bands
    assert [(band.grade.code, band.min_total, band.max_total) for band in bands] == [
        ("undeveloped", 0, 7),
        ("developing", 8, 21),
        ("achieving", 22, 32),
        ("excelling", 33, 33),
    ]


@pytest.mark.parametrize("total", [-1, 33.5, 34, float("nan")])
def test_rating_for_total_rejects_totals_out_of_range(total):
    with pytest.raises(ValueError, match="outside 0..33"):
        d.load_eds("eds-2022").rating_for_total(total)


def test_rating_for_total_rejects_non_numbers_and_is_none_without_bands():
    with pytest.raises(TypeError):
        d.load_eds("eds-2022").rating_for_total(True)
    with pytest.raises(TypeError):
        d.load_eds("eds-2022").rating_for_total("22")  # type: ignore[arg-type]
    assert d.load_eds("eds-2011").rating_for_total(10) is None


@pytest.mark.parametrize(
    ("code", "label", "expected"),
    [
        ("eds-2011", "Excellent", "excelling"),
        ("eds-2011", "  EXCELLENT ", "excelling"),
        ("eds-2011", "excelling", "excelling"),
        ("eds-2011", "ACHIEVING", "achieving"),
        ("eds2", "Excellent", "excelling"),
        ("eds-2022", "Excelling activity", "excelling"),
        ("eds-2022", "undeveloped   ACTIVITY", "undeveloped"),
        ("eds-2022", "Developing", "developing"),
    ],
)
def test_grade_for_accepts_names_and_aliases_ignoring_case(code, label, expected):
    grade = d.load_eds(code).grade_for(label)
    assert grade is not None
    assert grade.code == expected


@pytest.mark.parametrize("label", ["Outstanding", "", "   ", None, "green"])
def test_grade_for_returns_none_when_unknown(label):
    assert d.load_eds("eds-2011").grade_for(label) is None


def test_grade_for_score():
    eds = d.load_eds("eds-2022")
    assert [eds.grade_for_score(score).code for score in range(4)] == [
        "undeveloped",
        "developing",
        "achieving",
        "excelling",
    ]
    assert eds.grade_for_score(4) is None
    assert d.load_eds("eds2").grade_for_score(0) is None


@pytest.mark.parametrize(
    ("coverage", "expected"),
    [
        ("all", "excelling"),
        ("most", "achieving"),
        ("Some", "developing"),
        ("few", "undeveloped"),
        ("none", "undeveloped"),
        (None, "undeveloped"),  # no evidence
    ],
)
def test_eds2_suggested_grade_from_coverage(coverage, expected):
    eds2 = d.load_eds("eds2")
    assert eds2.coverage_rule is not None and eds2.coverage_rule.status == "confirmed"
    grade = eds2.suggested_grade(coverage)
    assert grade is not None
    assert grade.code == expected


def test_suggested_grade_follows_the_framework_version():
    eds_2011 = d.load_eds("eds-2011")
    assert eds_2011.coverage_rule is not None
    assert eds_2011.coverage_rule.status == "provisional"
    assert eds_2011.suggested_grade("most").code == "achieving"
    # EDS 2022 scores against its own activity descriptions: no coverage rule.
    assert d.load_eds("eds-2022").suggested_grade("all") is None
    with pytest.raises(ValueError, match="not a coverage word"):
        d.load_eds("eds2").suggested_grade("half")


# --------------------------------------------------------------------------------------
# IDMF
# --------------------------------------------------------------------------------------


def test_idmf_six_steps_in_order():
    idmf = d.load_idmf()
    assert [(step.number, step.title) for step in idmf.steps] == [
        (1, "Define"),
        (2, "Evidence"),
        (3, "Engage"),
        (4, "Assess impact"),
        (5, "Mitigate and decide"),
        (6, "Monitor and review"),
    ]
    assert all(step.purpose and step.questions for step in idmf.steps)
    codes = [question.code for question in idmf.questions]
    assert len(codes) == len(set(codes))
    assert {question.type for question in idmf.questions} == set(d.ANSWER_TYPES)


def test_idmf_screening_and_evidence_heat_questions():
    idmf = d.load_idmf()
    assert 3 <= len(idmf.screening.questions) <= 5
    evidence = idmf.step("evidence")
    heat = [q for q in evidence.questions if q.code.startswith("heat-")]
    texts = " ".join(q.text for q in heat).lower()
    for phrase in ("health inequalities exist", "drivers", "reduce", "measure"):
        assert phrase in texts
    assert "Core20" in idmf.question("heat-groups-affected").hint
    assert idmf.question("evidence-by-group").repeat_for == "characteristics"


def test_idmf_impact_values_confidence_psed_and_checklist():
    idmf = d.load_idmf()
    assert [v.code for v in idmf.impact_values] == ["positive", "neutral", "negative", "unknown"]
    assert [c.code for c in idmf.confidence_levels] == ["high", "medium", "low"]
    assert [aim.section for aim in idmf.psed_aims] == [
        "s149(1)(a)",
        "s149(1)(b)",
        "s149(1)(c)",
    ]
    impact = idmf.question("impact-rating")
    assert impact.options_from == "impact_values"
    assert impact.options == idmf.impact_values
    assert idmf.question("impact-psed").repeat_for == "psed_aims"
    assert len(idmf.due_regard_checklist) == 6
    assert idmf.human_rights.prompt
    assert "Article 8" in [article.article for article in idmf.human_rights.articles]


def test_idmf_screening_decides_relevance():
    idmf = d.load_idmf()
    triggering = [q.code for q in idmf.screening.questions if q.triggers_on]
    assert len(triggering) >= 3
    all_no = {code: "no" for code in triggering}
    assert idmf.needs_full_assessment(all_no) is False
    assert idmf.needs_full_assessment({**all_no, triggering[1]: "unsure"}) is True
    assert idmf.needs_full_assessment({**all_no, triggering[0]: "YES"}) is True
    # Unanswered: cannot be screened out.
    assert idmf.needs_full_assessment({code: "no" for code in triggering[1:]}) is True
    with pytest.raises(ValueError, match="not an answer"):
        idmf.needs_full_assessment({**all_no, triggering[0]: "perhaps"})


# --------------------------------------------------------------------------------------
# All files: headers, checksum, purity
# --------------------------------------------------------------------------------------


def test_available_frameworks_lists_every_shipped_file():
    infos = d.available_frameworks()
    assert [info.code for info in infos] == [
        "characteristics",
        "eds-2011",
        "eds2",
        "eds-2022",
        "idmf",
    ]
    for info in infos:
        assert info.version >= 1
        assert info.name and info.source and info.published
        assert len(info.checksum) == 64
        assert info.filename == f"{info.code}.yaml"
    assert len({info.checksum for info in infos}) == 5


def test_checksum_changes_with_content_but_not_with_comments(tmp_path):
    original = (d.DATA_DIR / "eds-2022.yaml").read_text(encoding="utf-8")
    path = tmp_path / "eds-2022.yaml"

    path.write_text(original, encoding="utf-8")
    first = d.load_eds("eds-2022", path=path).checksum
    assert first == d.load_eds("eds-2022").checksum

    path.write_text("# a new comment\n" + original.replace("\n\n", "\n"), encoding="utf-8")
    assert d.load_eds("eds-2022", path=path).checksum == first

    data = shipped("eds-2022")
    data["domains"][0]["outcomes"][0]["statement"] += "."
    changed = d.load_eds("eds-2022", path=write(tmp_path, data, "eds-2022.yaml")).checksum
    assert changed != first

    data = shipped("eds-2022")
    data["version"] = 2
    bumped = d.load_eds("eds-2022", path=write(tmp_path, data, "eds-2022.yaml")).checksum
    assert bumped not in (first, changed)


@pytest.mark.parametrize("code", ["characteristics", "eds-2011", "eds2", "eds-2022", "idmf"])
def test_parse_content_of_a_stored_json_copy_equals_the_file(code):
    # The loader stores the content (e.g. in a JSON column) and parses it back later.
    stored = json.loads(json.dumps(shipped(code)))
    parsed = d.parse_content(stored, filename=f"{code} v1")
    assert parsed.filename == f"{code} v1"
    assert dataclasses.replace(parsed, filename="") == dataclasses.replace(
        d.load_framework(code), filename=""
    )


def test_parse_content_names_the_stored_version_in_errors():
    stored = shipped("eds-2022")
    stored["rating"]["bands"][1]["min"] = 9
    with pytest.raises(FrameworkDataError, match=r"^eds-2022 v3: rating.bands\[1\]: .*gap"):
        d.parse_content(stored, filename="eds-2022 v3")


def test_definitions_module_imports_no_django():
    code = (
        "import sys; import dueregard.frameworks.definitions as m; m.available_frameworks(); "
        "assert not [n for n in sys.modules if n == 'django' or n.startswith('django.')]"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])


# --------------------------------------------------------------------------------------
# Validation: broken files are rejected with precise messages
# --------------------------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _drop_statement(data):
    del data["goals"][0]["outcomes"][1]["statement"]


def _duplicate_outcome(data):
    data["goals"][0]["outcomes"][2]["code"] = "1.2"


def _duplicate_grade_order(data):
    data["grades"][1]["order"] = 3


def _rule_unknown_grade(data):
    data["coverage"]["rule"]["map"]["all"] = "excellent"


def _rule_missing_word(data):
    del data["coverage"]["rule"]["map"]["few"]


def _alias_clash(data):
    data["grades"][2]["aliases"] = ["Excellent"]


def _misspelt_key(data):
    outcome = data["goals"][3]["outcomes"][0]
    outcome["statment"] = outcome.pop("statement")
    outcome["statement"] = "x"


def _outcome_in_wrong_goal(data):
    data["goals"][1]["outcomes"][0]["code"] = "1.6"


def _no_version(data):
    del data["version"]


def _bad_published(data):
    data["published"] = "November 2013"


def _wrong_colour_type(data):
    data["grades"][0]["colour"] = ["red"]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_drop_statement, "goals[0].outcomes[1]: missing required key 'statement'"),
        (_duplicate_outcome, "duplicate outcome code '1.2'"),
        (_duplicate_grade_order, "grade order 3 is used by both 'developing' and 'achieving'"),
        (_rule_unknown_grade, "coverage rule maps 'all' to unknown grade 'excellent'"),
        (_rule_missing_word, "coverage word 'few' has no grade in the rule"),
        (_alias_clash, "duplicate grade label 'excellent'"),
        (_misspelt_key, "unknown key 'statment'"),
        (_outcome_in_wrong_goal, "outcome code '1.6' does not belong to goal '2'"),
        (_no_version, "missing required key 'version'"),
        (_bad_published, "'published' must look like"),
        (_wrong_colour_type, "'colour' must be text, got a list"),
    ],
)
def test_broken_eds2_file_is_rejected(tmp_path, mutate: Mutation, message):
    data = copy.deepcopy(shipped("eds2"))
    mutate(data)
    path = write(tmp_path, data, "eds2.yaml")
    with pytest.raises(FrameworkDataError) as caught:
        d.load_eds("eds2", path=path)
    assert str(caught.value).startswith("eds2.yaml: ")
    assert caught.value.filename == "eds2.yaml"
    assert message in str(caught.value)


def _set_band(index: int, **values: Any) -> Mutation:
    def mutate(data):
        data["rating"]["bands"][index].update(values)

    return mutate


def _band_grade(data):
    data["rating"]["bands"][1]["grade"] = "emerging"


def _max_total(data):
    data["rating"]["max_total"] = 30


def _unscored_grade(data):
    del data["grades"][0]["score"]


def _min_services_without_per_service(data):
    data["domains"][1]["min_services"] = 3


def _per_service_without_aggregation(data):
    del data["domains"][0]["aggregation"]


def _bad_deadline(data):
    data["cycle"]["publication_deadline"] = {"month": 2, "day": 30}


def _goals_key_in_domain_framework(data):
    data["goals"] = data.pop("domains")


def _template_unknown_domain(data):
    data["report_template"]["fields"][-2]["domains"] = ["4"]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_set_band(1, min=7), "rating bands overlap: 'developing' starts at 7 but 'undeveloped'"),
        (_set_band(1, min=9), "rating bands leave a gap: no band covers 8..8"),
        (_set_band(2, max=31), "rating bands leave a gap: no band covers 32..32"),
        (_set_band(3, max=32, min=32), "rating bands overlap"),
        (_set_band(0, min=1), "rating bands must start at 0"),
        (_set_band(2, min=23, max=22), "min 23 is greater than max 22"),
        (_band_grade, "rating band names unknown grade 'emerging'"),
        (_max_total, "max_total 30 does not match 11 outcomes x top score 3 = 33"),
        (_unscored_grade, "either every grade has a score or none has"),
        (_min_services_without_per_service, "'min_services' is given but per_service"),
        (_per_service_without_aggregation, "missing required key 'aggregation'"),
        (_bad_deadline, "month 2 and day 30 are not a date"),
        (_goals_key_in_domain_framework, "outcomes belong under 'domains', not 'goals'"),
        (_template_unknown_domain, "domains names unknown domain '4'"),
    ],
)
def test_broken_eds_2022_file_is_rejected(tmp_path, mutate: Mutation, message):
    data = copy.deepcopy(shipped("eds-2022"))
    mutate(data)
    path = write(tmp_path, data, "eds-2022.yaml")
    with pytest.raises(FrameworkDataError, match=r"^eds-2022\.yaml: ") as caught:
        d.load_eds("eds-2022", path=path)
    assert message in str(caught.value)


def test_band_limits_may_be_edited_as_data(tmp_path):
    # One trust publishes 22-30 for Achieving: shrinking a band is a data change only.
    data = shipped("eds-2022")
    data["rating"]["bands"][2]["max"] = 30
    data["rating"]["bands"][3]["min"] = 31
    eds = d.load_eds("eds-2022", path=write(tmp_path, data, "eds-2022.yaml"))
    assert eds.rating_for_total(30).name == "Achieving"
    assert eds.rating_for_total(31).name == "Excelling"


def _dup_characteristic(data):
    data["characteristics"][3]["code"] = "age"


def _order_not_rising(data):
    data["characteristics"][3]["order"], data["characteristics"][4]["order"] = 5, 4


def _duplicate_order(data):
    data["characteristics"][4]["order"] = 2


def _protected_after_additional(data):
    items = data["characteristics"]
    items[8], items[9] = items[9], items[8]
    items[8]["order"], items[9]["order"] = 9, 10


def _unknown_parent(data):
    data["characteristics"][-1]["parent"] = "inclusion"


def _bad_kind(data):
    data["characteristics"][0]["kind"] = "statutory"


def _bad_slug(data):
    data["characteristics"][0]["code"] = "Age Group"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_dup_characteristic, "duplicate code 'age'"),
        (
            _order_not_rising,
            "order 4 of 'pregnancy-maternity' must be greater than 5 of 'marriage-civil",
        ),
        (
            _duplicate_order,
            "characteristics[4]: duplicate order 2 (first used at characteristics[1])",
        ),
        (_protected_after_additional, "must come before the additional groups"),
        (_unknown_parent, "parent 'inclusion' of 'modern-slavery-victims' is not an earlier"),
        (_bad_kind, "kind 'statutory' must be one of protected, additional"),
        (_bad_slug, "code 'Age Group' is not a valid code"),
    ],
)
def test_broken_characteristics_file_is_rejected(tmp_path, mutate: Mutation, message):
    data = copy.deepcopy(shipped("characteristics"))
    mutate(data)
    path = write(tmp_path, data, "characteristics.yaml")
    with pytest.raises(FrameworkDataError, match=r"^characteristics\.yaml: ") as caught:
        d.load_characteristics(path)
    assert message in str(caught.value)


def _dup_question(data):
    data["steps"][5]["questions"][0]["code"] = "define-title"


def _choice_without_options(data):
    del data["steps"][0]["questions"][1]["options"]


def _bad_trigger(data):
    data["screening"]["questions"][0]["triggers_on"] = ["maybe"]


def _step_number(data):
    data["steps"][2]["number"] = 4


def _bad_options_from(data):
    data["steps"][3]["questions"][0]["options_from"] = "ratings"


def _bad_answer_type(data):
    data["steps"][0]["questions"][0]["type"] = "number"


def _required_missing(data):
    del data["steps"][0]["questions"][0]["required"]


def _repeat_in_screening(data):
    data["screening"]["questions"][0]["repeat_for"] = "characteristics"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_dup_question, "duplicate question code 'define-title'"),
        (_choice_without_options, "a choice question needs 'options' or 'options_from'"),
        (_bad_trigger, "triggers_on names 'maybe', which is not an answer (yes, no, unsure)"),
        (_step_number, "step 'engage' is number 4 but is step 3 in the file"),
        (_bad_options_from, "options_from 'ratings' must be one of"),
        (_bad_answer_type, "type 'number' must be one of text, long_text, yes_no, date, choice"),
        (_required_missing, "missing required key 'required'"),
        (_repeat_in_screening, "screening questions are answered once"),
    ],
)
def test_broken_idmf_file_is_rejected(tmp_path, mutate: Mutation, message):
    data = copy.deepcopy(shipped("idmf"))
    mutate(data)
    path = write(tmp_path, data, "idmf.yaml")
    with pytest.raises(FrameworkDataError, match=r"^idmf\.yaml: ") as caught:
        d.load_idmf(path)
    assert message in str(caught.value)


def test_duplicate_yaml_key_is_rejected(tmp_path):
    path = tmp_path / "eds2.yaml"
    text = (d.DATA_DIR / "eds2.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("version: 1\n", "version: 1\nversion: 2\n"), encoding="utf-8")
    with pytest.raises(FrameworkDataError, match=r"^eds2\.yaml: invalid YAML.*duplicate key"):
        d.load_eds("eds2", path=path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("framework: eds2\ngoals: [\n", "invalid YAML"),
        ("- just\n- a list\n", "expected a mapping at the top, got a list"),
        ("", "expected a mapping at the top, got nothing"),
        ("framework: wres\n", "unknown framework 'wres'"),
        ("version: 1\n", "missing required key 'framework'"),
    ],
)
def test_unreadable_files_are_rejected(tmp_path, text, message):
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkDataError, match=r"^broken\.yaml: ") as caught:
        d.load_file(path)
    assert message in str(caught.value)


def test_unquoted_date_is_rejected_so_content_stays_json_safe(tmp_path):
    path = tmp_path / "eds2.yaml"
    text = (d.DATA_DIR / "eds2.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace('published: "2013-11"', "published: 2013-11-01"), "utf-8")
    with pytest.raises(FrameworkDataError, match="'published' must be text, got a date"):
        d.load_eds("eds2", path=path)


def test_missing_file_and_mismatched_framework_are_rejected(tmp_path):
    with pytest.raises(FrameworkDataError, match=r"^eds2\.yaml: file not found"):
        d.load_eds("eds2", path=tmp_path / "eds2.yaml")
    path = write(tmp_path, shipped("eds-2022"), "eds2.yaml")
    with pytest.raises(FrameworkDataError, match="framework is 'eds-2022' but 'eds2' was asked"):
        d.load_eds("eds2", path=path)


def test_load_file_dispatches_on_the_framework_header(tmp_path):
    assert isinstance(d.load_file(d.DATA_DIR / "idmf.yaml"), d.IdmfFramework)
    assert isinstance(d.load_file(d.DATA_DIR / "eds2.yaml"), d.EdsFramework)
    assert isinstance(d.load_file(d.DATA_DIR / "characteristics.yaml"), d.Characteristics)
    assert d.load_framework("eds-2011") == d.load_eds("eds-2011")
