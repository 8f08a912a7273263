"""Census 2021 ethnic group by age (ONS custom dataset layout): working-age residents."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dueregard.core.roles import Role
from dueregard.core.tenancy import Scope
from dueregard.population.census_age import age_range, is_by_age, read_ethnicity_by_age
from dueregard.population.models import AreaPopulation, AreaWorkingAge
from dueregard.population.services import population

FIXTURE = Path(__file__).parent / "fixtures" / "census2021-ethnic-group-by-age-ltla.csv"
DEMO = (
    Path(__file__).parents[2]
    / "dueregard"
    / "population"
    / "data"
    / "demo-census2021-ethnic-group-by-age-ltla.csv"
)


def text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def test_keeps_16_to_64_per_group_and_ignores_does_not_apply():
    result = read_ethnicity_by_age(text())
    assert result.problems == []
    [area] = result.areas
    assert (area.code, area.name, area.year) == ("E06000001", "Hartlepool", 2021)
    # 4 working-age bands of each group; under-16s (500 White British) and 65+ left out
    assert area.counts["13"] == 480 and area.counts["14"] == 20 and area.counts["1"] == 40
    assert area.total == 1120 == sum(area.counts.values())
    assert set(area.counts) == {str(n) for n in range(1, 20)}


def test_the_demo_file_is_in_the_same_layout():
    result = read_ethnicity_by_age(DEMO.read_text(encoding="utf-8"))
    assert result.problems == []
    assert [a.code for a in result.areas] == ["E06999901", "E07999902"]


def test_header_tells_the_two_tables_apart():
    header = text().splitlines()[0].split(",")
    assert is_by_age(header)
    assert not is_by_age(["date", "geography", "geography code", "Ethnic group: White"])


def test_age_labels_as_ons_prints_them():
    assert age_range("Aged 15 years and under") == (0, 15)
    assert age_range("Aged 16 to 24 years") == (16, 24)
    assert age_range("Aged 65 years and over") == (65, 200)
    assert age_range("Aged 4 years") == (4, 4)
    assert age_range("16-24") is None


def test_bands_that_cross_working_age_are_refused():
    crossing = (
        text()
        .replace("Aged 50 to 64 years", "Aged 50 to 69 years")
        .replace("Aged 65 years and over", "Aged 70 years and over")
    )
    result = read_ethnicity_by_age(crossing)
    assert result.areas == []
    assert "The age band 50 to 69 crosses the working age of 16 to 64" in result.problems[0]


def test_missing_ages_are_refused():
    lines = [line for line in text().splitlines() if ",5,Aged 50 to 64 years," not in line]
    result = read_ethnicity_by_age("\n".join(lines))
    assert result.areas == []
    assert "do not make 16 to 64 exactly" in result.problems[0]


def test_problems_name_line_and_column():
    lines = text().splitlines()
    lines[3] = lines[3].rsplit(",", 1)[0] + ",lots"
    lines[5] = lines[5].replace("E06000001", "Hartlepool1", 1)
    result = read_ethnicity_by_age("\n".join(lines))
    assert result.areas == []
    assert "Line 4, column 'Observation': 'lots' is not a count of people" in result.problems
    assert any(
        p.startswith("Line 6, column 'Lower tier local authorities Code'") for p in result.problems
    )


def test_missing_columns_and_groups():
    result = read_ethnicity_by_age("Lower tier local authorities Code,Observation\nE06000001,1\n")
    assert "columns" in result.problems[0] and "Age (N categories) Code" in result.problems[0]
    lines = [line for line in text().splitlines() if ",19,Other ethnic group" not in line]
    result = read_ethnicity_by_age("\n".join(lines))
    assert result.areas == [] and "ethnic groups 19 have no working-age rows" in result.problems[0]


@pytest.fixture
def lead(make_user, org_a):
    return make_user("lead.age@example.nhs.uk", Role.EDI_LEAD, organisation=org_a)


def test_upload_detects_the_table_all_or_nothing(client_for, lead, org_a):
    client = client_for(lead)
    broken = text().replace(",Aged 25 to 34 years,120", ",Aged 25 to 34 years,x", 1)
    upload = SimpleUploadedFile("age.csv", broken.encode(), content_type="text/csv")
    response = client.post(reverse("population:upload"), {"file": upload})
    assert response.status_code == 400
    assert "Line 82, column &#39;Observation&#39;: &#39;x&#39; is not a count" in (
        response.content.decode()
    )
    assert not AreaWorkingAge.objects.exists()
    upload = SimpleUploadedFile("age.csv", FIXTURE.read_bytes(), content_type="text/csv")
    response = client.post(reverse("population:upload"), {"file": upload}, follow=True)
    assert "Loaded residents aged 16 to 64 by ethnic group for 1 areas." in (
        response.content.decode()
    )
    stored = AreaWorkingAge.objects.get(code="E06000001")
    assert stored.total == 1120 and stored.counts["13"] == 480
    assert not AreaPopulation.objects.exists()  # the other table is untouched


def test_working_age_only_when_every_area_has_it(org_a):
    scope = Scope(None, org_a.system, org_a)
    population.load_working_age(text(), actor=None, scope=scope)
    assert [a.code for a in population.working_age_areas(["E06000001"])] == ["E06000001"]
    assert population.working_age_areas(["E06000001", "W06000015"]) is None
    assert population.working_age_areas([]) is None
