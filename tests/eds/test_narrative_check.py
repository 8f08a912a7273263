"""Small numbers next to people-words in an EDS report's text are warned about before it
is published; publishing again after the warning goes ahead (issue #14)."""

from __future__ import annotations

from django.urls import reverse

from dueregard.eds.models import Stage
from dueregard.eds.services import assessments, evidence, grading


def test_publishing_warns_once_about_small_numbers_in_the_text(
    client_for, org_a, eds_people, make_assessment
):
    lead = eds_people["lead"]
    a = make_assessment(org_a, lead)
    framework = assessments.framework_of(a)
    code = next(o.code for g in framework.goals if not g.per_service for o in g.outcomes)
    evidence.add(
        a,
        lead,
        outcome_code=code,
        kind="text",
        title="Access audit",
        text="Only 3 staff from the Roma community answered; 40 patients took part.",
        characteristics=["race"],
        service=None,
        may_be_published=True,
    )
    a.stage = Stage.SIGN_OFF
    a.result = grading.result(a).as_dict()
    a.signed_off_by = eds_people["board"]
    a.signed_off_at = a.created_at
    a.save()
    client = client_for(eds_people["lead"])
    url = reverse("eds:publish", args=[a.pk])
    response = client.post(url, follow=True)
    page = response.content.decode()
    assert "“3 staff”" in page and "Access audit" in page
    a.refresh_from_db()
    assert a.stage != Stage.PUBLISHED
    client.post(url)  # published after the person was shown the warning
    a.refresh_from_db()
    assert a.stage == Stage.PUBLISHED


def test_text_without_small_numbers_publishes_at_once(
    client_for, org_a, eds_people, make_assessment
):
    lead = eds_people["lead"]
    a = make_assessment(org_a, lead)
    a.stage = Stage.SIGN_OFF
    a.result = grading.result(a).as_dict()
    a.signed_off_by = eds_people["board"]
    a.signed_off_at = a.created_at
    a.save()
    client_for(lead).post(reverse("eds:publish", args=[a.pk]))
    a.refresh_from_db()
    assert a.stage == Stage.PUBLISHED
