"""WRES indicator 4's staff in post come from the newest imported staff file (through the
leadership app's snapshots), rounded like every published count, until other figures
are typed in."""

import re

from django.urls import reverse

from dueregard.reach.headcounts import StaffInPost, published
from tests.events.helpers import make_series, make_session
from tests.leadership.helpers import staff_rows

from .helpers import book


def test_published_staff_in_post_are_rounded_and_never_small():
    assert published(1403, 502, "2025-26") == StaffInPost(1405, 500, "2025-26")
    assert published(1403, 6, "2025-26") is None  # a hidden count is not offered
    assert published(1403, 0, "2025-26") is None  # nothing to divide by


def _snapshot(org, period, white, minority):
    from dueregard.leadership.services import snapshots

    frame = staff_rows({("Band 5", False, "A"): white, ("Band 5", False, "M"): minority})
    return snapshots.record(org.system, org, period, frame)


def test_wres4_uses_the_newest_staff_file_until_figures_are_typed(client_for, edi_lead_a, org_a):
    session = make_session(make_series(org_a), capacity=1000)
    for i in range(60):
        book(session, attended=True, ethnic="white" if i < 40 else "minority")
    _snapshot(org_a, "2024-25", 900, 100)
    _snapshot(org_a, "2025-26", 4002, 998)
    url = reverse("reach:wres4")
    body = client_for(edi_lead_a).get(url).content.decode()
    assert "staff file imported for 2025-26" in body
    assert 'value="4000"' in body and 'value="1000"' in body
    # White 40/4000 against BME 20/1000 = 0.50, from the imported staff in post.
    assert re.search(r"Workshops and network development days</th>.*?<td>0\.50 \(", body, re.S)
    typed = client_for(edi_lead_a).get(url, {"white_staff": "2000", "minority_staff": "1000"})
    body = typed.content.decode()
    assert "staff file imported" not in body
    assert re.search(r"Workshops and network development days</th>.*?<td>1\.00 \(", body, re.S)


def test_without_a_staff_file_the_figures_are_asked_for(client_for, edi_lead_a, org_a):
    body = client_for(edi_lead_a).get(reverse("reach:wres4")).content.decode()
    assert "Enter the staff in post in each group" in body
    assert "staff file imported" not in body
