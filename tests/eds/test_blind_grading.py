"""Blind grading on every surface: signed in as each panel member, no page, download or
e-mail shows another grade of an outcome before they have given their own.

``GRADE_SURFACES`` is the registry of every EDS URL that can show a grade, and
``NO_GRADES`` of those that cannot (with the reason). A new EDS URL must be added to one
of them (``test_every_eds_url_is_in_the_registry``), so a new page cannot forget the rule.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse

from dueregard.core.models import Notification
from dueregard.core.roles import Role
from dueregard.eds.models import Stage
from dueregard.eds.services import assessments, grading, publication

SERVICES = ("Maternity", "Diabetes", "Mental health")
# Each panel member grades one outcome; the organisation's grade differs by outcome, so a
# grade word that appears can be traced to the outcome it belongs to.
OWN = {"panel1": "2A", "panel2": "2B"}
ORG_GRADE = {"2A": "achieving", "2B": "undeveloped"}  # every other outcome: excelling
CONCLUDES = {"panel1": "achieving", "panel2": "undeveloped"}
FORBIDDEN_WORDS = {"panel1": ("Excelling", "Undeveloped"), "panel2": ("Excelling", "Achieving")}


def _text_of_pdf(content: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(content)).pages)


def _text_of_docx(content: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return " ".join([p.text for p in doc.paragraphs] + cells)


def _page(content: bytes) -> str:
    """The page's text without its forms (a grade form lists every grade to choose from)."""
    html = content.decode()
    html = re.sub(r"<form\b.*?</form>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def _outcomes(a):
    framework = assessments.framework_of(a)
    return [o.code for o in framework.outcomes]


# name -> (URL kwargs for the assessment and (page) outcome, how to read the response)
GRADE_SURFACES = {
    "eds:detail": (lambda a, code: {"pk": a.pk}, _page),
    "eds:outcome": (lambda a, code: {"pk": a.pk, "code": code}, _page),
    "eds:report": (lambda a, code: {"pk": a.pk}, _page),
    "eds:download:pdf": (lambda a, code: {"pk": a.pk, "fmt": "pdf"}, _text_of_pdf),
    "eds:download:docx": (
        lambda a, code: {"pk": a.pk, "fmt": "docx"},
        _text_of_docx,
    ),
    "eds:download:csv": (lambda a, code: {"pk": a.pk, "fmt": "csv"}, bytes.decode),
    "eds:download:large-print": (
        lambda a, code: {"pk": a.pk, "fmt": "large-print"},
        _page,
    ),
    "eds:download:large-print-pdf": (
        lambda a, code: {"pk": a.pk, "fmt": "large-print-pdf"},
        _text_of_pdf,
    ),
    "eds:download:json": (lambda a, code: {"pk": a.pk, "fmt": "json"}, bytes.decode),
    "eds:checks": (lambda a, code: {"pk": a.pk}, _page),
    "eds:coverage": (lambda a, code: {"pk": a.pk}, _page),
    "eds:system": (lambda a, code: {}, _page),
    "eds:system-csv": (lambda a, code: {}, bytes.decode),
    "eds:index": (lambda a, code: {}, _page),
}
# URLs that show no grade of an unpublished assessment, and why.
NO_GRADES = {
    "eds:create": "a blank form",
    "eds:objectives": "objectives, no grades",
    "eds:import": "upload form (EDI leads and assessors only)",
    "eds:import-review": "the imported file's own grades (EDI leads and assessors only)",
    "eds:import-status": "the reading job's state only, no grades",
    "eds:add-local-interest": "a form naming a staff network, no grades",
    "eds:remove-local-interest": "a confirmation naming the network, no grades",
    "eds:add-population-evidence": "POST only",
    "eds:import-confirm": "POST only",
    "eds:public-report": "published reports only: grades are public once published",
    "eds:public-download": "published reports only",
    "eds:public-evidence": "a published evidence file",
    "eds:stage": "POST only",
    "eds:add-service": "a form",
    "eds:edit-service": "a form (managers only)",
    "eds:remove-service": "a confirmation (managers only)",
    "eds:sign-off": "POST only",
    "eds:publish": "POST only",
    "eds:reopen": "POST only",
    "eds:plan": "actions, no grades",
    "eds:carry-over": "POST only",
    "eds:edit-action": "a form (managers only)",
    "eds:remove-action": "a confirmation (managers only)",
    "eds:action-status": "POST only",
    "eds:add-evidence": "POST; a failed one renders eds:outcome through the same presenter",
    "eds:set-lead": "POST; a failed one renders eds:outcome through the same presenter",
    "eds:remove-lead": "a confirmation (managers only)",
    "eds:grade": "POST; a failed one renders eds:outcome through the same presenter",
    "eds:add-register-evidence": "POST only",
    "eds:edit-evidence": "a form (managers only)",
    "eds:evidence-file": "an uploaded file, not a grade",
    "eds:remove-evidence": "a confirmation (managers only)",
    "eds:reasons-publication": "POST only (managers only)",
}
EMAIL_TEMPLATES = {"eds_publication_reminder"}
# Download formats not read back as text here, and why they cannot leak what the others
# do not: they are rendered from the same viewer-filtered Document.
NOT_READ_BACK = {
    "brf": "Braille cells of the same filtered Document as the PDF",
    "audio": "speech of the same filtered Document as the PDF",
}


def test_every_download_format_is_checked():
    from dueregard.eds.views.reports import DOWNLOAD_FORMATS

    read = {key.split(":")[2] for key in GRADE_SURFACES if key.startswith("eds:download:")}
    assert set(DOWNLOAD_FORMATS) == read | set(NOT_READ_BACK)


def _url_name(surface: str) -> str:
    """ "eds:download:pdf" is the URL "eds:download" read as a PDF."""
    return ":".join(surface.split(":")[:2])


def test_every_eds_url_is_in_the_registry():
    from dueregard.eds import urls

    names = {f"eds:{p.name}" for p in urls.urlpatterns}
    registered = {_url_name(key) for key in GRADE_SURFACES} | set(NO_GRADES)
    missing = names - registered
    assert not missing, f"Add these EDS URLs to GRADE_SURFACES or NO_GRADES: {sorted(missing)}"
    assert not registered - names, "The registry names URLs that no longer exist"


def test_every_eds_email_is_in_the_registry():
    from pathlib import Path

    import dueregard.eds

    folder = Path(dueregard.eds.__file__).parent / "jinja2" / "notifications"
    templates = {p.stem for p in folder.glob("*.txt")}
    assert templates == EMAIL_TEMPLATES


@pytest.fixture
def graded(org_a, eds_people, make_user, make_assessment):
    """An EDS 2022 assessment in grading: the organisation graded every outcome (and
    service); each panel member graded one outcome, with a secret word in every reason."""
    lead = eds_people["lead"]
    a = make_assessment(org_a, lead)
    a.panel_rule = "median"
    a.save()
    for name in SERVICES:
        assessments.add_service(a, lead, name)
    assessments.move_to(a, lead, Stage.GRADING)
    framework = assessments.framework_of(a)
    services = list(a.service_set.all())
    for goal in framework.goals:
        for outcome in goal.outcomes:
            for service in services if goal.per_service else [None]:
                grading.record(
                    a,
                    lead,
                    outcome_code=outcome.code,
                    source="organisation",
                    grade_code=ORG_GRADE.get(outcome.code, "excelling"),
                    reasons={"summary": f"SECRETORG{outcome.code}"},
                    service=service,
                )
    for member, code in OWN.items():
        grading.record(
            a,
            eds_people[member],
            outcome_code=code,
            source="panel_member",
            grade_code="developing",
            # Each member's reasons conclude another grade, so the checks page names it.
            reasons={
                "summary": f"SECRET{member}{code}. For these reasons the organisation "
                f"should be graded as '{CONCLUDES[member]}'."
            },
            represents=f"Group of {member}",
        )
    # A board member who is also on the panel grades blind too.
    make_user("board.panel@example.org", Role.PANEL_MEMBER, organisation=org_a)
    make_user("board.panel@example.org", Role.BOARD_MEMBER, organisation=org_a)
    return a


def _secrets_not_mine(a, member):
    own = OWN.get(member)
    secrets = [f"SECRETORG{code}" for code in _outcomes(a) if code != own]
    secrets += [f"SECRET{m}{c}" for m, c in OWN.items() if m != member and c != own]
    return secrets


@pytest.mark.parametrize("member", ["panel1", "panel2"])
def test_no_other_grade_before_their_own_on_any_surface(client_for, graded, eds_people, member):
    a = graded
    client = client_for(eds_people[member])
    secrets = _secrets_not_mine(a, member)
    forbidden = FORBIDDEN_WORDS[member]
    other_outcome = "3A"
    checked = 0
    for name, (kwargs_for, read) in GRADE_SURFACES.items():
        url_name = _url_name(name)
        outcomes = [other_outcome, OWN[member]] if url_name == "eds:outcome" else [None]
        for code in outcomes:
            response = client.get(reverse(url_name, kwargs=kwargs_for(a, code)))
            if response.status_code == 403:  # the member may not open it at all
                continue
            assert response.status_code == 200, (name, response.status_code)
            text = read(response.content)
            checked += 1
            leaks = [s for s in secrets if s in text] + [w for w in forbidden if w in text]
            assert not leaks, f"{member} sees {leaks} on {name} ({code})"
    assert checked >= 10


def test_the_member_sees_the_others_once_they_have_graded(client_for, graded, eds_people):
    """The control: the same reading finds the grades where the rule allows them."""
    client = client_for(eds_people["panel1"])
    page = _page(client.get(reverse("eds:outcome", args=[graded.pk, "2A"])).content)
    assert "SECRETORG2A" in page and "Achieving" in page
    text = _text_of_pdf(client.get(reverse("eds:download", args=[graded.pk, "pdf"])).content)
    assert "Developing" in text  # 2A's agreed grade
    lead = client_for(eds_people["lead"])
    everything = _page(lead.get(reverse("eds:outcome", args=[graded.pk, "3A"])).content)
    assert "SECRETORG3A" in everything and "Excelling" in everything


def test_a_board_member_on_the_panel_grades_blind_too(client_for, graded):
    from dueregard.core.models import User

    both = User.objects.get(email="board.panel@example.org")
    client = client_for(both)
    page = _page(client.get(reverse("eds:outcome", args=[graded.pk, "3A"])).content)
    assert "SECRETORG3A" not in page and "Excelling" not in page


def test_emails_show_no_grades(graded, eds_people):
    deadline = publication.deadline_for(graded)
    sent = publication.send_publication_reminders(today=deadline - dt.timedelta(days=5))
    assert sent >= 1
    for message in Notification.objects.filter(template="eds_publication_reminder"):
        text = message.subject + message.body
        assert not any(w in text for w in ("Excelling", "Achieving", "Undeveloped", "SECRET"))


def test_panel_members_do_not_see_drafts(client_for, org_a, eds_people, make_assessment):
    a = make_assessment(org_a, eds_people["lead"], framework_code="eds-2011", period="2011-12")
    for member in ("panel1", "panel2"):
        client = client_for(eds_people[member])
        assert client.get(reverse("eds:detail", args=[a.pk])).status_code == 404
        assert client.get(reverse("eds:report", args=[a.pk])).status_code == 404
        assert client.get(reverse("eds:download", args=[a.pk, "json"])).status_code == 404
