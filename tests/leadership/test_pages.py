"""The dashboard, its download, the objectives and their measures, the hook from the
evidence workspace, and the Census profile in IDMF step 2 and EDS Domain 1."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from dueregard.core.models import AuditEvent
from dueregard.core.roles import Role
from dueregard.evidence import imported
from dueregard.evidence.models import Dataset
from dueregard.leadership.models import Measure, Snapshot
from dueregard.leadership.services import snapshots

from .helpers import load_working_age_census, serve_census_areas, small_board, staff_rows


@pytest.fixture
def board_member_a(make_user, org_a):
    return make_user("board.a@example.nhs.uk", Role.BOARD_MEMBER, organisation=org_a)


def test_dashboard_shows_stars_for_a_small_board_and_the_gap(client_for, board_member_a, org_a):
    small_board(org_a)
    serve_census_areas(org_a)
    page = client_for(board_member_a).get(reverse("leadership:index")).content.decode()
    board = page.split('id="level-board"')[1].split("</tr>")[0]
    assert '<td class="nhsuk-table__cell--numeric">*</td>' in board
    assert ">1<" not in board and ">11<" not in board and "8.3" not in board
    band = page.split('id="level-band_8a"')[1].split("</tr>")[0]
    assert "30.0%" in band and "21.9% to 39.6%" in band and "−7.5" in band
    assert "37.5%" in page.split('id="population-share"')[1].split("</p>")[0]
    assert "every usual resident of the areas served" in page  # said plainly
    assert "Hartlepool (E06000001)" in page


def test_download_holds_only_published_figures(client_for, board_member_a, org_a):
    small_board(org_a)
    serve_census_areas(org_a)
    response = client_for(board_member_a).get(reverse("leadership:download-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    board = [r for r in rows if r[1] == "Board" and r[2] == "Ethnicity"]
    minority = next(r for r in board if r[3] == "Ethnic minority")
    assert minority[4] == "*" and minority[5] == "*"
    assert {r[4] for r in rows[1:]} <= {"*"} | {str(n) for n in range(0, 10000, 5)}
    band = next(r for r in rows if r[:4] == ["2025-26", "Band 8a", "Ethnicity", "Ethnic minority"])
    assert band[4:] == ["30", "30.0", "21.9", "39.6", "37.5", "-7.5"]
    xlsx = client_for(board_member_a).get(reverse("leadership:download-xlsx"))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_working_age_residents_when_loaded_for_every_area(client_for, board_member_a, org_a):
    small_board(org_a)
    serve_census_areas(org_a)
    load_working_age_census(org_a)
    client = client_for(board_member_a)
    page = client.get(reverse("leadership:index")).content.decode()
    assert "50.0%" in page.split('id="population-share"')[1].split("</p>")[0]
    assert "aged 16 to 64" in page.split('id="population-share"')[1].split("</p>")[0]
    note = page.split('id="comparison-note"')[1].split("</p>")[0]
    assert "aged 16 to 64" in note and "every usual resident" not in note
    band = page.split('id="level-band_8a"')[1].split("</tr>")[0]
    assert "30.0%" in band and "−20.0" in band
    response = client.get(reverse("leadership:download-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert (
        rows[0][8] == "Residents of the areas served (%, Census 2021 usual residents aged 16 to 64)"
    )
    band = next(r for r in rows if r[:4] == ["2025-26", "Band 8a", "Ethnicity", "Ethnic minority"])
    assert band[8:] == ["50.0", "-20.0"]


def test_all_residents_unless_every_area_has_working_age(client_for, board_member_a, org_a):
    from dueregard.population.models import ServedArea

    small_board(org_a)
    serve_census_areas(org_a)
    load_working_age_census(org_a)  # Hartlepool only; Cardiff is served too
    ServedArea.objects.create(system=org_a.system, organisation=org_a, code="W06000015")
    client = client_for(board_member_a)
    page = client.get(reverse("leadership:index")).content.decode()
    assert "every usual resident of the areas served" in page
    assert "aged 16 to 64" not in page.split('id="population-share"')[1].split("</p>")[0]
    response = client.get(reverse("leadership:download-csv"))
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[8] == "Residents of the areas served (%, Census 2021 all usual residents)"


def test_years_follow_each_other_and_a_later_file_replaces_its_year(org_a):
    small_board(org_a, "2024-25")
    small_board(org_a, "2025-26")
    small_board(org_a, "2025-26")
    from dueregard.core.tenancy import Scope

    years = snapshots.series(Scope(None, org_a.system, org_a))
    assert [y["period"] for y in years] == ["2024-25", "2025-26"]
    assert AuditEvent.objects.filter(action="leadership.snapshot_replaced").count() == 1


def test_every_imported_staff_snapshot_is_taken(org_a):
    assert snapshots.on_import in imported._LISTENERS
    dataset = Dataset.objects.create(
        system=org_a.system, organisation=org_a, name="Staff", kind="wf-staff", period="2023-24"
    )
    imported.notify(dataset, staff_rows({("Band 8a", False, "A"): 10}))
    snap = Snapshot.objects.get(organisation=org_a, period="2023-24")
    assert snap.dataset == dataset and snap.staff == 10
    no_year = Dataset.objects.create(system=org_a.system, organisation=org_a, kind="wf-staff")
    imported.notify(no_year, staff_rows({("Band 8a", False, "A"): 10}))
    other = Dataset.objects.create(
        system=org_a.system, organisation=org_a, kind="uptake", period="2022-23"
    )
    imported.notify(other, staff_rows({("Band 8a", False, "A"): 10}))
    assert Snapshot.objects.count() == 1


def test_system_scope_adds_its_organisations(client_for, make_user, org_a, system):
    from dueregard.core.models import Organisation

    org_c = Organisation.objects.create(system=system, name="Gamma", ods_code="CCC")
    small_board(org_a)
    small_board(org_c)
    admin = make_user("sys@example.nhs.uk", Role.SYSTEM_ADMIN, system=system)
    client = client_for(admin)
    session = client.session
    session["scope"] = f"system:{system.pk}"
    session.save()
    page = client.get(reverse("leadership:index")).content.decode()
    assert "Added up over 2 organisations" in page


def test_choose_a_measure_and_see_its_trend(client_for, edi_lead_a, org_a):
    small_board(org_a, "2024-25")
    small_board(org_a, "2025-26")
    client = client_for(edi_lead_a)
    url = reverse("leadership:objectives")
    response = client.post(
        url,
        {"objective": "pace", "code": "minority_8a_9", "target": "35", "target_year": "2030-31"},
    )
    assert response.status_code == 302
    measure = Measure.objects.get(organisation=org_a)
    assert AuditEvent.objects.filter(action="leadership.measure_added").exists()
    page = client.get(url).content.decode()
    trend = page.split('id="trend-minority_8a_9-pace"')[1].split("</table>")[0]
    assert trend.count("30.0%") == 2 and "2024-25" in trend and "2025-26" in trend
    again = client.post(
        url,
        {"objective": "pace", "code": "minority_8a_9", "target": "35", "target_year": "2030-31"},
    )
    assert again.status_code == 400
    assert "already chosen" in again.content.decode()
    remove = client.post(reverse("leadership:remove-measure", args=[measure.pk]))
    assert remove.status_code == 302 and not Measure.objects.exists()
    assert AuditEvent.objects.filter(action="leadership.measure_removed").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"objective": "", "code": "wres9", "target": "1", "target_year": "2030-31"},
            "Choose the objective",
        ),
        (
            {"objective": "pace", "code": "nope", "target": "1", "target_year": "2030-31"},
            "Choose a measure from the list",
        ),
        (
            {
                "objective": "pace",
                "code": "minority_board",
                "target": "150",
                "target_year": "2030-31",
            },
            "Enter a target from 0 to 100",
        ),
        (
            {"objective": "pace", "code": "board_gap", "target": "-101", "target_year": "2030-31"},
            "Enter a target from -100 to 100",
        ),
        (
            {"objective": "pace", "code": "wres9", "target": "ten", "target_year": "2030-31"},
            "Enter the target as a number",
        ),
        (
            {"objective": "pace", "code": "wres9", "target": "1", "target_year": "2030"},
            "like 2030-31",
        ),
        (
            {"objective": "pace", "code": "wres9", "target": "1", "target_year": "2030-32"},
            "like 2030-31",
        ),
    ],
)
def test_measure_form_says_what_is_wrong(client_for, edi_lead_a, data, message):
    response = client_for(edi_lead_a).post(reverse("leadership:objectives"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "nhsuk-error-summary" in response.content.decode()
    assert not Measure.objects.exists()


def test_only_edi_leads_choose_measures(client_for, staff_a, org_a):
    client = client_for(staff_a)
    assert client.get(reverse("leadership:objectives")).status_code == 200
    assert "Add a measure" not in client.get(reverse("leadership:objectives")).content.decode()
    data = {"objective": "pace", "code": "wres9", "target": "1", "target_year": "2030-31"}
    assert client.post(reverse("leadership:objectives"), data).status_code == 404
    assert not Measure.objects.exists()


def test_idmf_step_two_shows_who_lives_here(client_for, make_user, org_a):
    from dueregard.idmf.services import decisions
    from tests.idmf.helpers import RELEVANT, make_decision

    call_command("load_frameworks", verbosity=0)
    lead = make_user("project.lead@example.nhs.uk", Role.STAFF, organisation=org_a)
    decision = make_decision(org_a, lead)
    decisions.screen(decision.current_assessment(), RELEVANT, actor=lead)
    url = reverse("idmf:step", kwargs={"pk": decision.pk, "step": "evidence"})
    assert 'id="who-lives-here"' not in client_for(lead).get(url).content.decode()
    serve_census_areas(org_a)
    page = client_for(lead).get(url).content.decode()
    assert 'id="who-lives-here"' in page and "Hartlepool (E06000001)" in page
    assert "3,070" in page and reverse("population:index") in page


def test_eds_domain_one_offers_the_profile_as_evidence(client_for, edi_lead_a, org_a):
    from dueregard.core.tenancy import Scope
    from dueregard.eds.models import Evidence
    from dueregard.eds.services import assessments

    call_command("load_frameworks", verbosity=0)
    scope = Scope(edi_lead_a.pk, org_a.system, org_a, frozenset({Role.EDI_LEAD}))
    assessment = assessments.create(
        scope, edi_lead_a, framework_code="eds-2022", title="EDS", period="2025-26"
    )
    client = client_for(edi_lead_a)
    serve_census_areas(org_a)
    page = client.get(reverse("eds:outcome", args=[assessment.pk, "1A"])).content.decode()
    assert "Add a service to attach these figures" in page
    service = assessments.add_service(assessment, edi_lead_a, "Maternity")
    page = client.get(reverse("eds:outcome", args=[assessment.pk, "1A"])).content.decode()
    assert 'id="who-lives-here"' in page and "Hartlepool (E06000001)" in page
    other = client.get(reverse("eds:outcome", args=[assessment.pk, "2A"])).content.decode()
    assert 'id="who-lives-here"' not in other
    url = reverse("eds:add-population-evidence", args=[assessment.pk, "1A"])
    response = client.post(f"{url}?service={service.pk}")
    assert response.status_code == 302
    [item] = [e for e in Evidence.objects.all() if e.outcome_code == "1A"]
    assert "Hartlepool (E06000001)" in item.text and "3,070" in item.text
    assert item.service == service
    assert (
        client.post(reverse("eds:add-population-evidence", args=[assessment.pk, "2A"])).status_code
        == 404
    )


def test_programme_reach_counts_mentoring_pairs_by_reporting_year(org_a):
    import datetime as dt

    from django.utils import timezone

    from dueregard.core.tenancy import Scope
    from dueregard.leadership.services.catalogue import CATALOGUE
    from dueregard.mentoring.models import Partnership, Side
    from tests.mentoring.helpers import make_application, make_programme

    assert snapshots.reporting_year(dt.date(2025, 3, 31)) == "2024-25"
    assert snapshots.reporting_year(dt.date(2025, 4, 1)) == "2025-26"
    small_board(org_a, "2024-25")
    small_board(org_a, "2025-26")
    programme = make_programme(org_a)
    when = timezone.make_aware(dt.datetime(2025, 6, 1, 12))
    for i in range(9):
        Partnership.objects.create(
            programme=programme,
            leader=make_application(programme, Side.LEADER, i, org=org_a),
            partner=make_application(programme, Side.PARTNER, i, org=org_a),
            status="active",
            introduced_at=when if i < 8 else when.replace(year=2024),
        )
    years = snapshots.series(Scope(None, org_a.system, org_a))
    points = [CATALOGUE["mentoring_pairs"].compute(y["counts"], None) for y in years]
    # 2024-25: one pair, suppressed; 2025-26: eight pairs, rounded to 10
    assert points == [{"value": None, "suppressed": True}, {"value": 10.0, "suppressed": False}]
