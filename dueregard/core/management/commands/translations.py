"""The translators' workflow on the command line.

manage.py translations status                    # every language: translated, reviewed, offered
manage.py translations status cy --changed       # ...and the strings changed since review
manage.py translations export cy --format xliff -o cy.xlf
manage.py translations import cy cy-translated.xlf
manage.py translations review cy --by "Name of the reviewer"
"""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dueregard.core.translation import catalogues, exchange


def _language(code: str) -> str:
    codes = [c for c, _n in settings.LANGUAGES if c != catalogues.SOURCE_LANGUAGE]
    if code not in codes:
        raise CommandError(f"Unknown language {code!r}: choose from {', '.join(codes)}.")
    return code


class Command(BaseCommand):
    help = "Export, import and review translations; show each language's status."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        status = sub.add_parser("status")
        status.add_argument("language", nargs="?")
        status.add_argument(
            "--changed", action="store_true", help="list strings changed since review"
        )
        export = sub.add_parser("export")
        export.add_argument("language")
        export.add_argument("--format", choices=exchange.FORMATS, default="po")
        export.add_argument("-o", "--output", required=True)
        imp = sub.add_parser("import")
        imp.add_argument("language")
        imp.add_argument("file")
        review = sub.add_parser("review")
        review.add_argument("language")
        review.add_argument("--by", required=True, help="the reviewer's name")
        review.add_argument("--string", action="append", help="only this English string")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _status(self, language=None, changed=False, **_):
        rows = [catalogues.status(_language(language))] if language else catalogues.all_statuses()
        for s in rows:
            reviewers = ", ".join(f"{who} ({when:%d %B %Y})" for who, when in s.reviewers)
            self.stdout.write(
                f"{s.code:8} {s.state:24} {s.translated}/{s.total} translated, {s.fuzzy} fuzzy, "
                f"{s.reviewed} reviewed, {len(s.changed_since_review)} changed since review"
                + (f"; reviewed by {reviewers}" if reviewers else "")
            )
            if changed:
                for text in s.changed_since_review:
                    self.stdout.write(f"    changed since review: {text}")

    def _export(self, language, format, output, **_):
        Path(output).write_bytes(exchange.export(_language(language), format))
        self.stdout.write(f"Wrote {output}")

    def _import(self, language, file, **_):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {file}.")
        try:
            result = exchange.import_file(_language(language), path.read_bytes(), path.name)
        except exchange.ImportRejected as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Imported {result.updated} translation(s) ({result.unchanged} unchanged, "
            f"{result.untranslated} left untranslated). They are unreviewed until someone "
            f"runs: manage.py translations review {language} --by NAME"
        )

    def _review(self, language, by, string=None, **_):
        try:
            marked = exchange.review(
                _language(language), by, date.today(), set(string or []) or None
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Marked {marked} translation(s) reviewed by {by}.")
