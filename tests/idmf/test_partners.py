"""Partner co-authors from OUTSIDE the system, by e-mailed sign-in link: they reach one
decision's pages only, while the access is live, never sign off; every step audited."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dueregard.core.models import AuditEvent, Notification, User
from dueregard.idmf.models import Comment
from dueregard.idmf.services import decisions, partners

from .helpers import RELEVANT, make_decision

OUTSIDER = "sam.patel@riverside-council.example.org"


def _invite(decision, days=30, email=OUTSIDER):
    return partners.invite(
        decision,
        actor=decision.owner,
        email=email,
        full_name="Sam Patel",
        organisation_name="Riverside Council",
        expires_on=timezone.localdate() + dt.timedelta(days=days),
    )


def test_the_invitation_is_checked(lead_a, org_a, maker_a):
    decision = make_decision(org_a, lead_a)
    today = timezone.localdate()
    for email, expires, field in [
        ("not an address", today + dt.timedelta(days=5), "email"),
        (OUTSIDER, today, "expires_on"),
        (OUTSIDER, today + dt.timedelta(days=400), "expires_on"),
        (maker_a.email, today + dt.timedelta(days=5), "email"),  # works in the system
    ]:
        with pytest.raises(ValidationError) as caught:
            partners.invite(
                decision,
                actor=lead_a,
                email=email,
                full_name="Sam",
                organisation_name="Council",
                expires_on=expires,
            )
        assert field in caught.value.message_dict
    _invite(decision)
    with pytest.raises(ValidationError, match="already invited"):
        _invite(decision)


def test_a_partner_signs_in_by_link_and_reaches_only_that_decision(
    client, client_for, lead_a, org_a, maker_a, settings
):
    settings.SITE_URL = "https://dueregard.example.nhs.uk"
    decision = make_decision(org_a, lead_a)
    decisions.screen(decision.current_assessment(), RELEVANT, actor=lead_a)
    other = make_decision(org_a, lead_a, title="Another proposal")
    page = client_for(lead_a).get(reverse("idmf:partners", args=[decision.pk]))
    assert page.status_code == 200
    bad = client_for(lead_a).post(reverse("idmf:partners", args=[decision.pk]), {})
    assert bad.status_code == 400 and "Enter their e-mail address" in bad.content.decode()
    today = timezone.localdate() + dt.timedelta(days=20)
    response = client_for(lead_a).post(
        reverse("idmf:partners", args=[decision.pk]),
        {
            "full_name": "Sam Patel",
            "organisation_name": "Riverside Council",
            "email": OUTSIDER,
            "expires_on_0": today.day,
            "expires_on_1": today.month,
            "expires_on_2": today.year,
        },
    )
    assert response.status_code == 302
    partner = User.objects.get(email=OUTSIDER)
    assert not partner.memberships.exists()
    mail = Notification.objects.get(template="idmf_partner_invited", recipient=OUTSIDER)
    link = re.search(r"https://dueregard\.example\.nhs\.uk(/sign-in/link/use/\S+)", mail.body)
    assert link, mail.body
    client.logout()
    signed_in = client.post(link.group(1), {})
    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse("idmf:detail", args=[decision.pk])

    step = reverse("idmf:step", kwargs={"pk": decision.pk, "step": "define"})
    for url in (
        reverse("idmf:detail", args=[decision.pk]),
        reverse("idmf:screening", args=[decision.pk]),
        step,
        reverse("idmf:history", args=[decision.pk]),
        reverse("idmf:add-engagement", args=[decision.pk]),
    ):
        assert client.get(url).status_code == 200, url
    detail = client.get(reverse("idmf:detail", args=[decision.pk])).content.decode()
    assert reverse("idmf:sign-off", args=[decision.pk]) not in detail
    saved = client.post(step, {"define-partners": "The council runs the hub.", "save_draft": "1"})
    assert saved.status_code == 302
    decision.refresh_from_db()
    assert decision.current_assessment().answers["define-partners"] == "The council runs the hub."
    comment_url = reverse("idmf:add-comment", kwargs={"pk": decision.pk, "step": "define"})
    assert client.post(comment_url, {"body": "Council data attached."}).status_code == 302
    comment = Comment.objects.get()
    assert comment.author == partner
    resolve = reverse("idmf:resolve-comment", args=[comment.pk])
    assert client.post(resolve, {"resolved": "yes"}).status_code == 302

    # nothing else: not the register, another decision, sign-off or the co-authors
    for url in (
        reverse("idmf:detail", args=[other.pk]),
        reverse("idmf:step", kwargs={"pk": other.pk, "step": "define"}),
        reverse("idmf:sign-off", args=[decision.pk]),
        reverse("idmf:coauthors", args=[decision.pk]),
        reverse("idmf:partners", args=[decision.pk]),
        reverse("idmf:committee", args=[decision.pk]),
        reverse("idmf:record", args=[decision.current_assessment().pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("idmf:index")).status_code in (302, 403)
    assert client.get(reverse("idmf:overview")).status_code in (302, 403)
    history = client_for(lead_a).get(reverse("idmf:history", args=[decision.pk])).content.decode()
    assert "Sam Patel" in history and "Invited a partner from outside the system" in history
    assert OUTSIDER in history


def test_withdrawn_or_ended_access_reaches_nothing(client_for, lead_a, org_a):
    decision = make_decision(org_a, lead_a)
    access = _invite(decision)
    partner = access.user
    url = reverse("idmf:detail", args=[decision.pk])
    assert client_for(partner).get(url).status_code == 200
    revoke = reverse("idmf:revoke-partner", args=[access.pk])
    assert client_for(lead_a).post(revoke).status_code == 302
    assert client_for(partner).get(url).status_code == 404
    again = client_for(lead_a).post(revoke, follow=True)
    assert "already withdrawn" in again.content.decode()
    ended = _invite(decision)
    assert client_for(partner).get(url).status_code == 200
    ended.expires_on = timezone.localdate() - dt.timedelta(days=1)
    ended.save()
    assert client_for(partner).get(url).status_code == 404
    actions = list(
        AuditEvent.objects.filter(object_id=str(decision.pk), action__startswith="idmf.partner")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["idmf.partner.invited", "idmf.partner.revoked", "idmf.partner.invited"]


def test_partners_are_told_of_comments_while_their_access_is_live(lead_a, org_a):
    from dueregard.idmf.services import comments

    decision = make_decision(org_a, lead_a)
    access = _invite(decision)
    assessment = decision.current_assessment()
    comments.add(assessment, actor=lead_a, step="screening", body="Please check.")
    told = Notification.objects.filter(template="idmf_comment", recipient=OUTSIDER)
    assert told.count() == 1
    partners.revoke(access, actor=lead_a)
    comments.add(assessment, actor=lead_a, step="screening", body="Again.")
    assert told.count() == 1


def test_a_partner_cannot_invite_or_withdraw(client_for, lead_a, org_a):
    decision = make_decision(org_a, lead_a)
    access = _invite(decision)
    client = client_for(access.user)
    assert client.get(reverse("idmf:partners", args=[decision.pk])).status_code == 404
    assert client.post(reverse("idmf:revoke-partner", args=[access.pk])).status_code == 404
