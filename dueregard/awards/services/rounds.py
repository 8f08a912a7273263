"""Award rounds, their categories and questions (every change audited).

A new round gets the Inclusive Leader category from ``data/inclusive_leader.yaml``,
copied in as rows: organisers may then change the round's copy (ADR 0012).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from dueregard.core.services import audit
from dueregard.frameworks.definitions import load_question_set

from ..models import Category, Question, Round

DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def inclusive_leader() -> dict:
    # Read and checked like every framework file (frameworks.definitions.awards).
    return load_question_set(DATA / "inclusive_leader.yaml").as_dict()


def validate_dates(opens_on, closes_on) -> None:
    if opens_on and closes_on and closes_on <= opens_on:
        raise ValidationError({"closes_on": "The closing date must be after the opening date"})


@transaction.atomic
def create_round(
    *,
    actor,
    organisation,
    title: str,
    opens_on,
    closes_on,
    eligible_organisations,
    include_inclusive_leader: bool = True,
    request=None,
    **values,
) -> Round:
    validate_dates(opens_on, closes_on)
    rnd = Round.objects.create(
        system=organisation.system,
        organisation=organisation,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=actor,
        **values,
    )
    rnd.eligible_organisations.set(eligible_organisations)
    audit.record(
        "awards.round_created",
        actor=actor,
        obj=rnd,
        after={"title": title, "opens_on": opens_on, "closes_on": closes_on, **values},
        request=request,
    )
    if include_inclusive_leader:
        add_inclusive_leader(rnd, actor=actor, request=request)
    return rnd


def add_inclusive_leader(rnd: Round, *, actor=None, request=None) -> Category:
    data = inclusive_leader()
    existing = rnd.categories.filter(name=data["name"]).first()
    if existing:
        return existing
    category = add_category(
        rnd, name=data["name"], description=data["description"], actor=actor, request=request
    )
    for q in data["questions"]:
        add_question(
            category,
            text=q["text"],
            prompts="\n".join(q.get("prompts", [])),
            word_limit=q.get("word_limit", data["word_limit"]),
            rubric=q.get("rubric", data["rubric"]),
            actor=actor,
            request=request,
        )
    return category


def add_category(rnd: Round, *, name: str, description: str = "", actor=None, request=None):
    if rnd.categories.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": "This round already has a category with this name"})
    category = Category.objects.create(
        round=rnd,
        name=name.strip(),
        description=description,
        position=rnd.categories.count() + 1,
    )
    audit.record(
        "awards.category_added",
        actor=actor,
        obj=rnd,
        after={"category": category.name},
        request=request,
    )
    return category


def add_question(
    category: Category,
    *,
    text: str,
    prompts: str = "",
    word_limit: int = 500,
    rubric=None,
    actor=None,
    request=None,
) -> Question:
    if word_limit < 1:
        raise ValidationError({"word_limit": "The word limit must be 1 or more"})
    values = {"text": text.strip(), "prompts": prompts.strip(), "word_limit": word_limit}
    if rubric:
        values["rubric"] = list(rubric)
    question = Question.objects.create(
        category=category, position=category.questions.count() + 1, **values
    )
    audit.record(
        "awards.question_added",
        actor=actor,
        obj=category.round,
        after={"category": category.name, "question": question.position, "word_limit": word_limit},
        request=request,
    )
    return question


ROUND_FIELDS = (
    "title",
    "description",
    "introduction",
    "opens_on",
    "closes_on",
    "blind",
    "min_judges",
    "allow_self_nomination",
)


@transaction.atomic
def update_round(rnd: Round, *, actor, eligible_organisations, request=None, **values) -> Round:
    validate_dates(values.get("opens_on", rnd.opens_on), values.get("closes_on", rnd.closes_on))
    before = audit.snapshot(rnd, ROUND_FIELDS)
    before["eligible"] = sorted(rnd.eligible_organisations.values_list("pk", flat=True))
    for name, value in values.items():
        if name in ROUND_FIELDS:
            setattr(rnd, name, value)
    rnd.save()
    rnd.eligible_organisations.set(eligible_organisations)
    after = audit.snapshot(rnd, ROUND_FIELDS)
    after["eligible"] = sorted(o.pk for o in eligible_organisations)
    audit.record(
        "awards.round_changed", actor=actor, obj=rnd, before=before, after=after, request=request
    )
    return rnd


@transaction.atomic
def update_question(question: Question, *, actor=None, request=None, **values) -> Question:
    if values.get("word_limit", question.word_limit) < 1:
        raise ValidationError({"word_limit": "The word limit must be 1 or more"})
    fields = ("text", "prompts", "word_limit")
    before = audit.snapshot(question, fields)
    for name in fields:
        if name in values:
            value = values[name]
            setattr(question, name, value.strip() if isinstance(value, str) else value)
    question.save()
    audit.record(
        "awards.question_changed",
        actor=actor,
        obj=question.category.round,
        object_repr=f"{question.category.name} Q{question.position}",
        before=before,
        after=audit.snapshot(question, fields),
        request=request,
    )
    return question
