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


def test_a_comment_that_cannot_be_added_is_shown_on_the_step_page(client_for, lead_a, org_a):
    decision = make_decision(org_a, lead_a)
    decisions.screen(decision.current_assessment(), RELEVANT, actor=lead_a)
    client = client_for(lead_a)
    url = reverse("idmf:add-comment", kwargs={"pk": decision.pk, "step": "assess-impact"})
    empty = client.post(url, {"body": "   ", "group": "age"})
    assert empty.status_code == 400  # the page itself, not a redirect with a banner
    page = empty.content.decode()
    assert "nhsuk-error-summary" in page and 'href="#comment-body"' in page
    assert 'id="comment-body"' in page and "Write your comment" in page
    assert "Impact on each group" in page  # the step's own form is still there
    too_long = client.post(url, {"body": "x" * 5001})
    assert too_long.status_code == 400
    assert "xxxx" in too_long.content.decode()  # what was typed is kept
    bad_group = client.post(url, {"body": "Shift workers?", "group": "nobody"})
    assert bad_group.status_code == 400
    assert 'href="#comment-group"' in bad_group.content.decode()
    assert "Shift workers?" in bad_group.content.decode()
    assert not Comment.objects.exists()


def test_the_screening_page_takes_comments(client_for, lead_a, org_a, partner):
    decision = make_decision(org_a, lead_a)
    coauthors.add(decision, actor=lead_a, email=partner.email)
    client = client_for(partner)
    url = reverse("idmf:add-comment", kwargs={"pk": decision.pk, "step": "screening"})
    empty = client.post(url, {"body": ""})
    assert empty.status_code == 400
    assert "Write your comment" in empty.content.decode()
    assert "Is the proposal relevant" in empty.content.decode() or "screen-" in (
        empty.content.decode()
    )
    response = client.post(url, {"body": "Does it affect carers?"})
    comment = Comment.objects.get()
    assert comment.step == "screening"
    screening = reverse("idmf:screening", args=[decision.pk])
    assert response["Location"] == f"{screening}#comment-{comment.pk}"
    page = client.get(screening).content.decode()
    assert "Does it affect carers?" in page and "Comments on the screening" in page
    assert Notification.objects.filter(template="idmf_comment", recipient=lead_a.email).exists()


def test_the_history_says_what_changed_field_by_field(client_for, lead_a, org_a):
    from dueregard.idmf.services import history

    from .helpers import neutral_grid

    decision = make_decision(org_a, lead_a)
    assessment = decision.current_assessment()
    decisions.screen(assessment, RELEVANT, actor=lead_a)
    decisions.save_step(
        assessment, "define", {"define-title": "Clinic move"}, complete=False, actor=lead_a
    )
    decisions.save_step(
        assessment,
        "define",
        {"define-title": "Clinic move to the health centre", "define-kind": "service-change"},
        complete=False,
        actor=lead_a,
    )
    decisions.save_impacts(assessment, neutral_grid(assessment), actor=lead_a)
    decisions.save_impacts(
        assessment, neutral_grid(assessment, age={"rating": "negative"}), actor=lead_a
    )
    rows = history.rows(decision, step="define")
    assert rows[0]["changes"][0] == {
        "label": "What is the proposal called?",
        "before": "Clinic move",
        "after": "Clinic move to the health centre",
    }
    assert rows[0]["changes"][1]["label"] == "What kind of proposal is it?"
    assert rows[0]["changes"][1]["before"] == ""
    assert rows[0]["changes"][1]["after"] != "service-change"  # the option's label
    assert rows[1]["changes"] == [
        {"label": "What is the proposal called?", "before": "", "after": "Clinic move"}
    ]
    grid = history.rows(decision, step="assess-impact")
    assert grid[0]["changes"] == [
        {"label": "Age: impact", "before": "Neutral", "after": "Negative"}
    ]
    assert len(grid[1]["changes"]) == 3 * len(
        neutral_grid(assessment)
    )  # rating, reasons, confidence
    screening = history.rows(decision, step="screening")
    assert screening[0]["changes"][0]["before"] == "" and screening[0]["changes"][0]["after"]
    page = client_for(lead_a).get(reverse("idmf:history", args=[decision.pk])).content.decode()
    assert "Clinic move to the health centre" in page and "Age: impact" in page
    step = client_for(lead_a).get(
        reverse("idmf:step", kwargs={"pk": decision.pk, "step": "assess-impact"})
    )
    assert "Age: impact" in step.content.decode() and "changed to" in step.content.decode()
