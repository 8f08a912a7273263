"""The cycle's pages: permissions, errors re-rendered with 400, the flow, the public page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dueregard.core.roles import Role
from dueregard.returns.models import Stage
from dueregard.returns.services import cycle

from .helpers import FIXTURE, actor_for, approved, fill, make_year


@pytest.fixture
def lead(org_a, make_user):
    return actor_for(org_a, make_user)


def test_staff_may_not_see_returns(client_for, staff_a):
    assert client_for(staff_a).get(reverse("returns:index")).status_code == 403


def test_board_member_reads_but_cannot_change(client_for, org_a, make_user, lead):
    ry = make_year(org_a, lead)
    member = make_user("board@example.nhs.uk", Role.BOARD_MEMBER, organisation=org_a)
    client = client_for(member)
    assert client.get(reverse("returns:detail", args=[ry.pk])).status_code == 200
    assert client.get(reverse("returns:survey", args=[ry.pk])).status_code == 403


def test_start_errors_and_success(client_for, lead):
    client = client_for(lead)
    response = client.post(reverse("returns:index"), {"standard": "", "year": ""})
    assert response.status_code == 400
    assert "Choose WRES or WDES" in response.content.decode()
    response = client.post(reverse("returns:index"), {"standard": "WDES", "year": "2026"})
    assert response.status_code == 302
    again = client.post(reverse("returns:index"), {"standard": "WDES", "year": "2026"})
    assert again.status_code == 400 and "already been started" in again.content.decode()


def test_survey_upload_errors_are_shown(client_for, org_a, lead):
    ry = make_year(org_a, lead)
    client = client_for(lead)
    url = reverse("returns:survey", args=[ry.pk])
    assert client.post(url, {}).status_code == 400
    bad = SimpleUploadedFile("s.csv", b"indicator,group,percentage,base\n5,Asian,10,20\n")
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    assert "group &#39;Asian&#39; is not one of BME, White" in response.content.decode()
    wrong = SimpleUploadedFile("s.pdf", b"%PDF")
    assert "must be a CSV or XLSX" in client.post(url, {"file": wrong}).content.decode()
    good = SimpleUploadedFile("s.csv", FIXTURE.read_bytes())
    assert client.post(url, {"file": good}).status_code == 302
    page = client.get(reverse("returns:detail", args=[ry.pk])).content.decode()
    assert "16 survey figures loaded." in page
    assert "Survey indicators over the years" in page


def test_board_register_page(client_for, org_a, lead):
    ry = make_year(org_a, lead)
    client = client_for(lead)
    url = reverse("returns:board", args=[ry.pk])
    assert client.post(url, {"role": "", "group": ""}).status_code == 400
    ok = client.post(url, {"role": "Chair", "voting": "on", "group": "BME"})
    assert ok.status_code == 302
    seat = cycle.seats(ry).get()
    assert (seat.role, seat.voting, seat.executive, seat.group) == ("Chair", True, False, "BME")
    client.post(reverse("returns:seat-remove", args=[ry.pk, seat.pk]))
    assert not cycle.seats(ry).exists()


def test_validate_lists_missing(client_for, org_a, lead):
    ry = make_year(org_a, lead)
    response = client_for(lead).post(reverse("returns:validate", args=[ry.pk]), follow=True)
    assert "Enter the board register." in response.content.decode()


def test_narrative_action_approve_publish_and_public_page(client_for, org_a, lead, make_user):
    ry = fill(make_year(org_a, lead), lead)
    ry.stage = Stage.VALIDATED
    ry.save()
    client = client_for(lead)
    url = reverse("returns:narrative", kwargs={"pk": ry.pk, "code": "5"})
    assert client.post(url, {"text": ""}).status_code == 400
    assert client.post(url, {"text": "Fewer BME staff report harassment."}).status_code == 302
    assert (
        client.get(reverse("returns:narrative", kwargs={"pk": ry.pk, "code": "99"})).status_code
        == 404
    )
    new = reverse("returns:action-new", args=[ry.pk])
    assert (
        client.post(new, {"indicator": "5", "description": "", "owner_name": ""}).status_code == 400
    )
    data = {
        "indicator": "5",
        "description": "Bystander training",
        "owner_name": "HR",
        "due_date_0": "1",
        "due_date_1": "4",
        "due_date_2": "2027",
    }
    assert client.post(new, data).status_code == 302
    approve = reverse("returns:approve", args=[ry.pk])
    form = {
        "body": "Trust board",
        "chair": "Chair",
        "approved_on_0": "1",
        "approved_on_1": "9",
        "approved_on_2": "2026",
    }
    refused = client.post(approve, form)
    assert refused.status_code == 400 and "Write the narrative" in refused.content.decode()
    for code in ("1", "2", "3", "4", "6", "7", "8", "9"):
        cycle.set_narrative(ry, code, "Text.", actor=lead)
    assert client.post(approve, form).status_code == 302
    client.post(reverse("returns:publish", args=[ry.pk]))
    ry.refresh_from_db()
    assert ry.stage == Stage.PUBLISHED
    client.logout()
    public = client.get(reverse("returns:public", args=[ry.slug]))
    assert public.status_code == 200
    body = public.content.decode()
    assert "Fewer BME staff report harassment." in body and "Bystander training" in body
    js = client.get(reverse("returns:public-download", args=[ry.slug, "json"]))
    assert js.status_code == 200 and b"Indicator 5" in js.content
    assert client.get(reverse("returns:public", args=["nope"])).status_code == 404


def test_unpublished_year_has_no_public_page(client, org_a, lead):
    ry = approved(fill(make_year(org_a, lead), lead), lead)
    ry.slug = "not-yet"
    ry.save()
    assert client.get(reverse("returns:public", args=["not-yet"])).status_code == 404


def test_system_view_needs_system_scope(client_for, system, make_user, org_a, lead):
    fill(make_year(org_a, lead), lead)
    assert client_for(lead).get(reverse("returns:system")).status_code == 403
    admin = make_user("admin@example.nhs.uk", Role.SYSTEM_ADMIN, system=system)
    response = client_for(admin).get(reverse("returns:system") + "?standard=WRES&year=2026")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Alpha NHS Trust" in body and "WRES 8" in body
    assert client_for(admin).get(reverse("returns:system") + "?year=abc").status_code == 200


def test_download_formats(client_for, org_a, lead):
    ry = fill(make_year(org_a, lead), lead)
    client = client_for(lead)
    csv = client.get(reverse("returns:download", args=[ry.pk, "csv"]))
    assert csv.status_code == 200 and b"BME" in csv.content
    assert client.get(reverse("returns:download", args=[ry.pk, "exe"])).status_code == 404


def _paygap_analysis(org, user, *, period="2025-26"):
    """A finished pay gap pack holding the hand-worked example of the analytics tests."""
    import pandas as pd

    from dueregard.analytics.workforce.metrics import gender_pay_gap
    from dueregard.evidence.models import Analysis, Dataset

    men, women = [10, 12, 15, 25], [9, 11, 13, 14]
    pay = pd.DataFrame(
        [("Male", v, 1) for v in men] + [("Female", v, 1) for v in women],
        columns=["group", "hourly", "n"],
    )
    bonus = pd.DataFrame(
        {"group": ["Male", "Male", "Female"], "bonus_pay": [100.0, 300.0, 100.0], "n": [1, 1, 1]}
    )
    t = gender_pay_gap(pay, bonus, {"Male": 4, "Female": 4})
    table = {
        "name": "gender_pay_gap",
        "title": "Gender pay gap",
        "note": "",
        "columns": ["measure", "value"],
        "rows": [[m, float(v)] for m, v in zip(t["measure"], t["value"], strict=True)],
        "summary": None,
    }
    dataset = Dataset.objects.create(
        organisation=org,
        system=org.system,
        name="Staff",
        kind="wf-staff",
        original_name="s.csv",
        checksum="0" * 64,
    )
    return Analysis.objects.create(
        organisation=org,
        system=org.system,
        dataset=dataset,
        kind="paygap",
        title="Pay gaps",
        input_checksum="0" * 64,
        status=Analysis.Status.READY,
        result={"period": period, "tables": [table], "published": [table]},
    )


def test_gender_pay_gap_sheet_page_and_download(client_for, org_a, lead):
    client = client_for(lead)
    empty = client.get(reverse("returns:gpg"))
    assert empty.status_code == 200 and "No pay gap analysis yet" in empty.content.decode()
    analysis = _paygap_analysis(org_a, lead)
    body = client.get(reverse("returns:gpg")).content.decode()
    assert "31 March 2025" in body and "30 March 2026" in body  # public sector rule
    assert "Mean gender pay gap in hourly pay" in body and "24.2" in body
    csv = client.get(reverse("returns:gpg") + f"?analysis={analysis.pk}&format=csv")
    text = csv.content.decode("utf-8-sig")
    assert "Mean gender pay gap in hourly pay,24.2" in text
    assert "Median gender pay gap in hourly pay,11.1" in text
    assert "Upper quartile,,100.0,0.0" in text
    xlsx = client.get(reverse("returns:gpg") + f"?analysis={analysis.pk}&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_gender_pay_gap_sheet_says_what_is_wrong(client_for, org_a, lead):
    analysis = _paygap_analysis(org_a, lead, period="")
    analysis.parameters = {}
    analysis.save()
    body = client_for(lead).get(reverse("returns:gpg")).content.decode()
    assert "no reporting year" in body


def test_board_register_upload(client_for, org_a, lead):
    ry = make_year(org_a, lead)
    client = client_for(lead)
    url = reverse("returns:board-upload", args=[ry.pk])
    assert "Choose the board register file" in client.post(url, {}).content.decode()
    bad = SimpleUploadedFile("b.csv", b"role,voting,executive,group\n,maybe,no,Asian\n")
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Row 2: the role is empty" in body
    assert "Row 2: voting must be yes or no" in body
    assert "Row 2: group must be one of BME, White, Unknown" in body
    lacking = SimpleUploadedFile("b.csv", b"role,group\nChair,White\n")
    assert (
        "needs the columns: voting, executive"
        in client.post(url, {"file": lacking}).content.decode()
    )
    good = SimpleUploadedFile(
        "b.csv", b"Role,Voting,Executive,Group\nChair,yes,no,White\nChief executive,Yes,Yes,BME\n"
    )
    assert client.post(url, {"file": good}).status_code == 302
    assert [(s.role, s.voting, s.executive, s.group) for s in cycle.seats(ry)] == [
        ("Chief executive", True, True, "BME"),
        ("Chair", True, False, "White"),
    ]


def test_publishing_warns_once_about_small_numbers_in_narratives(client_for, org_a, lead):
    from dueregard.returns.models import Narrative

    ry = approved(fill(make_year(org_a, lead), lead), lead)
    Narrative.objects.filter(return_year=ry, indicator="5").update(
        text="Only 3 staff reported harassment."
    )
    client = client_for(lead)
    url = reverse("returns:publish", args=[ry.pk])
    first = client.post(url, follow=True)
    ry.refresh_from_db()
    assert ry.stage == Stage.APPROVED  # not published yet
    body = first.content.decode()
    assert "The narrative for indicator 5 says “3 staff”" in body
    client.post(url)
    ry.refresh_from_db()
    assert ry.stage == Stage.PUBLISHED  # published once the person confirms
