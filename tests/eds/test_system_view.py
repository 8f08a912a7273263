"""The system view lists every organisation of the system, those without an assessment as
"Not started", on the page, in the filters and in the CSV."""

import pytest
from django.urls import reverse

from dueregard.core.models import Organisation, OrganisationType
from dueregard.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def ics(make_user, system, org_a, org_b):
    gamma = Organisation.objects.create(
        system=system, name="Gamma Community Trust", ods_code="GGG", type=OrganisationType.NHS_TRUST
    )
    viewer = make_user("ics@example.nhs.uk", Role.ANALYST, system=system)
    return {"gamma": gamma, "viewer": viewer}


def _rows(html: str, name: str) -> str:
    start = html.index(name)
    return html[start : html.index("</tr>", start)]


def test_organisations_with_no_assessment_are_listed_as_not_started(
    ics, org_a, org_b, eds_people, make_assessment, client_for
):
    make_assessment(org_a, eds_people["lead"])
    client = client_for(ics["viewer"])
    page = client.get(reverse("eds:system")).content.decode()
    assert "Not started" not in _rows(page, "Alpha NHS Trust 2025-26</a>")
    assert "Not started" in _rows(page, "Gamma Community Trust</th>")
    assert "Beta NHS Trust" not in page  # another system's organisation
    csv = client.get(reverse("eds:system-csv")).content.decode()
    gamma_line = next(line for line in csv.splitlines() if line.startswith("Gamma"))
    assert "Not started" in gamma_line


def test_not_started_is_a_filter(ics, org_a, eds_people, make_assessment, client_for):
    make_assessment(org_a, eds_people["lead"])
    client = client_for(ics["viewer"])
    page = client.get(reverse("eds:system"), {"stage": "not_started"}).content.decode()
    assert "Gamma Community Trust" in page
    assert "Alpha NHS Trust 2025-26" not in page
    page = client.get(reverse("eds:system"), {"stage": "draft"}).content.decode()
    assert "Gamma Community Trust" not in page.split("<h2", 1)[-1]
    assert "Alpha NHS Trust 2025-26" in page
    page = client.get(
        reverse("eds:system"), {"organisation": str(ics["gamma"].pk)}
    ).content.decode()
    assert "Alpha NHS Trust 2025-26" not in page
    assert "Not started" in _rows(page, "Gamma Community Trust</th>")


def test_nobody_started_still_shows_every_organisation(ics, org_a, frameworks, client_for):
    page = client_for(ics["viewer"]).get(reverse("eds:system")).content.decode()
    assert "Not started" in _rows(page, "Alpha NHS Trust</th>")
    assert "Not started" in _rows(page, "Gamma Community Trust</th>")
