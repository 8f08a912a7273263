"""IDMF object URLs, each with a factory making the object in the given organisation."""

from dueregard.core.roles import Role
from dueregard.core.services.memberships import grant
from dueregard.idmf.services import decisions

from .helpers import complete_assessment, make_decision


def _owner(org, make_user):
    user = make_user("idmf.owner.b@example.nhs.uk")
    grant(user, Role.STAFF, organisation=org)
    return user


def _frameworks():
    from django.core.management import call_command

    call_command("load_frameworks", verbosity=0)


def _decision(org, make_user):
    _frameworks()
    return make_decision(org, _owner(org, make_user))


def _relevant(org, make_user):
    from .helpers import RELEVANT

    decision = _decision(org, make_user)
    decisions.screen(decision.current_assessment(), RELEVANT, actor=decision.owner)
    return decision


def _step(org, make_user):
    return {"pk": _relevant(org, make_user).pk, "step": "define"}


def _assessment(org, make_user):
    return _decision(org, make_user).current_assessment()


def _download(org, make_user):
    return {"pk": _assessment(org, make_user).pk, "fmt": "pdf"}


def _action(org, make_user):
    decision = _relevant(org, make_user)
    import datetime as dt

    return decisions.add_action(
        decision.current_assessment(),
        actor=decision.owner,
        purpose="mitigate",
        description="Do something",
        groups=["age"],
        owner_name="Someone",
        owner_email="",
        due_date=dt.date(2027, 1, 1),
    )


def _signed(org, make_user):
    decision = _decision(org, make_user)
    assessment = complete_assessment(decision, decision.owner)
    maker = make_user("idmf.maker.b@example.nhs.uk")
    grant(maker, Role.DECISION_MAKER, organisation=org)
    from .helpers import statements

    decisions.sign_off(assessment, actor=maker, statements=statements(assessment))
    return decision


def _summary(org, make_user):
    return {"pk": _assessment(org, make_user).pk, "fmt": "pdf"}


def _coauthor(org, make_user):
    from dueregard.idmf.services import coauthors

    decision = _decision(org, make_user)
    other = make_user("idmf.coauthor.b@example.nhs.uk")
    grant(other, Role.STAFF, organisation=org)
    return coauthors.add(decision, actor=decision.owner, email=other.email)


def _comment_step(org, make_user):
    return {"pk": _relevant(org, make_user).pk, "step": "define"}


def _comment(org, make_user):
    from dueregard.idmf.services import comments

    decision = _relevant(org, make_user)
    return comments.add(
        decision.current_assessment(), actor=decision.owner, step="define", body="Check this."
    )


def _partner(org, make_user):
    import datetime as dt

    from dueregard.idmf.services import partners

    decision = _decision(org, make_user)
    return partners.invite(
        decision,
        actor=decision.owner,
        email="partner.outside@example.org",
        full_name="Pat Outside",
        organisation_name="Riverside Council",
        expires_on=dt.date.today() + dt.timedelta(days=30),
    )


def _import_job(org, make_user):
    from dueregard.idmf.models import ImportJob

    decision = _decision(org, make_user)
    return ImportJob.objects.create(
        assessment=decision.current_assessment(),
        uploaded_by=decision.owner,
        filename="eqia.docx",
        status="failed",
        error="Nothing matched.",
    )


OBJECT_URL_FACTORIES = {
    "idmf:import": (_decision, "get"),
    "idmf:import-review": (_import_job, "get"),
    "idmf:coauthors": (_decision, "get"),
    "idmf:remove-coauthor": (_coauthor, "post"),
    "idmf:partners": (_decision, "get"),
    "idmf:revoke-partner": (_partner, "post"),
    "idmf:add-comment": (_comment_step, "post"),
    "idmf:resolve-comment": (_comment, "post"),
    "idmf:history": (_decision, "get"),
    "idmf:copy": (_decision, "get"),
    "idmf:specialist-review": (_decision, "get"),
    "idmf:committee": (_relevant, "get"),
    "idmf:committee-summary": (_summary, "get"),
    "idmf:detail": (_decision, "get"),
    "idmf:edit": (_decision, "get"),
    "idmf:screening": (_decision, "get"),
    "idmf:step": (_step, "get"),
    "idmf:add-engagement": (_relevant, "get"),
    "idmf:add-action": (_relevant, "get"),
    "idmf:sign-off": (_decision, "get"),
    "idmf:start-review": (_signed, "post"),
    "idmf:publish": (_signed, "post"),
    "idmf:complete-action": (_action, "post"),
    "idmf:record": (_assessment, "get"),
    "idmf:download": (_download, "get"),
}

# Reached by an unguessable slug, without signing in, only while published.
PUBLIC_URLS = {"idmf:public"}
