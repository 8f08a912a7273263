"""Small builders for awards tests."""

import datetime as dt

from django.utils import timezone

from dueregard.awards.models import Answer, Judge, Nomination, Stage
from dueregard.awards.services import rounds


def make_round(org, *, eligible=(), days_open=(-5, 20), **values):
    today = timezone.localdate()
    rnd = rounds.create_round(
        actor=None,
        organisation=org,
        title=values.pop("title", "Inclusive Leader Awards 2026"),
        opens_on=today + dt.timedelta(days=days_open[0]),
        closes_on=today + dt.timedelta(days=days_open[1]),
        eligible_organisations=[org, *eligible],
        **values,
    )
    return rnd


def make_nomination(
    rnd, nominator, *, stage=Stage.JUDGING, nominee="Olu Adebayo", org=None, **values
):
    category = rnd.categories.first()
    n = Nomination.objects.create(
        round=rnd,
        category=category,
        nominator=nominator,
        nominator_organisation=values.pop("nominator_organisation", org or rnd.organisation),
        nominee_name=nominee,
        nominee_email=values.pop(
            "nominee_email", nominee.lower().replace(" ", ".") + "@example.nhs.uk"
        ),
        nominee_job_title="Nurse",
        nominee_organisation=org or rnd.organisation,
        stage=stage,
        reference=values.pop(
            "reference", f"N-{Nomination.objects.filter(round=rnd).count() + 1:03d}"
        ),
        **values,
    )
    for q in category.questions.all():
        Answer.objects.create(
            nomination=n, question=q, text=f"{nominee} did great work on Q{q.position}."
        )
    return n


def make_judge(rnd, user, **values):
    return Judge.objects.create(
        round=rnd, user=user, email=user.email, full_name=user.full_name, **values
    )


def answers_for(category, text="Good work."):
    return {q.pk: text for q in category.questions.all()}


def close(rnd):
    """Nominations closed yesterday: the round is in judging, decisions may be made."""
    today = timezone.localdate()
    rnd.opens_on = today - dt.timedelta(days=30)
    rnd.closes_on = today - dt.timedelta(days=1)
    rnd.save(update_fields=["opens_on", "closes_on"])
    return rnd
