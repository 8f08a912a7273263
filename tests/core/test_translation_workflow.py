"""The translators' workflow: export, import with validation, review, honest status, and a
page labelled only with a language that is complete and reviewed."""

from datetime import date

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from django.core.management import call_command
from django.core.management.base import CommandError

from dueregard.core.translation import catalogues, exchange, extraction
from dueregard.core.translation.tags import bcp47

STRINGS = [
    "Sign in",
    "Hello <strong>%(name)s</strong>",
    ("%(n)d place left", "%(n)d places left"),
]


@pytest.fixture
def locale_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(catalogues, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(catalogues, "TEMPLATE", tmp_path / "django.pot")
    template = Catalog()
    for s in STRINGS:
        template.add(s)
    with (tmp_path / "django.pot").open("wb") as fh:
        write_po(fh, template)
    cy = Catalog(locale="cy")
    for s in STRINGS:
        cy.add(s, ("",) * 5 if isinstance(s, tuple) else "")
    (tmp_path / "cy" / "LC_MESSAGES").mkdir(parents=True)
    with (tmp_path / "cy" / "LC_MESSAGES" / "django.po").open("wb") as fh:
        write_po(fh, cy)
    catalogues.offered_languages.cache_clear()
    yield tmp_path
    catalogues.offered_languages.cache_clear()


def _po(entries: str) -> bytes:
    header = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n"Language: cy\\n"\n\n'
    )
    return (header + entries).encode()


GOOD = _po(
    'msgid "Sign in"\nmsgstr "Mewngofnodi"\n\n'
    'msgid "Hello <strong>%(name)s</strong>"\nmsgstr "Helo <strong>%(name)s</strong>"\n\n'
    'msgid "%(n)d place left"\nmsgid_plural "%(n)d places left"\n'
    'msgstr[0] "%(n)d lle ar ôl"\nmsgstr[1] "%(n)d lle ar ôl"\nmsgstr[2] "%(n)d le ar ôl"\n'
    'msgstr[3] "%(n)d lle ar ôl"\nmsgstr[4] "%(n)d lle ar ôl"\n'
)


def test_a_new_language_is_in_progress_and_not_offered(locale_dir):
    status = catalogues.status("cy")
    assert (status.total, status.translated, status.reviewed) == (3, 0, 0)
    assert status.state == "in progress" and not status.offered
    assert catalogues.offered_languages() == {"en-gb"}


def test_import_then_review_makes_a_language_offered(locale_dir):
    result = exchange.import_file("cy", GOOD, "cy.po")
    assert result.updated == 3
    status = catalogues.status("cy")
    assert status.complete and not status.offered  # imported, not yet reviewed
    assert status.state == "complete, not reviewed"
    assert exchange.review("cy", "Eleri Jones", date(2026, 12, 6)) == 3
    status = catalogues.status("cy")
    assert status.offered and status.reviewers == [("Eleri Jones", date(2026, 12, 6))]
    assert (locale_dir / "cy" / "LC_MESSAGES" / "django.mo").exists()


def test_a_translation_changed_after_review_is_flagged_and_unreviewed(locale_dir):
    exchange.import_file("cy", GOOD, "cy.po")
    exchange.review("cy", "Eleri Jones", date(2026, 12, 6))
    exchange.import_file("cy", GOOD.replace(b'"Mewngofnodi"', b'"Mewngofnodwch"'), "cy.po")
    status = catalogues.status("cy")
    assert status.reviewed == 2 and not status.offered
    # A review whose fingerprint no longer matches (the English changed) is reported.
    catalog = catalogues.load("cy")
    message = catalog.get("Sign in")
    catalogues.set_review(message, "Eleri Jones", date(2026, 12, 6))
    message.string = "Rhywbeth arall"
    catalogues.save("cy", catalog)
    assert catalogues.status("cy").changed_since_review == ["Sign in"]


@pytest.mark.parametrize(
    "bad, problem",
    [
        (b'msgstr "Helo <strong>%(name)s</strong>"', b'msgstr "Helo <strong>%(enw)s</strong>"'),
        (b'msgstr "Helo <strong>%(name)s</strong>"', b'msgstr "Helo <strong>%(name)s"'),
        (b'msgstr[4] "%(n)d lle ar \xc3\xb4l"\n', b""),
        (b'msgid "Sign in"', b'msgid "Sign in now"'),
    ],
    ids=["placeholder", "html", "plural-forms", "unknown-string"],
)
def test_a_bad_import_is_refused_whole_and_says_why(locale_dir, bad, problem):
    before = catalogues.po_path("cy").read_bytes()
    with pytest.raises(exchange.ImportRejected) as exc:
        exchange.import_file("cy", GOOD.replace(bad, problem), "cy.po")
    assert exc.value.problems and all("String" in p for p in exc.value.problems)
    assert catalogues.po_path("cy").read_bytes() == before


def test_xliff_export_round_trips_through_import(locale_dir):
    exchange.import_file("cy", GOOD, "cy.po")
    xliff = exchange.export("cy", "xliff")
    assert b'target-language="cy"' in xliff and b"Mewngofnodi" in xliff
    catalogues.po_path("cy").write_bytes(exchange.export("cy", "po").replace(b"Mewngofnodi", b""))
    result = exchange.import_file("cy", xliff, "cy.xlf")
    assert result.updated == 1 and catalogues.load("cy").get("Sign in").string == "Mewngofnodi"


def test_a_file_that_is_not_a_catalogue_is_refused(locale_dir):
    with pytest.raises(exchange.ImportRejected, match="upload a .po or .xlf"):
        exchange.import_file("cy", b"hello", "cy.docx")


def test_the_command_line(locale_dir, tmp_path, capsys):
    upload = tmp_path / "cy-in.po"
    upload.write_bytes(GOOD)
    call_command("translations", "import", "cy", str(upload))
    call_command("translations", "review", "cy", "--by", "Eleri Jones")
    call_command("translations", "status", "cy")
    assert "reviewed" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Unknown language"):
        call_command("translations", "status", "xx")
    with pytest.raises(CommandError, match="Give the reviewer"):
        call_command("translations", "review", "cy", "--by", "  ")


def test_stale_catalogue_is_reported(locale_dir, tmp_path):
    (tmp_path / "babel.cfg").write_text("[python: dueregard/**.py]\n")
    (tmp_path / "dueregard").mkdir()
    (tmp_path / "dueregard" / "x.py").write_text('_("A string nobody extracted")\n')
    report = extraction.stale_report(tmp_path)
    assert report and "django.pot is stale: 1 new string" in report[0]


def test_language_tags():
    assert bcp47("en-gb") == "en-GB" and bcp47("zh-hant") == "zh-Hant" and bcp47("cy") == "cy"


def test_accept_language_never_labels_an_english_page_with_another_language(client):
    for accept in ("ar", "ur", "cy", "so", "gu", "zh-hant"):
        response = client.get("/language/", HTTP_ACCEPT_LANGUAGE=accept)
        html = response.content.decode()
        assert 'lang="en-GB"' in html[: html.index("<head>")], accept
        assert response["Content-Language"] == "en-gb"


def test_an_offered_language_labels_the_page(client, monkeypatch):
    monkeypatch.setattr(
        "dueregard.core.translation.middleware.offered_languages",
        lambda: frozenset({"en-gb", "cy"}),
    )
    response = client.get("/language/", HTTP_ACCEPT_LANGUAGE="cy")
    head = response.content.decode()[:400]
    assert 'lang="cy"' in head and response["Content-Language"] == "cy"


@pytest.mark.django_db
def test_gujarati_somali_and_both_chinese_scripts_can_be_set(client):
    for code in ("gu", "so", "zh-hant", "zh-hans"):
        response = client.post("/i18n/setlang/", {"language": code, "next": "/language/"})
        assert response.status_code == 302, code
