"""Values for display: names instead of solver ids, tags, lists."""

from __future__ import annotations

import re

from dueregard.core.monitoring import reach_cells

from . import choices
from .models import Application, PairStatus
from .services import framework

_ID = re.compile(r"\b([LP])(\d+)\b")

STATUS_TAGS = {
    PairStatus.PROPOSED: "nhsuk-tag--grey",
    PairStatus.ACCEPTED: "nhsuk-tag--blue",
    PairStatus.ACTIVE: "nhsuk-tag--green",
    PairStatus.ENDED: "nhsuk-tag--orange",
    PairStatus.COMPLETED: "nhsuk-tag--purple",
}


def pair_tag(pair) -> dict:
    return {"text": pair.get_status_display(), "classes": STATUS_TAGS.get(pair.status, "")}


def names_for(applications) -> dict[str, str]:
    return {a.solver_id: a.name for a in applications}


_TOPICS = re.compile(r"(shared topics?: )([^;]+)")
_SLOTS = re.compile(r"(both available )([^;]+)")


def _codes_to_words(codes: str, words: dict) -> str:
    return ", ".join(str(words.get(c.strip(), c.strip())) for c in codes.split(","))


def humanise(text: str, names: dict[str, str]) -> str:
    """An explanation in words: people's names for solver ids (``L12``), topic names for
    topic codes ("career") and days for availability codes ("mon-am")."""
    text = _ID.sub(lambda m: names.get(m.group(0), m.group(0)), text or "")
    text = _TOPICS.sub(
        lambda m: m.group(1) + _codes_to_words(m.group(2), choices.TOPIC_NAMES), text
    )
    return _SLOTS.sub(lambda m: m.group(1) + _codes_to_words(m.group(2), choices.SLOT_NAMES), text)


def application_facts(a: Application) -> list[tuple[str, str]]:
    """Everything an application says: for the applicant themselves and organisers only."""
    facts = [
        ("Applying as", a.get_side_display()),
        ("Job title or role", a.role),
        ("Organisation", a.organisation.name),
        ("Directorate", a.directorate or "Not given"),
        ("Team", a.team or "Not given"),
        ("Topics", ", ".join(choices.topic_names(a.topics)) or "None"),
        ("Hopes to learn", a.hopes_to_learn),
        ("Hopes to offer", a.hopes_to_offer),
        ("Available", ", ".join(choices.slot_names(a.availability)) or "None"),
        ("How they would like to meet", a.get_format_display()),
    ]
    if a.side == "leader":
        facts.append(("Partners they can take", str(a.capacity)))
    facts += [
        ("Line manager", a.line_manager_email or "Not given"),
        ("More senior managers", ", ".join(a.senior_manager_emails or []) or "None"),
        ("Must not be paired with", ", ".join(a.conflict_emails or []) or "Nobody"),
        (
            "Focus groups shared (private to organisers)",
            ", ".join(framework.names(a.programme.characteristics_framework, a.characteristics))
            or "None shared",
        ),
    ]
    return facts


def partner_facts(a: Application) -> list[tuple[str, str]]:
    """What the other person in a pair sees: never characteristics or managers."""
    return [
        ("Name", a.name),
        ("E-mail", a.user.email),
        ("Job title or role", a.role),
        ("Organisation", a.organisation.name),
        ("Hopes to learn", a.hopes_to_learn),
        ("Hopes to offer", a.hopes_to_offer),
        ("Available", ", ".join(choices.slot_names(a.availability)) or "None"),
        ("How they would like to meet", a.get_format_display()),
    ]


def reach_rows(rows) -> list[dict]:
    """The reach table's cells: the same for every programme (``core.monitoring``)."""
    return reach_cells(rows)
