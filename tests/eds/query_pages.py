"""EDS list and report pages for the constant-queries registry (tests/core/test_query_counts.py)."""

from django.core.management import call_command
from django.urls import reverse

from dueregard.core.tenancy import Scope
from dueregard.eds.models import Evidence, Service, Stage


def _assessment(org, user):
    from dueregard.eds.services import assessments

    call_command("load_frameworks", verbosity=0)
    scope = Scope(user.pk, org.system, org, frozenset({"edi_lead"}))
    return assessments.create(scope, user, framework_code="eds-2022", title="EDS", period="2025-26")


def _add_evidence(assessment, *, published):
    def add(n):
        service = Service.objects.create(
            assessment=assessment, name=f"Service {Service.objects.count()}"
        )
        Evidence.objects.bulk_create(
            Evidence(
                assessment=assessment,
                outcome_code="1A",
                service=service,
                kind="text",
                title=f"Evidence {i}",
                text="Figures by group",
                may_be_published=published,
            )
            for i in range(n)
        )

    return add


def _public_report(org, user):
    a = _assessment(org, user)
    type(a).objects.filter(pk=a.pk).update(stage=Stage.PUBLISHED)
    return reverse("eds:public-report", args=[a.public_slug]), _add_evidence(a, published=True)


def _report(org, user):
    a = _assessment(org, user)
    return reverse("eds:report", args=[a.pk]), _add_evidence(a, published=False)


QUERY_PAGES = {
    "eds:public-report": _public_report,
    "eds:report": _report,
}
