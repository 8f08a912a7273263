"""The demo's reach pages show hidden (*) and published counts, as Fatima Rahman (the
programme organiser at the Riverside and Vale ICB) sees them."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from dueregard.awards.models import Round
from dueregard.cohorts.demo import TITLE
from dueregard.cohorts.models import Monitoring as CohortMonitoring
from dueregard.cohorts.models import Programme
from dueregard.core.models import User
from dueregard.events.models import Monitoring, Series
from dueregard.reach.demo import AWARDS, WORKSHOP


@pytest.fixture
def demo(db):
    call_command("load_frameworks", verbosity=0)
    call_command("load_demo", verbosity=0)


def test_demo_reach_tables(demo, client):
    call_command("load_demo", verbosity=0)  # twice: nothing doubles
    assert Series.objects.filter(title=WORKSHOP).count() == 1
    assert Monitoring.objects.filter(booking__session__series__title=WORKSHOP).count() == 54
    client.force_login(User.objects.get(email="fatima.rahman@demo.dueregard.test"))
    overview = client.get(reverse("reach:overview")).content.decode()
    assert WORKSHOP in overview and AWARDS in overview
    series = Series.objects.get(title=WORKSHOP)
    body = client.get(reverse("events:reach", args=[series.pk])).content.decode()
    assert re.search(r"Ethnic minority group</th>\s*<td[^>]*>20</td>", body)
    assert re.search(r"Carers</th>\s*<td[^>]*>\*</td>", body)
    rnd = Round.objects.get(title=AWARDS)
    body = client.get(reverse("awards:reach", args=[rnd.pk])).content.decode()
    assert "*" in body and re.search(r"<td[^>]*>15</td>", body)
    wres = client.get(reverse("reach:wres4"), {"white_staff": "4000", "minority_staff": "1500"})
    assert "All the programmes together" in wres.content.decode()
    # The change-maker programme asks for the ethnic group too: two participants work at
    # the ICB (one White, one BME), hidden as *, rather than "does not ask".
    assert re.search(
        r"Change-maker cohorts</th>\s*<td[^>]*>\*</td>\s*<td[^>]*>\*</td>\s*<td[^>]*>0</td>",
        wres.content.decode(),
    )
    assert CohortMonitoring.objects.filter(application__cohort__programme__title=TITLE).count() == 7
    programme = Programme.objects.get(title=TITLE)
    body = client.get(reverse("cohorts:reach", args=[programme.pk])).content.decode()
    assert re.search(r"Ethnic minority group</th>\s*<td[^>]*>\*</td>", body)
    assert re.search(r"\d\.\d\d \(\d\.\d\d to \d\.\d\d\)", wres.content.decode())
