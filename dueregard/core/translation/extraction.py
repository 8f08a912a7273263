"""Would `make messages` change the catalogues? (``make test`` fails when it would.)

Extracts every marked string from the Python sources and Jinja2 templates with Babel, the
same way as ``make messages``, and compares the set of strings with the committed template
(``django.pot``) and with each language's catalogue. Line numbers are not compared.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from . import catalogues

# Keep in step with the Makefile's `messages` target.
KEYWORDS = ["_", "gettext", "gettext_lazy", "ngettext:1,2"]


def _keys(catalog) -> set:
    return {(m.id if isinstance(m.id, str) else tuple(m.id), m.context) for m in catalog if m.id}


def extracted(root: Path) -> set:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "django.pot"
        args = ["pybabel", "-q", "extract", "-F", str(root / "babel.cfg")]
        args += ["--ignore-dirs", ".* _* node_modules staticfiles db media bench tests"]
        for keyword in KEYWORDS:
            args += ["-k", keyword]
        CommandLineInterface().run([*args, "-o", str(out), str(root)])
        with out.open("rb") as fh:
            return _keys(read_po(fh))


def stale_report(root: Path) -> list[str]:
    """What `make messages` would change; empty when the catalogues are up to date."""
    fresh = extracted(root)
    problems = []
    committed = _keys(catalogues.load_template())
    if fresh != committed:
        added, gone = fresh - committed, committed - fresh
        problems.append(
            f"django.pot is stale: {len(added)} new string(s) (e.g. {sorted(map(str, added))[:3]}),"
            f" {len(gone)} no longer used (e.g. {sorted(map(str, gone))[:3]}). Run `make messages`."
        )
    for po in sorted(catalogues.LOCALE_DIR.glob("*/LC_MESSAGES/django.po")):
        with po.open("rb") as fh:
            keys = _keys(read_po(fh))
        if keys != committed:
            name = po.parent.parent.name
            problems.append(f"{name}: catalogue not updated from django.pot; run `make messages`.")
    return problems
