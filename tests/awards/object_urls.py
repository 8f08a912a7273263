"""Object URLs of the awards app, with factories making one object in a given organisation.

The isolation test later gives ``everything.b@example.nhs.uk`` every role in organisation B
and checks they reach the object: make them the nominator and a judge, so nominator-only
and judge-only pages answer 200 for them.
"""

from django.core.files.base import ContentFile

from dueregard.awards.models import Evidence, Stage

from .helpers import make_judge, make_nomination, make_round

OWNER_B = "everything.b@example.nhs.uk"


def _round(org, make_user):
    return make_round(org)


def _judged_round(org, make_user):
    rnd = make_round(org)
    make_judge(rnd, make_user(OWNER_B), is_chair=True)
    return rnd


def _category(org, make_user):
    return make_round(org).categories.get()


def _nomination(org, make_user, stage=Stage.JUDGING):
    rnd = _judged_round(org, make_user)
    other = make_user("nominator.b@example.nhs.uk")
    return make_nomination(rnd, other, stage=stage, org=org)


def _draft(org, make_user):
    rnd = make_round(org)
    return make_nomination(rnd, make_user(OWNER_B), stage=Stage.DRAFT, org=org)


def _winner(org, make_user):
    return _nomination(org, make_user, stage=Stage.WINNER)


def _evidence(org, make_user):
    n = _nomination(org, make_user)
    e = Evidence(nomination=n, original_name="e.pdf", content_type="application/pdf", size=9)
    e.file.save("e.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    e.save()
    return e


def _question(org, make_user):
    return make_round(org).categories.get().questions.first()


def _awaiting(org, make_user):
    return _nomination(org, make_user, stage=Stage.AWAITING_CONSENT)


def _export(org, make_user):
    return {"pk": _round(org, make_user).pk, "kind": "nominations", "fmt": "csv"}


OBJECT_URL_FACTORIES = {
    "awards:round": (_round, "get"),
    "awards:reach": (_round, "get"),
    "awards:round-edit": (_round, "get"),
    "awards:judge-conflicts": (_judged_round, "get"),
    "awards:category-create": (_round, "get"),
    "awards:judge-add": (_round, "get"),
    "awards:conflict-record": (_round, "get"),
    "awards:judging": (_judged_round, "get"),
    "awards:results": (_round, "get"),
    "awards:announce": (_round, "post"),
    "awards:finalise": (_round, "post"),
    "awards:export": (_export, "get"),
    "awards:question-create": (_category, "get"),
    "awards:nominate": (_category, "get"),
    "awards:question-edit": (_question, "get"),
    "awards:nomination": (_nomination, "get"),
    "awards:nomination-edit": (_draft, "get"),
    "awards:resend-consent": (_awaiting, "post"),
    "awards:score": (_nomination, "get"),
    "awards:declare-conflict": (_nomination, "get"),
    "awards:decide": (_nomination, "get"),
    "awards:blind-preview": (_nomination, "get"),
    "awards:certificate": (_winner, "get"),
    "awards:evidence": (_evidence, "get"),
}
PUBLIC_URLS = {"awards:consent", "awards:citation", "awards:winners"}
