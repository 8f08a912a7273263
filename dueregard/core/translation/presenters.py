"""The language chooser's rows: offered languages to choose, the rest with their progress."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from . import catalogues
from .tags import bcp47, direction


@dataclass(frozen=True)
class LanguageChoice:
    code: str
    lang: str  # BCP 47, for the lang attribute of the language's own name
    dir: str
    name: str  # in English
    native_name: str
    offered: bool
    progress: str


def language_choices(native_names: dict[str, str]) -> list[LanguageChoice]:
    statuses = {s.code: s for s in catalogues.all_statuses()}
    offered = catalogues.offered_languages()
    rows = []
    for code, name in settings.LANGUAGES:
        s = statuses.get(code)
        if code in offered:
            progress = _("Complete and reviewed")
        elif s is None or s.total == 0:
            progress = _("Not started")
        else:
            progress = _("%(done)s of %(total)s strings translated, %(reviewed)s reviewed") % {
                "done": s.translated,
                "total": s.total,
                "reviewed": s.reviewed,
            }
        rows.append(
            LanguageChoice(
                code,
                bcp47(code),
                direction(code),
                str(name),
                native_names.get(code, str(name)),
                code in offered,
                progress,
            )
        )
    return rows
