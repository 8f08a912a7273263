"""Who a mentoring programme reaches: counts suppressed, likelihoods from published counts."""

import math

import pytest
from django.urls import reverse

from dueregard.analytics.reach import reach_rows
from dueregard.core.roles import Role
from dueregard.mentoring.models import Application, PairStatus, Partnership, Side
from dueregard.mentoring.services import reach

from .helpers import make_application


def test_reach_rows_suppress_and_compute_from_published():
    rows = reach_rows(
        ("applied", "matched", "completed"),
        [("Race", [40, 20, 10], [60, 45, 30]), ("Disability", [5, 3, 1], [95, 62, 39])],
    )
    race, disability = rows
    assert race.published == [40, 20, 10]
    # (20/40) / (45/60) = 0.667, below the 0.80 band.
    assert race.likelihood[0]["value"] == pytest.approx(0.6667, abs=1e-3)
    assert race.likelihood[0]["lower"] < race.likelihood[0]["value"] < race.likelihood[0]["upper"]
    assert race.likelihood[0]["outside_band"] is True
    assert disability.suppressed == [True, True, True]
    assert math.isnan(disability.likelihood[0]["value"])
    assert disability.reference_published == [95, 60, 40]  # rounded to 5
    with pytest.raises(ValueError, match="one count per stage"):
        reach_rows(("a", "b"), [("X", [1], [2, 3])])


def test_programme_reach_page(client_for, make_user, org_a, programme):
    organiser = make_user(
        "organiser.a@example.nhs.uk", Role.PROGRAMME_ORGANISER, organisation=org_a
    )
    apps = [
        make_application(programme, Side.LEADER if i % 2 else Side.PARTNER, i) for i in range(20)
    ]
    for i, app in enumerate(apps):
        app.characteristics = ["race"] if i < 10 else []
        app.save()
    for i in range(0, 20, 2):
        Partnership.objects.create(
            programme=programme,
            leader=apps[i + 1],
            partner=apps[i],
            status=PairStatus.COMPLETED if i < 10 else PairStatus.ACTIVE,
        )
    rows = {r.label: r for r in reach.table(programme)}
    race = next(r for label, r in rows.items() if label.lower().startswith("race"))
    assert race.published == [10, 10, 10]
    assert Application.objects.filter(programme=programme).count() == 20
    response = client_for(organiser).get(reverse("mentoring:reach", args=[programme.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Applied, matched and completed by shared characteristic" in body
    assert "1.00 (" in body  # everyone matched on both sides
    staff = make_user("staff@example.nhs.uk", Role.STAFF, organisation=org_a)
    assert client_for(staff).get(reverse("mentoring:reach", args=[programme.pk])).status_code == 403
