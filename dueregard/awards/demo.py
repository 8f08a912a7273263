"""Demo data: an open "Inclusive Leader Awards 2026" round run by the ICB (XRV01), with a
panel of four judges (one a patient representative, one conflicted) and three nominations.

Loaded idempotently: a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dueregard.core.demo import DEMO_DOMAIN, DEMO_PASSWORD
from dueregard.core.models import Organisation, User
from dueregard.core.roles import Role
from dueregard.core.services.memberships import grant

from .models import (
    Answer,
    Conflict,
    ConflictKind,
    Judge,
    JudgeKind,
    Nomination,
    NomineeKind,
    QuestionScore,
    Round,
    Scoresheet,
    Stage,
)
from .services import rounds

TITLE = "Inclusive Leader Awards 2026"
DESCRIPTION = (
    "Recognising individuals and teams across Riverside and Vale who put equality and "
    "inclusion at the heart of their work. A panel of staff and patient representatives "
    "judges the nominations blind."
)

# (e-mail local part, name, role, ODS code, note)
PEOPLE = [
    ("aisha.khan", "Aisha Khan", Role.STAFF, "XRV03", "Awards judge (staff)"),
    ("ben.carter", "Ben Carter", Role.STAFF, "XRV04", "Awards judge (staff)"),
    ("chloe.davies", "Chloe Davies", Role.PANEL_MEMBER, "XRV01", "Awards judge (patient rep)"),
    ("dan.wright", "Dan Wright", Role.STAFF, "XRV02", "Awards judge, line manager of a nominee"),
    ("olu.adebayo", "Olu Adebayo", Role.STAFF, "XRV02", "Nominee"),
    ("kemi.johnson", "Kemi Johnson", Role.STAFF, "XRV03", "Nominator"),
    ("rosa.martinez", "Rosa Martinez", Role.STAFF, "XRV02", "A colleague of Jamie Lee"),
]
JUDGES = [
    ("aisha.khan", JudgeKind.STAFF),
    ("ben.carter", JudgeKind.STAFF),
    ("chloe.davies", JudgeKind.PATIENT),
    ("dan.wright", JudgeKind.STAFF),
]

ANSWERS = {
    "olu.adebayo": [
        "Olu Adebayo set up a community panel with the local Somali and Polish associations "
        "to redesign the diabetes clinic's appointment letters; missed appointments fell.",
        "Olu runs monthly 'learning from difference' sessions and calls out exclusion when "
        "he sees it, turning it into a learning conversation for the team.",
        "The team's staff survey shows the highest score in the trust for 'I can be myself "
        "at work'; reports of concerns from ethnic minority staff are taken up quickly.",
        "Olu chairs the race equality network and brought two board members to listen to "
        "patients with limited English at the clinic.",
    ],
    "wellbeing": [
        "The team co-designed the mental health drop-in with young carers and LGBT+ groups.",
        "They led the trust's accessible information campaign, with Easy Read leaflets.",
        "New starters say they feel welcomed; the team uses reasonable adjustment passports.",
        "They speak up for people whose voices are seldom heard at the system's forums.",
    ],
    "pending": [
        "Sam leads the outreach van to the traveller site with the council.",
        "Sam ran awareness sessions on disability confidence.",
        "Colleagues describe a team where everyone is heard.",
        "Sam mentors staff network members into senior roles.",
    ],
}
EMAILS = {"wellbeing": "wellbeing.team", "pending": "sam.osei"}
# judge -> (nomination key -> four question scores)
SCORES = {
    "aisha.khan": {"olu.adebayo": [5, 4, 5, 4], "wellbeing": [4, 4, 3, 4]},
    "ben.carter": {"olu.adebayo": [4, 4, 4, 3], "wellbeing": [3, 3, 3, 3]},
    "chloe.davies": {"wellbeing": [4, 5, 4, 4]},
}


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DEMO_DOMAIN}")


@transaction.atomic
def load(system) -> None:
    for local, name, role, ods, _note in PEOPLE:
        email = f"{local}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, DEMO_PASSWORD, full_name=name
        )
        grant(user, role, organisation=Organisation.objects.get(ods_code=ods))
    host = Organisation.objects.get(ods_code="XRV01")
    if Round.objects.filter(system=system, title=TITLE).exists():
        return
    today = timezone.localdate()
    rnd = rounds.create_round(
        actor=None,
        organisation=host,
        title=TITLE,
        description=DESCRIPTION,
        opens_on=today - dt.timedelta(days=30),
        closes_on=today + dt.timedelta(days=45),
        eligible_organisations=Organisation.objects.filter(system=system),
        blind=True,
        min_judges=3,
    )
    category = rnd.categories.get()
    questions = list(category.questions.all())
    judges = {}
    for local, kind in JUDGES:
        user = _user(local)
        judges[local] = Judge.objects.create(
            round=rnd, user=user, email=user.email, full_name=user.full_name, kind=kind
        )
    now = timezone.now()
    kemi = _user("kemi.johnson")
    specs = [
        (
            "olu.adebayo",
            "Olu Adebayo",
            NomineeKind.INDIVIDUAL,
            "Diabetes specialist nurse",
            "XRV02",
            Stage.JUDGING,
        ),
        (
            "wellbeing",
            "Vale Young People's Wellbeing Team",
            NomineeKind.TEAM,
            "Community mental health team",
            "XRV03",
            Stage.JUDGING,
        ),
        (
            "pending",
            "Sam Osei",
            NomineeKind.INDIVIDUAL,
            "Outreach lead",
            "XRV04",
            Stage.AWAITING_CONSENT,
        ),
    ]
    noms = {}
    for i, (key, name, kind, job, ods, stage) in enumerate(specs, start=1):
        email = f"{EMAILS.get(key, key)}@{DEMO_DOMAIN}"
        nomination = Nomination.objects.create(
            round=rnd,
            category=category,
            nominator=kemi,
            nominator_organisation=Organisation.objects.get(ods_code="XRV03"),
            nominator_job_title="Equality and inclusion adviser",
            kind=kind,
            nominee_name=name,
            nominee_email=email,
            nominee_job_title=job,
            nominee_organisation=Organisation.objects.get(ods_code=ods),
            stage=stage,
            reference=f"N-{i:03d}",
            submitted_at=now,
            consented_at=now if stage == Stage.JUDGING else None,
            consent_expires_at=now + dt.timedelta(days=21),
        )
        for q, text in zip(questions, ANSWERS[key], strict=True):
            Answer.objects.create(nomination=nomination, question=q, text=text)
        noms[key] = nomination
    Conflict.objects.create(
        judge=judges["dan.wright"],
        nomination=noms["olu.adebayo"],
        kind=ConflictKind.LINE_MANAGER,
        note="Olu's line manager",
        declared_by=judges["dan.wright"].user,
    )
    for local, by_nomination in SCORES.items():
        for key, values in by_nomination.items():
            sheet = Scoresheet.objects.create(judge=judges[local], nomination=noms[key])
            for q, value in zip(questions, values, strict=True):
                QuestionScore.objects.create(sheet=sheet, question=q, score=value)
