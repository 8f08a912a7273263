"""Nominating: eligibility, answers within word limits, evidence files, the nominee's consent.

Nothing is half-saved: answers, nominee details and any evidence file are checked first,
then written in one transaction. Consent links carry a token; only its hash is stored.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dueregard.core.models import User
from dueregard.core.services import audit, notifications
from dueregard.frameworks.services.characteristics import current as current_characteristics

from ..models import Answer, Evidence, Monitoring, Nomination, Stage, hash_token, new_token

CONSENT_VALID_DAYS = 21
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# Accepted evidence: extension -> (content type, leading bytes of a real file of that type)
EVIDENCE_TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}
EVIDENCE_HELP = "PDF, Word (DOCX), PNG or JPEG, up to 10 MB"


def word_count(text: str) -> int:
    return len(re.findall(r"\S+", text or ""))


def check_word_limit(question, text: str) -> str | None:
    """The error for an answer over its limit, naming the count; ``None`` when it fits."""
    count = word_count(text)
    if count > question.word_limit:
        return (
            f"Answer to question {question.position} must be {question.word_limit} words or "
            f"fewer (it has {count} words)"
        )
    return None


def check_evidence(upload) -> tuple[str, str]:
    """Check an uploaded file's type (by name and content) and size; return (name, type)."""
    name = (upload.name or "").rsplit("/", 1)[-1][:150]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in EVIDENCE_TYPES:
        raise ValidationError("The file must be a PDF, Word (DOCX), PNG or JPEG file")
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError("The file must be smaller than 10 MB")
    if upload.size == 0:
        raise ValidationError("The selected file is empty")
    content_type, signatures = EVIDENCE_TYPES[ext]
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in signatures):
        raise ValidationError(f"The file is not a real .{ext} file ({EVIDENCE_HELP})")
    return name, content_type


def eligibility_problems(
    rnd, category, *, nominator, nominee_email, nominee_organisation, today=None, exclude_pk=None
) -> list[str]:
    """Why this nomination cannot be made (empty when it can)."""
    problems = []
    if not rnd.is_open(today):
        problems.append(
            f"Nominations for {rnd.title} are open from {rnd.opens_on:%-d %B %Y} to "
            f"{rnd.closes_on:%-d %B %Y}"
        )
    if category.round_id != rnd.pk:
        problems.append("This category is not part of this round")
    if (
        nominee_organisation is not None
        and not rnd.eligible_organisations.filter(pk=nominee_organisation.pk).exists()
    ):
        problems.append("The nominee's organisation is not taking part in these awards")
    email = (nominee_email or "").strip().lower()
    if email and email == nominator.email.lower() and not rnd.allow_self_nomination:
        problems.append("You cannot nominate yourself for these awards")
    duplicate = Nomination.objects.filter(
        category=category, nominator=nominator, nominee_email=email
    )
    if exclude_pk:
        duplicate = duplicate.exclude(pk=exclude_pk)
    if email and duplicate.exists():
        problems.append("You have already nominated this person in this category")
    return problems


def _next_reference(rnd) -> str:
    n = Nomination.objects.filter(round=rnd).exclude(reference="").count() + 1
    while Nomination.objects.filter(round=rnd, reference=f"N-{n:03d}").exists():
        n += 1
    return f"N-{n:03d}"


NOMINEE_FIELDS = (
    "kind",
    "nominee_name",
    "nominee_email",
    "nominee_job_title",
    "nominee_organisation",
    "nominator_job_title",
)


@transaction.atomic
def save(
    *,
    category,
    nominator,
    nominator_organisation,
    details: dict,
    answers: dict,
    upload=None,
    nomination: Nomination | None = None,
    submit: bool = False,
    base_url: str = "",
    request=None,
) -> Nomination:
    """Save a draft (``submit=False``) or submit it and ask the nominee's consent.

    ``answers`` maps question pk to text. Raises ``ValidationError`` (nothing saved) when an
    answer is over its limit, the file is not acceptable, or the nomination is not eligible.
    """
    rnd = category.round
    if nomination is not None and nomination.stage != Stage.DRAFT:
        raise ValidationError("This nomination has been sent and can no longer be changed")
    questions = list(category.questions.all())
    errors: dict[str, list[str]] = {}
    for q in questions:
        problem = check_word_limit(q, answers.get(q.pk, ""))
        if problem:
            errors.setdefault(f"answer_{q.pk}", []).append(problem)
        elif submit and not answers.get(q.pk, "").strip():
            errors.setdefault(f"answer_{q.pk}", []).append(
                f"Answer question {q.position} before you send the nomination"
            )
    file_info = None
    if upload is not None:
        try:
            file_info = check_evidence(upload)
        except ValidationError as exc:
            errors.setdefault("evidence", []).extend(exc.messages)
    problems = eligibility_problems(
        rnd,
        category,
        nominator=nominator,
        nominee_email=details.get("nominee_email", ""),
        nominee_organisation=details.get("nominee_organisation"),
        exclude_pk=nomination.pk if nomination else None,
    )
    if problems:
        errors.setdefault("__all__", []).extend(problems)
    if errors:
        raise ValidationError(errors)

    created = nomination is None
    if created:
        nomination = Nomination(
            round=rnd,
            category=category,
            nominator=nominator,
            nominator_organisation=nominator_organisation,
        )
    for name in NOMINEE_FIELDS:
        if name in details:
            value = details[name]
            setattr(nomination, name, value.strip().lower() if name == "nominee_email" else value)
    nomination.save()
    for q in questions:
        Answer.objects.update_or_create(
            nomination=nomination, question=q, defaults={"text": answers.get(q.pk, "").strip()}
        )
    if file_info is not None:
        name, content_type = file_info
        Evidence.objects.create(
            nomination=nomination,
            file=upload,
            original_name=name,
            content_type=content_type,
            size=upload.size,
        )
    audit.record(
        "awards.nomination_created" if created else "awards.nomination_saved",
        actor=nominator,
        obj=rnd,
        object_repr=f"Nomination {nomination.pk}",
        after={"nomination": nomination.pk, "category": category.name, "evidence": bool(file_info)},
        request=request,
    )
    if submit:
        send_for_consent(nomination, base_url=base_url, request=request)
    return nomination


def send_for_consent(nomination: Nomination, *, base_url: str = "", request=None) -> str:
    """Number the nomination, and e-mail the nominee a consent link. Returns the link."""
    token, token_hash = new_token()
    now = timezone.now()
    resent = nomination.stage == Stage.AWAITING_CONSENT
    nomination.reference = nomination.reference or _next_reference(nomination.round)
    nomination.stage = Stage.AWAITING_CONSENT
    nomination.submitted_at = now
    nomination.consent_token_hash = token_hash
    nomination.consent_expires_at = now + dt.timedelta(days=CONSENT_VALID_DAYS)
    nomination.save()
    link = base_url + reverse("awards:consent", args=[token])
    notifications.send(
        nomination.nominee_email,
        "awards_consent",
        {"nomination": nomination, "link": link, "expires_at": nomination.consent_expires_at},
        organisation=nomination.nominee_organisation,
    )
    audit.record(
        "awards.consent_link_resent" if resent else "awards.nomination_submitted",
        actor=nomination.nominator,
        obj=nomination.round,
        object_repr=nomination.reference,
        after={"stage": nomination.stage, "reference": nomination.reference},
        request=request,
    )
    return link


class TokenError(Exception):
    """A link that cannot be used, with a reason a person can act on."""


class LinkUsed(TokenError):
    """The link was right, and has been used: the message says when and what happened."""


def used_link_message(nomination: Nomination) -> str:
    """What a used consent link says: when it was used and what happened."""
    if nomination.declined_at:
        return _(
            "This link was used on %(date)s: you declined the nomination, so it was "
            "withdrawn and the judges will not see it. Thank you for letting us know."
        ) % {"date": date_format(timezone.localtime(nomination.declined_at), "j F Y")}
    if nomination.consented_at:
        return _(
            "This link was used on %(date)s: you agreed to be nominated, and the nomination "
            "is now %(stage)s. You do not need to do anything else."
        ) % {
            "date": date_format(timezone.localtime(nomination.consented_at), "j F Y"),
            "stage": str(nomination.get_stage_display()).lower(),
        }
    return _("This link is no longer in use. Ask the person who nominated you.")


def find_for_consent(token: str) -> Nomination:
    nomination = (
        Nomination.objects.select_related("round", "category", "nominator", "nominee_organisation")
        .filter(consent_token_hash=hash_token(token))
        .first()
        if token
        else None
    )
    if nomination is None:
        raise TokenError(_("This link is not recognised. Check you copied the whole link."))
    if nomination.stage != Stage.AWAITING_CONSENT:
        raise LinkUsed(used_link_message(nomination))
    if nomination.consent_expires_at and nomination.consent_expires_at <= timezone.now():
        raise TokenError(
            "This link has expired. Ask the person who nominated you to contact the organisers."
        )
    return nomination


@transaction.atomic
def respond_to_consent(
    token: str, *, consent: bool, shared: tuple[list[str], str] | None = None, request=None
) -> Nomination:
    """The nominee agrees or declines; ``shared`` is their voluntary equality monitoring
    (codes, ethnic group; ADR 0044), stored apart and audited only as shared or not."""
    nomination = find_for_consent(token)
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    before = nomination.stage
    now = timezone.now()
    if consent:
        nomination.stage = Stage.JUDGING
        nomination.consented_at = now
    else:
        nomination.stage = Stage.DECLINED
        nomination.declined_at = now
    # The link's hash is kept, so a second visit can say it was used and what happened.
    nomination.save()
    codes, ethnic_group = shared or ([], "")
    monitored = consent and record_monitoring(nomination, codes, ethnic_group)
    audit.record(
        "awards.consent_given" if consent else "awards.consent_declined",
        actor=User.objects.filter(email=nomination.nominee_email).first(),
        obj=nomination.round,
        object_repr=nomination.reference,
        before={"stage": before},
        after={"stage": nomination.stage, "equality_monitoring_shared": bool(monitored)},
        request=request,
    )
    notifications.send(
        nomination.nominator.email,
        "awards_consent_answered",
        {"nomination": nomination, "consent": consent},
        organisation=nomination.nominator_organisation,
    )
    return nomination


def record_monitoring(nomination: Nomination, codes: list[str], ethnic_group: str) -> bool:
    """Store what the nominee chose to share (nothing when they preferred not to say)."""
    if not codes and not ethnic_group:
        return False
    Monitoring.objects.update_or_create(
        nomination=nomination,
        defaults={
            "framework": current_characteristics(),
            "codes": list(codes),
            "ethnic_group": ethnic_group,
        },
    )
    return True
