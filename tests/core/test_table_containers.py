"""Every data table is drawn by the one macro, so each scrolls inside its own focusable,
labelled container and no page scrolls sideways at 320 CSS px because of a table."""

import re
from pathlib import Path

from django.template.loader import render_to_string

import dueregard

ROOT = Path(dueregard.__file__).parent
MACRO = ROOT / "core" / "jinja2" / "layouts" / "tables.jinja"


def _templates():
    for path in sorted(ROOT.glob("**/jinja2/**/*")):
        if path.is_file() and path.suffix in {".html", ".jinja"} and path != MACRO:
            yield path


def test_no_template_draws_a_table_itself():
    offenders = [
        str(p.relative_to(ROOT)) for p in _templates() if re.search(r"<table\b", p.read_text())
    ]
    assert offenders == [], f"use layouts/tables.jinja's data_table macro in: {offenders}"


def test_the_templates_use_the_macro():
    users = [p for p in _templates() if "data_table(" in p.read_text()]
    assert len(users) >= 30


def test_the_container_is_focusable_labelled_and_holds_the_caption():
    from dueregard.publishing.document import Document, Table

    document = Document(
        "Report", (Table("Grades by outcome", ("Outcome", "Grade"), (("1A", "2"),)),)
    )
    html = render_to_string("publishing/blocks.html", {"document": document})
    container = re.search(r"<div ([^>]*)>\s*<table", html)
    assert container, html
    attrs = container.group(1)
    assert 'role="region"' in attrs and 'tabindex="0"' in attrs
    assert 'aria-label="Grades by outcome"' in attrs
    assert '<caption class="nhsuk-table__caption">Grades by outcome</caption>' in html
