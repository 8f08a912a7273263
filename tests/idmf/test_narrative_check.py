"""Small numbers next to people-words in an IDMF public summary's text are warned about
before it is published; publishing again after the warning goes ahead (issue #14)."""

from __future__ import annotations

from django.urls import reverse

from dueregard.idmf.models import Decision

from .helpers import complete_assessment, make_decision, statements


def test_publishing_the_summary_warns_once_about_small_numbers(client_for, org_a, lead_a, maker_a):
    from dueregard.idmf.services import decisions

    decision = make_decision(org_a, lead_a)
    assessment = complete_assessment(decision, lead_a)
    assessment.engagement.create(
        who="Carers' forum",
        method="Meeting",
        held_on="2026-01-05",
        heard="Two carers told us the bus is too far.",
    )
    decisions.sign_off(assessment, actor=maker_a, statements=statements(assessment))
    client = client_for(lead_a)
    url = reverse("idmf:publish", args=[decision.pk])
    page = client.post(url, {"publish": "yes"}, follow=True).content.decode()
    assert "“Two carers”" in page and "Engagement with Carers&#39; forum" in page
    assert not Decision.objects.get(pk=decision.pk).is_published
    client.post(url, {"publish": "yes"})
    assert Decision.objects.get(pk=decision.pk).is_published
