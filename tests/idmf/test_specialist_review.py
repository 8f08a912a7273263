"""The optional EDI specialist review: asked for when ready, changes asked for block
sign-off until it is asked for again and approved; recorded and e-mailed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dueregard.core.models import Notification
from dueregard.core.roles import Role
from dueregard.idmf.models import SpecialistReview
from dueregard.idmf.services import checks, decisions, specialist

from .helpers import complete_assessment, make_decision, statements


def test_specialist_review_asks_for_changes_then_approves(
    client_for, org_a, lead_a, maker_a, make_user
):
    reviewer = make_user("edi.specialist@example.nhs.uk", Role.EDI_LEAD, organisation=org_a)
    decision = make_decision(org_a, lead_a)
    assessment = complete_assessment(decision, lead_a)
    url = reverse("idmf:specialist-review", args=[decision.pk])
    client = client_for(lead_a)
    assert "Ask for an EDI specialist review" in client.get(url).content.decode()
    assert client.post(url, {"ask": "1"}).status_code == 302
    assert Notification.objects.filter(
        template="idmf_specialist_review", recipient=reviewer.email
    ).exists()
    # sign-off waits for the review
    assert [p.code for p in checks.problems(assessment)] == ["specialist-review"]
    with pytest.raises(ValidationError):
        decisions.sign_off(assessment, actor=maker_a, statements=statements(assessment))
    # the owner cannot review their own proposal
    assert client.post(url, {"decide": "1", "outcome": "approve"}).status_code == 403

    client = client_for(reviewer)
    bad = client.post(url, {"decide": "1", "outcome": "changes", "note": ""})
    assert bad.status_code == 400 and "Say what needs to change" in bad.content.decode()
    ok = client.post(url, {"decide": "1", "outcome": "changes", "note": "Add evidence on carers."})
    assert ok.status_code == 302
    review = SpecialistReview.objects.get()
    assert review.outcome == "changes" and review.reviewer == reviewer
    assert Notification.objects.filter(
        template="idmf_specialist_review", recipient=lead_a.email, subject__startswith="Changes"
    ).exists()
    assert "asked for changes" in checks.problems(assessment)[0].text

    client = client_for(lead_a)
    assert client.post(url, {"ask": "1"}).status_code == 302
    client = client_for(reviewer)
    client.post(url, {"decide": "1", "outcome": "approve", "note": ""})
    assert checks.problems(assessment) == []
    decisions.sign_off(assessment, actor=maker_a, statements=statements(assessment))
    history = client.get(reverse("idmf:history", args=[decision.pk])).content.decode()
    assert "EDI specialist review: changes asked for" in history
    assert "EDI specialist review: approved" in history


def test_review_cannot_be_asked_for_while_checks_fail(org_a, lead_a):
    decision = make_decision(org_a, lead_a)
    assessment = complete_assessment(decision, lead_a, engagement=False)
    with pytest.raises(ValidationError, match="Fix the problems"):
        specialist.request_review(assessment, actor=lead_a)
