"""EDS object URLs for the tenancy isolation test."""

from django.core.management import call_command

from dueregard.core.tenancy import Scope
from dueregard.eds.models import Action, Evidence, OutcomeLead, Service


def _assessment(org, make_user):
    from dueregard.eds.services import assessments

    call_command("load_frameworks", verbosity=0)
    actor = make_user("eds.owner@example.nhs.uk")
    scope = Scope(actor.pk, org.system, org, frozenset({"edi_lead"}))
    return assessments.create(
        scope, actor, framework_code="eds-2011", title="EDS", period="2011-12"
    )


def _outcome(org, make_user):
    return {"pk": _assessment(org, make_user).pk, "code": "1.1"}


def _evidence(org, make_user):
    a = _assessment(org, make_user)
    e = Evidence.objects.create(assessment=a, outcome_code="1.1", kind="text", title="t", text="x")
    return {"pk": a.pk, "evidence_pk": e.pk}


def _evidence_file(org, make_user):
    from django.core.files.base import ContentFile

    a = _assessment(org, make_user)
    e = Evidence(assessment=a, outcome_code="1.1", kind="document", title="Audit")
    e.document.save("audit.pdf", ContentFile(b"%PDF-1.4 audit"), save=True)
    return {"pk": a.pk, "evidence_pk": e.pk}


def _service(org, make_user):
    a = _assessment(org, make_user)
    service = Service.objects.create(assessment=a, name="Maternity")
    return {"pk": a.pk, "service_pk": service.pk}


def _lead(org, make_user):
    a = _assessment(org, make_user)
    OutcomeLead.objects.create(assessment=a, outcome_code="1.1", lead_contact="A", role="B")
    return {"pk": a.pk, "code": "1.1"}


def _action(org, make_user):
    a = _assessment(org, make_user)
    act = Action.objects.create(assessment=a, outcome_code="1.1", action="Do it")
    return {"pk": a.pk, "action_pk": act.pk}


def _grading(org, make_user):
    from dueregard.eds.models import Grading

    a = _assessment(org, make_user)
    g = Grading.objects.create(
        assessment=a, outcome_code="1.1", source="panel_agreed", grade_code="achieving"
    )
    return {"pk": a.pk, "grading_pk": g.pk}


def _download(org, make_user):
    return {"pk": _assessment(org, make_user).pk, "fmt": "json"}


OBJECT_URL_FACTORIES = {
    "eds:detail": (_assessment, "get"),
    "eds:stage": (_assessment, "post"),
    "eds:add-service": (_assessment, "get"),
    "eds:coverage": (_assessment, "get"),
    "eds:checks": (_assessment, "get"),
    "eds:sign-off": (_assessment, "post"),
    "eds:publish": (_assessment, "post"),
    "eds:reopen": (_assessment, "post"),
    "eds:plan": (_assessment, "get"),
    "eds:carry-over": (_assessment, "post"),
    "eds:report": (_assessment, "get"),
    "eds:download": (_download, "get"),
    "eds:outcome": (_outcome, "get"),
    "eds:add-evidence": (_outcome, "post"),
    "eds:set-lead": (_outcome, "post"),
    "eds:grade": (_outcome, "post"),
    "eds:add-register-evidence": (_outcome, "post"),
    "eds:add-population-evidence": (_outcome, "post"),
    "eds:remove-evidence": (_evidence, "get"),
    "eds:edit-evidence": (_evidence, "get"),
    "eds:evidence-file": (_evidence_file, "get"),
    "eds:edit-service": (_service, "get"),
    "eds:remove-service": (_service, "get"),
    "eds:remove-lead": (_lead, "get"),
    "eds:action-status": (_action, "post"),
    "eds:edit-action": (_action, "get"),
    "eds:remove-action": (_action, "get"),
    "eds:reasons-publication": (_grading, "post"),
}
# Public pages of published reports are reached by an unguessable slug, by design.
PUBLIC_URLS = {"eds:public-report", "eds:public-download", "eds:public-evidence"}


def _local_interest(org, make_user):
    """Issue 19: a staff network named as a local interest on the panel."""
    from dueregard.eds.models import LocalInterest
    from tests.networks.helpers import make_network

    a = _assessment(org, make_user)
    network = make_network(org)
    interest = LocalInterest.objects.create(assessment=a, network=network, name=network.name)
    return {"pk": a.pk, "interest_pk": interest.pk}


OBJECT_URL_FACTORIES.update(
    {
        "eds:add-local-interest": (_assessment, "get"),
        "eds:remove-local-interest": (_local_interest, "get"),
    }
)
