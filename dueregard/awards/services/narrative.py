"""The free text the awards publish, for the small-numbers check before publication
(``dueregard.publishing.narrative``; issue #14): the winners page and its formats print
each winner's citation, checked when the round is announced."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..models import Nomination, Round, Stage

PUBLISHED = ("awards.Round.title", "awards.Nomination.citation")
NOT_PUBLISHED = {
    "awards.Round.description": "shown to signed-in staff on the round's page only",
    "awards.Round.introduction": "shown to signed-in staff on the round's page only",
    "awards.Category.description": "shown to signed-in staff nominating, not on the winners page",
    "awards.Question.text": "asked of nominators; never on the winners page",
    "awards.Question.prompts": "shown to nominators; never on the winners page",
    "awards.Nomination.decision_reason": "the panel's record of its decision",
    "awards.Nomination.override_reason": "the panel's record of an override",
    "awards.Answer.text": "a nominator's answers, read by the judges only",
    "awards.Scoresheet.comment": "a judge's comment, for the panel",
    "awards.QuestionScore.comment": "a judge's comment, for the panel",
}


def fields(rnd: Round) -> list[tuple[str, str]]:
    """(where, text) of the round's title and its winners' citations."""
    out = [(_("The round's title"), rnd.title)]
    winners = Nomination.objects.filter(round=rnd, stage=Stage.WINNER).select_related("category")
    for n in winners.order_by("pk"):
        where = _("The citation for %(name)s (%(category)s)") % {
            "name": n.nominee_name,
            "category": n.category.name,
        }
        out.append((where, n.citation))
    return out
