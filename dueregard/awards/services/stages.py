"""A round's stages, and which action belongs to which.

    upcoming → open for nominations → closed (judging) → decisions final → announced

Dates move a round from upcoming to open to closed; the chair makes decisions final, then
announces. Services call ``require`` before acting, so no page, export or API can take an
action out of its stage.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Round


class RoundStage(models.TextChoices):
    UPCOMING = "upcoming", gettext_lazy("Not open yet")
    OPEN = "open", gettext_lazy("Open for nominations")
    JUDGING = "judging", gettext_lazy("Nominations closed: judging and decisions")
    FINAL = "final", gettext_lazy("Decisions final, not yet announced")
    ANNOUNCED = "announced", gettext_lazy("Announced")


ORDER = list(RoundStage)


def stage_of(rnd: Round, today=None) -> RoundStage:
    if rnd.announced_at:
        return RoundStage.ANNOUNCED
    if rnd.decisions_final_at:
        return RoundStage.FINAL
    today = today or timezone.localdate()
    if today < rnd.opens_on:
        return RoundStage.UPCOMING
    if today <= rnd.closes_on:
        return RoundStage.OPEN
    return RoundStage.JUDGING


def _day(value) -> str:
    return date_format(value, "j F Y")


def require_decisions_allowed(rnd: Round) -> None:
    stage = stage_of(rnd)
    if stage in (RoundStage.UPCOMING, RoundStage.OPEN):
        raise ValidationError(
            _(
                "Nominations close on %(date)s. Decisions can be made from the day after, "
                "when every nomination is in."
            )
            % {"date": _day(rnd.closes_on)}
        )
    if stage != RoundStage.JUDGING:
        raise ValidationError(
            _("The decisions for this round are final, so they can no longer be changed.")
        )


def require_scoring_allowed(rnd: Round) -> None:
    if stage_of(rnd) in (RoundStage.FINAL, RoundStage.ANNOUNCED):
        raise ValidationError(_("The decisions for this round are final: scores are closed."))


def require_announcement_allowed(rnd: Round) -> None:
    stage = stage_of(rnd)
    if stage == RoundStage.ANNOUNCED:
        raise ValidationError(_("This round has already been announced."))
    if stage != RoundStage.FINAL:
        raise ValidationError(
            _(
                "The round cannot be announced yet: the decisions are not final. Decide "
                "every nomination, then make the decisions final."
            )
        )
