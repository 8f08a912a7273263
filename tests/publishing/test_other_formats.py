"""A published page's Easy Read version, its translations (export, import, review,
publish) and the organisation's contact details for formats."""

import io

import pytest
from django.urls import reverse

from dueregard.core.models import AuditEvent
from dueregard.publishing import published
from dueregard.publishing.document import Document, Heading, Paragraph, Table
from dueregard.publishing.models import EasyRead, FormatContact, ReportTranslation
from dueregard.publishing.services import easy_read, report_translations

DOC = Document(
    title="EDS report 2025-26",
    blocks=(
        Heading("Domain 1"),
        Paragraph("We graded 3 services."),
        Table("Grades", ("Outcome", "Score"), (("1A", "2"),), numeric=(1,)),
    ),
)


@pytest.fixture
def page(org_a, monkeypatch):
    page = published.PublishedPage("EDS report 2025-26", org_a.system, org_a, "/eds/published/x/")
    monkeypatch.setitem(published._RESOLVERS, "test", lambda slug: page if slug == "s1" else None)
    monkeypatch.setitem(published._DOCUMENTS, "test", lambda slug: DOC if slug == "s1" else None)
    return page


def _url(name, *more):
    return reverse(f"publishing:{name}", args=["test", "s1", *more])


EASY = {
    "looked_at": "We looked at 3 of our services.\nWe asked patients what they think.",
    "looked_at_picture": "looked",
    "how_we_did": "Most people said we are good.\nSome people found it hard to get in.",
    "how_we_did_picture": "chart",
    "will_do": "We will make our doors easier to use.",
    "will_do_picture": "access",
}


def test_easy_read_rules_name_the_line_and_the_fix():
    assert easy_read.problems("We looked at 3 services.") == []
    too_long = " ".join(["word"] * 16)
    assert easy_read.problems(too_long) == ["Line 1 has 16 words: use 15 or fewer"]
    assert "more than one sentence" in easy_read.problems("We looked. Then we graded.")[0]
    assert "long word" in easy_read.problems("Intersectionality matters.")[0]
    assert "at most 8 lines" in easy_read.problems("\n".join(["Yes."] * 9))[0]
    assert easy_read.problems("  \n ") == ["Write at least one line"]


def test_the_edi_lead_writes_and_publishes_easy_read(client_for, edi_lead_a, client, page):
    lead = client_for(edi_lead_a)
    assert client.get(_url("easy-read")).status_code == 404  # nothing published yet
    bad = lead.post(_url("easy-read-edit"), {**EASY, "how_we_did": "One. Two three."})
    assert bad.status_code == 400 and "more than one sentence" in bad.content.decode()
    assert lead.post(_url("easy-read-edit"), {**EASY, "will_do_picture": "nope"}).status_code == 400
    assert lead.post(_url("easy-read-edit"), EASY).status_code == 302
    assert EasyRead.objects.get().organisation == page.organisation
    assert client.get(_url("easy-read")).status_code == 404  # saved, not published
    assert lead.post(_url("easy-read-publish"), {"action": "publish"}).status_code == 302
    body = client.get(_url("easy-read")).content.decode()
    assert "We asked patients what they think." in body
    assert 'alt="A wheelchair symbol"' in body and "pictograms/access.svg" in body
    assert "OpenMoji" in body
    assert AuditEvent.objects.filter(action="publishing.easy_read_published").exists()


def test_easy_read_pdf_is_tagged_with_the_pictures(client_for, edi_lead_a, client, page):
    lead = client_for(edi_lead_a)
    lead.post(_url("easy-read-edit"), EASY)
    lead.post(_url("easy-read-publish"), {"action": "publish"})
    response = client.get(_url("easy-read-pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "We asked patients" in reader.pages[0].extract_text()
    assert b"/Figure" in response.content  # the pictures are tagged figures


def test_another_organisations_page_cannot_be_managed(client_for, edi_lead_b, page):
    other = client_for(edi_lead_b)
    assert other.get(_url("manage")).status_code == 404
    assert other.post(_url("easy-read-edit"), EASY).status_code == 404


def _po(translations: dict) -> bytes:
    content = report_translations.export(DOC, "cy", "po")
    text = content.decode()
    for source, target in translations.items():
        text = text.replace(f'msgid "{source}"\nmsgstr ""', f'msgid "{source}"\nmsgstr "{target}"')
    return text.encode()


WELSH = {
    "EDS report 2025-26": "Adroddiad EDS 2025-26",
    "Domain 1": "Parth 1",
    "We graded 3 services.": "Fe wnaethom raddio 3 gwasanaeth.",
    "Grades": "Graddau",
    "Outcome": "Canlyniad",
    "Score": "Sgôr",
    "1A": "1A",
    "2": "2",
}


def test_export_lists_every_string_once_in_po_and_xliff():
    po = report_translations.export(DOC, "cy", "po").decode()
    assert po.count('msgid "2"') == 1 and 'msgid "We graded 3 services."' in po
    xliff = report_translations.export(DOC, "ar", "xliff").decode()
    assert 'target-language="ar"' in xliff and "We graded 3 services." in xliff


def test_import_refuses_changed_numbers_and_gaps_and_keeps_nothing(page, edi_lead_a):
    wrong = {**WELSH, "We graded 3 services.": "Fe wnaethom raddio 4 gwasanaeth."}
    with pytest.raises(report_translations.ValidationError) as exc:
        report_translations.import_file(
            edi_lead_a, page, "test", "s1", DOC, "cy", _po(wrong), "x.po"
        )
    assert any("numbers" in m for m in exc.value.messages)
    gap = {k: v for k, v in WELSH.items() if k != "Grades"}
    with pytest.raises(report_translations.ValidationError) as exc:
        report_translations.import_file(edi_lead_a, page, "test", "s1", DOC, "cy", _po(gap), "x.po")
    assert any("1 string(s) have no translation" in m for m in exc.value.messages)
    with pytest.raises(report_translations.ValidationError):
        report_translations.import_file(edi_lead_a, page, "test", "s1", DOC, "cy", b"x", "x.txt")
    assert not ReportTranslation.objects.exists()


def test_translation_workflow_to_a_published_page(client_for, edi_lead_a, client, page):
    lead = client_for(edi_lead_a)
    export = lead.get(_url("translation-export"), {"language": "cy", "fmt": "xliff"})
    assert export.status_code == 200 and b"<xliff" in export.content
    assert lead.get(_url("translation-export"), {"language": "xx"}).status_code == 400
    upload = io.BytesIO(_po(WELSH))
    upload.name = "welsh.po"
    response = lead.post(_url("translation-import"), {"language": "cy", "file": upload})
    assert response.status_code == 302
    assert client.get(_url("translation", "cy")).status_code == 404  # not reviewed
    # publishing before review is refused
    lead.post(_url("translation-publish", "cy"), {"action": "publish"})
    assert ReportTranslation.objects.get().published_at is None
    assert lead.post(_url("translation-review", "cy")).status_code == 302
    assert lead.post(_url("translation-publish", "cy"), {"action": "publish"}).status_code == 302
    body = client.get(_url("translation", "cy")).content.decode()
    assert '<html lang="cy" dir="ltr">' in body and "Fe wnaethom raddio 3 gwasanaeth." in body
    pdf = client.get(_url("translation-download", "cy", "pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    t = ReportTranslation.objects.get()
    assert t.reviewed_by == edi_lead_a and t.published_at is not None


def test_a_right_to_left_translation_has_rtl_direction(page, edi_lead_a):
    arabic = {k: f"ع {v}" if not v[0].isdigit() else v for k, v in WELSH.items()}
    content = _po(arabic).replace(b"Language: cy", b"Language: ar")
    t = report_translations.import_file(edi_lead_a, page, "test", "s1", DOC, "ar", content, "a.po")
    report_translations.review(edi_lead_a, t, DOC)
    report_translations.set_published(edi_lead_a, t, DOC, True)
    from dueregard.publishing.renderers import html

    out = html.render(report_translations.translated(DOC, t)).decode()
    assert '<html lang="ar" dir="rtl">' in out


def test_a_changed_page_withdraws_the_translation(page, edi_lead_a, monkeypatch):
    t = report_translations.import_file(
        edi_lead_a, page, "test", "s1", DOC, "cy", _po(WELSH), "w.po"
    )
    report_translations.review(edi_lead_a, t, DOC)
    report_translations.set_published(edi_lead_a, t, DOC, True)
    assert report_translations.offered("test", "s1", DOC) == [t]
    changed = Document(title=DOC.title, blocks=(*DOC.blocks, Paragraph("A new line.")))
    assert report_translations.offered("test", "s1", changed) == []
    assert report_translations.missing(t, changed) == ["A new line."]


def test_contact_details_are_set_and_shown_on_the_request_form(
    client_for, edi_lead_a, client, page
):
    lead = client_for(edi_lead_a)
    assert lead.post(reverse("publishing:contact"), {"note": "x"}).status_code == 400
    bad = lead.post(reverse("publishing:contact"), {"email": "nope"})
    assert bad.status_code == 400 and "right format" in bad.content.decode()
    ok = lead.post(
        reverse("publishing:contact"), {"email": "edi@example.nhs.uk", "phone": "0113 496 0000"}
    )
    assert ok.status_code == 302
    assert FormatContact.objects.get().organisation == page.organisation
    body = client.get(_url("request-format")).content.decode()
    assert "edi@example.nhs.uk" in body and "0113 496 0000" in body


def test_easy_read_with_a_small_number_of_people_is_published_once_confirmed(
    client_for, edi_lead_a, client, page
):
    lead = client_for(edi_lead_a)
    assert (
        lead.post(_url("easy-read-edit"), {**EASY, "how_we_did": "4 patients said no."}).status_code
        == 302
    )
    first = lead.post(_url("easy-read-publish"), {"action": "publish"}, follow=True)
    assert "Easy Read: how we did says “4 patients”" in first.content.decode()
    assert client.get(_url("easy-read")).status_code == 404  # not published yet
    lead.post(_url("easy-read-publish"), {"action": "publish"})
    assert client.get(_url("easy-read")).status_code == 200
