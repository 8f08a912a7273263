"""The pictures an Easy Read version may use: OpenMoji pictograms kept in the repository
(``static/publishing/pictograms/``, CC BY-SA 4.0, see the LICENSE.md there), so nothing is
fetched at run time. Each has a plain name for the picker and the alternative text read
out with it."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

DIRECTORY = Path(__file__).resolve().parent / "static" / "publishing" / "pictograms"
ATTRIBUTION = _("Pictures: OpenMoji (openmoji.org), licensed under CC BY-SA 4.0.")

PICTOGRAMS = {
    "looked": _("A magnifying glass"),
    "chart": _("A bar chart"),
    "clipboard": _("A clipboard with a list"),
    "done": _("A tick"),
    "people": _("Two people"),
    "hospital": _("A hospital"),
    "good": _("A thumbs up"),
    "warning": _("A warning sign"),
    "calendar": _("A calendar"),
    "talk": _("A speech bubble"),
    "phone": _("A telephone"),
    "letter": _("An envelope"),
    "together": _("Two hands shaking"),
    "access": _("A wheelchair symbol"),
    "star": _("A star"),
    "write": _("A pencil"),
    "care": _("A heart"),
    "learn": _("Books"),
}


def choices() -> list[tuple[str, str]]:
    return [(code, label) for code, label in PICTOGRAMS.items()]


def static_path(code: str) -> str:
    return f"publishing/pictograms/{code}.svg"


def file_path(code: str) -> Path:
    return DIRECTORY / f"{code}.svg"
