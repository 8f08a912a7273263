"""Comments per step and per impact-grid row, resolved and reopened, each one audited; the
people involved (owner, co-authors, earlier commenters on the step) are e-mailed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.core.requests import absolute_url
from dueregard.core.services import audit, notifications

from ..models import Assessment, Comment
from . import coauthors, framework

MAX_LENGTH = 5000


def _valid_place(assessment: Assessment, step: str, group: str) -> None:
    steps = {s.code for s in framework.idmf(assessment).steps} | {"screening"}
    if step not in steps:
        raise ValidationError(_("There is no such step to comment on."))
    if group and (step != "assess-impact" or group not in framework.groups(assessment).codes):
        raise ValidationError(
            {"group": _("Comments on a group belong to the impact grid (step 4)")}
        )


def place(comment: Comment) -> str:
    """The path of the comment on its page (the screening or a step)."""
    decision_pk = comment.assessment.decision_id
    if comment.step == "screening":
        path = reverse("idmf:screening", args=[decision_pk])
    else:
        path = reverse("idmf:step", kwargs={"pk": decision_pk, "step": comment.step})
    return f"{path}#comment-{comment.pk}"


def _link(comment: Comment, request=None) -> str:
    return absolute_url(place(comment), request)


def _notify(comment: Comment, *, actor, event: str, request=None) -> int:
    decision = comment.assessment.decision
    people = {u.pk: u for u in coauthors.people_involved(decision)}
    for earlier in Comment.objects.filter(
        assessment=comment.assessment, step=comment.step
    ).select_related("author"):
        people.setdefault(earlier.author_id, earlier.author)
    people.pop(actor.pk, None)
    for user in sorted(people.values(), key=lambda u: u.email):
        notifications.send(
            user.email,
            "idmf_comment",
            {
                "decision": decision,
                "comment": comment,
                "event": event,
                "actor": actor,
                "place": step_label(comment),
                "link": _link(comment, request),
            },
            organisation=decision.organisation,
        )
    return len(people)


def step_label(comment: Comment) -> str:
    spec = framework.idmf(comment.assessment)
    if comment.step == "screening":
        label = spec.screening.title
    else:
        step = spec.step(comment.step)
        label = f"Step {step.number}: {step.title}"
    if comment.group:
        label += f" ({framework.group_name(comment.assessment, comment.group)})"
    return label


@transaction.atomic
def add(
    assessment: Assessment, *, actor, step: str, body: str, group: str = "", request=None
) -> Comment:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your comment")})
    if len(body) > MAX_LENGTH:
        raise ValidationError(
            {"body": _("Keep the comment under %(n)s characters") % {"n": MAX_LENGTH}}
        )
    _valid_place(assessment, step, group)
    comment = Comment.objects.create(
        assessment=assessment, step=step, group=group, author=actor, body=body
    )
    audit.record(
        "idmf.comment.added",
        actor=actor,
        obj=assessment.decision,
        request=request,
        after={"step": step, "group": group, "version": assessment.version},
    )
    _notify(comment, actor=actor, event="added", request=request)
    return comment


@transaction.atomic
def set_resolved(comment: Comment, resolved: bool, *, actor, request=None) -> Comment:
    if comment.is_resolved == resolved:
        raise ValidationError(
            _("The comment is already resolved.") if resolved else _("The comment is open.")
        )
    comment.resolved_at = timezone.now() if resolved else None
    comment.resolved_by = actor if resolved else None
    comment.save(update_fields=["resolved_at", "resolved_by"])
    audit.record(
        "idmf.comment.resolved" if resolved else "idmf.comment.reopened",
        actor=actor,
        obj=comment.assessment.decision,
        request=request,
        after={"step": comment.step, "group": comment.group, "comment": comment.pk},
    )
    _notify(comment, actor=actor, event="resolved" if resolved else "reopened", request=request)
    return comment
