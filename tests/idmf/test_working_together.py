"""Co-authors across organisations, comments with resolve/reopen and notifications, and
the readable history of one decision."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dueregard.core.models import Notification, Organisation, OrganisationType
from dueregard.core.roles import Role
from dueregard.idmf.models import Comment
from dueregard.idmf.services import coauthors, comments, decisions

from .helpers import RELEVANT, make_decision


@pytest.fixture
def org_c(system):
    return Organisation.objects.create(
        system=system, name="Gamma ICB", ods_code="CCC", type=OrganisationType.ICB
    )


@pytest.fixture
def partner(make_user, org_c):
    return make_user("partner.lead@example.nhs.uk", Role.STAFF, organisation=org_c)


def test_a_coauthor_from_another_organisation_writes_the_assessment(
    client_for, lead_a, org_a, partner, org_b, make_user, settings
):
    settings.SITE_URL = "https://dueregard.example.nhs.uk"
    decision = make_decision(org_a, lead_a)
    decisions.screen(decision.current_assessment(), RELEVANT, actor=lead_a)
    step_url = reverse("idmf:step", kwargs={"pk": decision.pk, "step": "define"})
    # before being added, the partner cannot reach it
    assert client_for(partner).get(step_url).status_code == 404
    client = client_for(lead_a)
    bad = client.post(reverse("idmf:coauthors", args=[decision.pk]), {"email": "no@one.uk"})
    assert bad.status_code == 400
    assert "No one with that e-mail address works in an organisation" in bad.content.decode()
    outsider = make_user("outsider@example.nhs.uk", Role.STAFF, organisation=org_b)
    with pytest.raises(ValidationError):
        coauthors.add(decision, actor=lead_a, email=outsider.email)  # another system
    ok = client.post(reverse("idmf:coauthors", args=[decision.pk]), {"email": partner.email})
    assert ok.status_code == 302
    note = Notification.objects.get(template="idmf_coauthor_added", recipient=partner.email)
    assert f"https://dueregard.example.nhs.uk/decisions/{decision.pk}/" in note.body

    partner_client = client_for(partner)
    assert partner_client.get(step_url).status_code == 200
    saved = partner_client.post(step_url, {"define-aims": "Written by the ICB.", "save_draft": "1"})
    assert saved.status_code == 302
    assert decision.current_assessment().answers["define-aims"] == "Written by the ICB."
    # the co-author may not sign off, nor manage co-authors
    assert partner_client.post(reverse("idmf:sign-off", args=[decision.pk])).status_code == 403
    manage = partner_client.post(
        reverse("idmf:coauthors", args=[decision.pk]), {"email": lead_a.email}
    )
    assert manage.status_code == 403

    client = client_for(lead_a)  # one test client: signing in again switches the person
    history = client.get(reverse("idmf:history", args=[decision.pk])).content.decode()
    assert "Partner.Lead" in history and "Saved a step" in history
    assert "Step 1: Define" in history and "Added a co-author" in history
    page = client.get(step_url).content.decode()
    assert "Recent changes to this step" in page and "Partner.Lead" in page

    coauthor = decision.coauthors.get()
    removed = client.post(reverse("idmf:remove-coauthor", args=[coauthor.pk]))
    assert removed.status_code == 302
    assert client_for(partner).get(step_url).status_code == 404


def test_comments_resolve_reopen_and_notify(client_for, lead_a, org_a, partner, make_user):
    decision = make_decision(org_a, lead_a)
    assessment = decision.current_assessment()
    decisions.screen(assessment, RELEVANT, actor=lead_a)
    coauthors.add(decision, actor=lead_a, email=partner.email)
    specialist = make_user("edi.lead@example.nhs.uk", Role.EDI_LEAD, organisation=org_a)
    client = client_for(specialist)
    url = reverse("idmf:add-comment", kwargs={"pk": decision.pk, "step": "assess-impact"})
    empty = client.post(url, {"body": " "}, follow=True)
    assert "Write your comment" in empty.content.decode()
    response = client.post(url, {"body": "What about shift workers?", "group": "age"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.step, comment.group) == ("assess-impact", "age")
    told = set(
        Notification.objects.filter(template="idmf_comment").values_list("recipient", flat=True)
    )
    assert told == {lead_a.email, partner.email}
    bad_group = client.post(url, {"body": "x", "group": "not-a-group"}, follow=True)
    assert "Select a valid choice" in bad_group.content.decode()
    page = client_for(partner).get(
        reverse("idmf:step", kwargs={"pk": decision.pk, "step": "assess-impact"})
    )
    assert "What about shift workers?" in page.content.decode()

    resolve = reverse("idmf:resolve-comment", args=[comment.pk])
    assert client_for(lead_a).post(resolve, {"resolved": "yes"}).status_code == 302
    comment.refresh_from_db()
    assert comment.is_resolved and comment.resolved_by == lead_a
    again = client_for(lead_a).post(resolve, {"resolved": "yes"}, follow=True)
    assert "already resolved" in again.content.decode()
    client_for(specialist).post(resolve, {"resolved": "no"})  # an EDI lead edits too
    comment.refresh_from_db()
    assert not comment.is_resolved
    # the specialist heard about the resolution (an earlier commenter on the step)
    assert Notification.objects.filter(
        template="idmf_comment", recipient=specialist.email, subject__startswith="Comment resolved"
    ).exists()
    with pytest.raises(ValidationError):
        comments.add(assessment, actor=lead_a, step="define", group="age", body="Wrong place")
