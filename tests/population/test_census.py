"""Census 2021 TS021 in ONS's layout: the 19 groups, the 5 roll-up, checks, and the pages."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dueregard.analytics.classifications import CENSUS_2021_ETHNICITY, DETAILED_CODES, roll_up
from dueregard.core.roles import Role
from dueregard.population.census import read_ts021
from dueregard.population.models import AreaPopulation, ServedArea

FIXTURE = Path(__file__).parent / "census2021-ts021-ltla.csv"


def test_classification_has_19_groups_in_5():
    assert len(CENSUS_2021_ETHNICITY) == 19
    assert {g.broad for g in CENSUS_2021_ETHNICITY} == {"asian", "black", "mixed", "white", "other"}
    counts = dict.fromkeys(DETAILED_CODES, 1)
    assert roll_up(counts) == {"asian": 5, "black": 3, "mixed": 4, "white": 5, "other": 2}
    with pytest.raises(ValueError, match="missing"):
        roll_up({"3": 3})


def test_reads_the_ons_layout():
    result = read_ts021(FIXTURE.read_text(encoding="utf-8"))
    assert result.problems == []
    hartlepool, cardiff = result.areas
    assert (hartlepool.code, hartlepool.name, hartlepool.year) == ("E06000001", "Hartlepool", 2021)
    assert hartlepool.total == 3070
    assert hartlepool.counts["13"] == 1300
    assert cardiff.code == "W06000015"


def test_headers_with_measures_suffix_and_bom():
    import csv
    import io

    header, rest = FIXTURE.read_text(encoding="utf-8").split("\n", 1)
    names = next(csv.reader(io.StringIO(header)))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(
        ["\ufeffdate", *names[1:3], *[n + "; measures: Value" for n in names[3:]]]
    )
    assert len(read_ts021(out.getvalue() + rest).areas) == 2


def test_problems_name_the_line():
    text = FIXTURE.read_text(encoding="utf-8").replace("E06000001", "HARTLEPOOL", 1)
    text = text.replace(",1300,", ",1301,", 1)
    result = read_ts021(text)
    assert result.areas == []
    assert any("Line 2: 'HARTLEPOOL' is not an ONS geography code" in p for p in result.problems)
    assert not read_ts021("a,b\n1,2\n").areas
    assert "not an ONS TS021" in read_ts021("a,b\n1,2\n").problems[0]
    assert read_ts021("").problems == ["The file is empty"]


def test_sums_are_checked():
    text = FIXTURE.read_text(encoding="utf-8")
    lines = text.splitlines()
    cells = lines[1].split(",")
    cells[-1] = str(int(cells[-1]) + 1)  # one more person in the last group only
    result = read_ts021("\n".join([lines[0], ",".join(cells)]))
    assert any("add up to" in p for p in result.problems)


@pytest.fixture
def lead(make_user, org_a):
    return make_user("lead@example.nhs.uk", Role.EDI_LEAD, organisation=org_a)


def test_upload_choose_and_profile(client_for, lead, make_user, org_a):
    client = client_for(lead)
    response = client.post(reverse("population:upload"), {})
    assert response.status_code == 400
    assert "Choose the CSV file to upload" in response.content.decode()
    bad = SimpleUploadedFile("x.csv", b"a,b\n1,2\n", content_type="text/csv")
    response = client.post(reverse("population:upload"), {"file": bad})
    assert response.status_code == 400 and "not an ONS TS021" in response.content.decode()
    good = SimpleUploadedFile("ts021.csv", FIXTURE.read_bytes(), content_type="text/csv")
    assert client.post(reverse("population:upload"), {"file": good}).status_code == 302
    assert AreaPopulation.objects.count() == 2
    # Loading the same file again replaces, not duplicates.
    good = SimpleUploadedFile("ts021.csv", FIXTURE.read_bytes(), content_type="text/csv")
    client.post(reverse("population:upload"), {"file": good})
    assert AreaPopulation.objects.count() == 2

    response = client.post(reverse("population:areas"), {})
    assert response.status_code == 400 and "Choose at least one area" in response.content.decode()
    response = client.post(reverse("population:areas"), {"areas": ["X99999999"]})
    assert response.status_code == 400
    assert client.post(reverse("population:areas"), {"areas": ["E06000001"]}).status_code == 302
    assert list(ServedArea.objects.values_list("code", flat=True)) == ["E06000001"]
    page = client.get(reverse("population:index")).content.decode()
    assert 'id="total"><strong>3,070' in page
    # Asian: 10+20+30+40+50 = 150 of 3,070 = 4.9%
    assert 'id="share-asian"><strong>4.9%' in page

    staff = make_user("staff@example.nhs.uk", Role.STAFF, organisation=org_a)
    staff_client = client_for(staff)
    assert staff_client.get(reverse("population:index")).status_code == 200
    assert staff_client.get(reverse("population:upload")).status_code == 403
    assert staff_client.get(reverse("population:areas")).status_code == 403


def test_areas_served_are_per_organisation(org_a, org_b, lead):
    from dueregard.core.tenancy import Scope
    from dueregard.population.services import population

    ServedArea.objects.create(system=org_b.system, organisation=org_b, code="E06000001")
    scope = Scope(lead.pk, org_a.system, org_a, frozenset({Role.EDI_LEAD}))
    assert population.served_codes(scope) == []
