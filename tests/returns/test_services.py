"""The yearly cycle's rules: deadlines and definitions, uploads, stages, the plan."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dueregard.core.models import AuditEvent
from dueregard.returns.models import Stage
from dueregard.returns.services import cycle, document, figures
from dueregard.returns.services import system as system_view

from .helpers import FIXTURE, actor_for, approved, checked, fill, make_year, narrate


@pytest.fixture
def lead(org_a, make_user):
    return actor_for(org_a, make_user)


def test_start_pins_definitions_and_national_deadlines(org_a, lead):
    ry = make_year(org_a, lead, year=2026)
    assert ry.definitions_version == "2025"  # the latest published for 2026 or before
    assert ry.snapshot_date == dt.date(2026, 3, 31)
    assert ry.submission_deadline == dt.date(2026, 5, 31)
    assert ry.publication_deadline == dt.date(2026, 10, 31)
    assert AuditEvent.objects.filter(action="returns.started").count() == 1
    with pytest.raises(ValidationError, match="already been started"):
        make_year(org_a, lead, year=2026)
    with pytest.raises(ValidationError, match="no WRES definitions for 2024"):
        make_year(org_a, lead, year=2024)


def test_survey_upload_stores_figures_and_rejects_bad_files(org_a, lead):
    ry = make_year(org_a, lead)
    assert cycle.load_survey(ry, FIXTURE.read_bytes(), "s.csv", actor=lead) == 16
    table = figures.survey_indicators(ry)
    bme8 = table["8"][0]
    assert (bme8.group, bme8.percentage, bme8.base) == ("BME", 12.1, 449)
    assert bme8.lower95 < 12.1 < bme8.upper95
    with pytest.raises(ValidationError) as err:
        cycle.load_survey(
            ry, b"indicator,group,percentage,base\n5,BME,140,0\n", "s.csv", actor=lead
        )
    assert "Row 2: percentage '140' must be a number from 0 to 100" in err.value.messages
    early = make_year(org_a, lead, year=2025)
    with pytest.raises(ValidationError, match="figures for 2026, after this return's year 2025"):
        cycle.load_survey(early, FIXTURE.read_bytes(), "s.csv", actor=lead)


def test_board_register_against_the_group(org_a, lead):
    ry = fill(make_year(org_a, lead), lead)
    rows = {r.label: r for r in figures.board(ry)}
    assert rows["Voting members"].percentage == 50.0
    assert rows["Executive members"].percentage == 100.0
    assert rows["All board members"].difference_pp is None  # no workforce figure linked
    with pytest.raises(ValidationError):
        cycle.add_seat(ry, role="X", voting=True, executive=False, group="Disabled", actor=lead)


def test_validation_lists_what_is_missing(org_a, lead):
    ry = make_year(org_a, lead)
    with pytest.raises(ValidationError) as err:
        cycle.validate(ry, actor=lead)
    text = " ".join(err.value.messages)
    assert "Link the WRES analysis" in text
    assert "Survey indicator 5 has no figure for BME." in text
    assert "Enter the board register." in text
    fill(ry, lead)
    assert cycle.missing(ry) == [cycle.missing(ry)[0]]  # only the evidence pack remains


def test_approval_needs_every_narrative_and_freezes_the_year(org_a, lead):
    ry = checked(fill(make_year(org_a, lead), lead), lead)
    with pytest.raises(ValidationError, match="Write the narrative for indicator"):
        cycle.approve(ry, body="Board", chair="Chair", approved_on=dt.date(2026, 9, 1), actor=lead)
    narrate(ry, lead)
    with pytest.raises(ValidationError, match="future"):
        cycle.approve(ry, body="Board", chair="Chair", approved_on=dt.date(2999, 1, 1), actor=lead)
    cycle.approve(ry, body="Board", chair="Chair", approved_on=dt.date(2026, 9, 1), actor=lead)
    assert ry.stage == Stage.APPROVED
    with pytest.raises(ValidationError, match="approved by the board"):
        cycle.add_seat(ry, role="X", voting=True, executive=False, group="BME", actor=lead)
    cycle.publish(ry, actor=lead)
    assert ry.stage == Stage.PUBLISHED and ry.slug and cycle.published(ry.slug) == ry


def test_publish_needs_approval(org_a, lead):
    ry = fill(make_year(org_a, lead), lead)
    with pytest.raises(ValidationError, match="approved by the board can be published"):
        cycle.publish(ry, actor=lead)


def test_changing_checked_data_sends_the_year_back(org_a, lead):
    ry = checked(fill(make_year(org_a, lead), lead), lead)
    cycle.add_seat(ry, role="NED", voting=True, executive=False, group="White", actor=lead)
    assert ry.stage == Stage.COLLECTING


def test_actions_carry_until_done(org_a, lead):
    y1 = make_year(org_a, lead, year=2025)
    y2 = make_year(org_a, lead, year=2026)
    a = cycle.add_action(
        y1,
        indicator="2",
        description="Panels",
        owner_name="HR",
        due_date=dt.date(2026, 6, 1),
        actor=lead,
    )
    assert list(cycle.plan(y2)) == [a]
    cycle.complete_action(a, y2, actor=lead)
    assert list(cycle.plan(y2)) == [a]  # shown as done in the year it was done
    y3 = make_year(org_a, lead, year=2027)
    assert list(cycle.plan(y3)) == []
    with pytest.raises(ValidationError, match="already done"):
        cycle.complete_action(a, y3, actor=lead)


def test_trends_over_two_years_with_significance(org_a, lead):
    ry = fill(make_year(org_a, lead), lead)
    lines = {(t.indicator, t.group, t.year): t for t in figures.trends(ry)}
    t = lines[("8", "BME", 2026)]
    assert t.change == pytest.approx(54 / 449 * 100 - 62 / 406 * 100)
    assert t.beyond_chance is False
    assert lines[("8", "BME", 2025)].change is None
    doc = document.build(ry)
    captions = [b.caption for b in doc.tables]
    assert any(c.startswith("Survey indicators over the years") for c in captions)


def test_document_has_every_indicator_in_order(org_a, lead):
    ry = approved(fill(make_year(org_a, lead), lead), lead)
    headings = [b.text for b in document.build(ry).blocks if b.kind == "heading"]
    assert headings[:9] == [h for h in headings if h.startswith("Indicator ")][:9]
    assert headings[0].startswith("Indicator 1:") and headings[8].startswith("Indicator 9:")


def test_system_view_funnel_and_late_returns(system, org_a, make_user):
    from dueregard.core.models import Organisation, OrganisationType

    org_c = Organisation.objects.create(
        system=system, name="Gamma NHS Trust", ods_code="CCC", type=OrganisationType.NHS_TRUST
    )
    Organisation.objects.create(  # councils make no WRES return: never listed as late
        system=system, name="Delta Council", ods_code="DDD", type=OrganisationType.COUNCIL
    )
    lead = actor_for(org_a, make_user)
    fill(make_year(org_a, lead), lead)
    lead_c = actor_for(org_c, make_user, "c@example.nhs.uk")
    fill(make_year(org_c, lead_c), lead_c)
    from dueregard.returns.models import ReturnYear

    returns = list(ReturnYear.objects.select_related("organisation"))
    views = system_view.indicator_views(returns, "WRES", 2026)
    assert [v["code"] for v in views] == ["5", "6", "7", "8"]
    assert len(views[0]["rows"]) == 2 and views[0]["funnel"]["limits"]
    late = system_view.late_returns(
        Organisation.objects.filter(system=system),
        returns,
        "WRES",
        2026,
        today=dt.date(2026, 11, 1),
    )
    assert {entry.organisation for entry in late} == {"Alpha NHS Trust", "Gamma NHS Trust"}
    assert (
        system_view.late_returns(
            Organisation.objects.filter(system=system),
            returns,
            "WRES",
            2026,
            today=dt.date(2026, 10, 1),
        )
        == []
    )


def test_reminders_at_the_milestones_once_a_day(org_a, lead):
    from dueregard.core.models import Notification
    from dueregard.returns.services.reminders import send_reminders

    make_year(org_a, lead)  # submission 31 May 2026, publication 31 October 2026
    assert send_reminders(dt.date(2026, 5, 20)) == 0
    assert send_reminders(dt.date(2026, 5, 17)) == 1  # 14 days before the submission
    assert send_reminders(dt.date(2026, 5, 17)) == 0  # once a day
    note = Notification.objects.get()
    assert "submit the data by 31 May 2026" in note.subject
    assert send_reminders(dt.date(2026, 10, 30)) == 1  # 1 day before publication


def test_a_wdes_year_has_its_own_indicators_and_groups(org_a, lead):
    ry = make_year(org_a, lead, standard="WDES")
    assert cycle.board_groups(ry) == ["Disabled", "Non-disabled", "Unknown"]
    rows = ["indicator,group,percentage,base"]
    for code in ("4a(i)", "4a(ii)", "4a(iii)", "4b", "5", "6", "7"):
        rows += [f"{code},Disabled,30.0,200", f"{code},Non-disabled,25.0,1000"]
    rows.append("8,Disabled,70.0,190")  # reasonable adjustments: disabled staff only
    cycle.load_survey(ry, ("\n".join(rows) + "\n").encode(), "wdes.csv", actor=lead)
    gaps = cycle.missing(ry)
    assert not any("Survey indicator" in g for g in gaps)  # 8 is for disabled staff only
    with pytest.raises(ValidationError, match="indicator 8 is reported for Disabled only"):
        cycle.load_survey(
            ry, b"indicator,group,percentage,base\n8,Non-disabled,1,10\n", "w.csv", actor=lead
        )
    cycle.add_seat(ry, role="Chair", voting=True, executive=False, group="Disabled", actor=lead)
    headings = [b.text for b in document.build(ry).blocks if b.kind == "heading"]
    codes = [
        h.split(":")[0].removeprefix("Indicator ") for h in headings if h.startswith("Indicator")
    ]
    assert codes == [
        "1",
        "2",
        "3",
        "4a(i)",
        "4a(ii)",
        "4a(iii)",
        "4b",
        "5",
        "6",
        "7",
        "8",
        "9a",
        "9b",
        "10",
    ]
