"""The Easy Read version of a published page: written by the EDI lead in three sections
(what we looked at, how we did, what we will do), one short idea per line, each section
with a picture. The rules below follow the usual Easy Read guidance (Mencap's "Am I
making myself clear?", the Department of Health's "Making written information easier to
understand"): short sentences, one idea per line, few lines, a picture beside the words.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.core.services import audit

from .. import pictograms
from ..models import EasyRead, EasyReadPicture
from ..published import PublishedPage
from . import easy_read_pictures

SECTIONS = ("looked_at", "how_we_did", "will_do")
MAX_WORDS = 15
MAX_LINES = 8
MAX_WORD_LETTERS = 16  # a longer word is almost always jargon or a compound to split
_TWO_SENTENCES = re.compile(r"[.!?]\s+\S")


def lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def problems(text: str) -> list[str]:
    """What breaks the Easy Read rules in one section, line by line."""
    found = []
    rows = lines(text)
    if not rows:
        return [_("Write at least one line")]
    if len(rows) > MAX_LINES:
        found.append(
            _("Use at most %(max)s lines; this has %(count)s")
            % {"max": MAX_LINES, "count": len(rows)}
        )
    for number, line in enumerate(rows, start=1):
        words = line.split()
        if len(words) > MAX_WORDS:
            found.append(
                _("Line %(n)s has %(count)s words: use %(max)s or fewer")
                % {"n": number, "count": len(words), "max": MAX_WORDS}
            )
        if _TWO_SENTENCES.search(line):
            found.append(
                _("Line %(n)s has more than one sentence: put each on its own line") % {"n": number}
            )
        long = [w for w in words if len(w.strip(".,;:!?()\"'")) > MAX_WORD_LETTERS]
        if long:
            found.append(
                _("Line %(n)s has a long word (%(word)s): use a shorter, everyday word")
                % {"n": number, "word": long[0]}
            )
    return found


def for_page(kind: str, slug: str) -> EasyRead | None:
    return EasyRead.objects.filter(kind=kind, slug=slug).first()


def published(kind: str, slug: str) -> EasyRead | None:
    return EasyRead.objects.filter(kind=kind, slug=slug, published_at__isnull=False).first()


@transaction.atomic
def save(actor, kind: str, slug: str, page: PublishedPage, data: dict) -> EasyRead:
    easy = for_page(kind, slug) or EasyRead(
        kind=kind, slug=slug, system=page.system, organisation=page.organisation
    )
    uploaded = uploaded_pictures(easy)
    errors, picture_actions = {}, {}
    for name in SECTIONS:
        found = problems(data.get(name, ""))
        if found:
            errors[name] = found
        if data.get(f"{name}_picture") not in pictograms.PICTOGRAMS:
            errors[f"{name}_picture"] = [_("Choose a picture from the list")]
        picture_errors, picture_actions[name] = easy_read_pictures.problems(
            data, name, uploaded.get(name)
        )
        errors.update(picture_errors)
    if errors:
        raise ValidationError(errors)
    created = easy.pk is None
    for name in SECTIONS:
        setattr(easy, name, "\n".join(lines(data[name])))
        setattr(easy, f"{name}_picture", data[f"{name}_picture"])
    easy.updated_by = actor
    easy.save()
    changed = _apply_pictures(actor, easy, uploaded, picture_actions)
    audit.record(
        "publishing.easy_read_saved",
        actor=actor,
        obj=easy,
        after={"page": f"{kind}/{slug}", "created": created, "pictures": changed},
    )
    return easy


def uploaded_pictures(easy: EasyRead) -> dict[str, EasyReadPicture]:
    if easy.pk is None:
        return {}
    return {p.section: p for p in EasyReadPicture.objects.filter(easy_read=easy)}


def _apply_pictures(actor, easy, uploaded, actions) -> dict[str, str]:
    """Store, relabel or remove each section's uploaded picture; what changed, by section."""
    changed = {}
    for name, action in actions.items():
        if action is None:
            continue
        verb, detail = action
        if verb == "remove":
            if name in uploaded:
                uploaded[name].delete()
                changed[name] = "removed"
        elif verb == "keep":
            picture = uploaded[name]
            if picture.alt != detail:
                picture.alt = detail
                picture.save(update_fields=["alt"])
                changed[name] = "described"
        else:
            content_type, content, alt = detail
            EasyReadPicture.objects.update_or_create(
                easy_read=easy,
                section=name,
                defaults={
                    "system": easy.system,
                    "organisation": easy.organisation,
                    "content_type": content_type,
                    "content": content,
                    "alt": alt,
                    "uploaded_by": actor,
                },
            )
            changed[name] = "uploaded"
    return changed


@transaction.atomic
def set_published(actor, easy: EasyRead, publish: bool) -> EasyRead:
    if publish and any(problems(getattr(easy, name)) for name in SECTIONS):
        raise ValidationError(_("Fix the Easy Read text before publishing it"))
    easy.published_at = timezone.now() if publish else None
    easy.save(update_fields=["published_at"])
    audit.record(
        "publishing.easy_read_published" if publish else "publishing.easy_read_withdrawn",
        actor=actor,
        obj=easy,
    )
    return easy


def sections(easy: EasyRead) -> list[dict]:
    """What the page and the PDF show: each section's heading, picture and lines."""
    headings = {
        "looked_at": _("What we looked at"),
        "how_we_did": _("How we did"),
        "will_do": _("What we will do next"),
    }
    uploaded = uploaded_pictures(easy)
    result = []
    for name in SECTIONS:
        code = getattr(easy, f"{name}_picture")
        own = uploaded.get(name)
        result.append(
            {
                "name": name,
                "heading": headings[name],
                "picture": code,
                "picture_alt": own.alt if own else str(pictograms.PICTOGRAMS.get(code, "")),
                # The organisation's own picture, inline; else None and the pictogram shows.
                "picture_data": (
                    easy_read_pictures.data_uri(own.content_type, own.content) if own else None
                ),
                "lines": lines(getattr(easy, name)),
            }
        )
    return result
