"""Staff networks named as local interests on an EDS panel (issue 19, ADR 0046).

Issue 19 links the programmes to the assurance side: a staff network of the assessment's
organisation (or of its system) can sit on the panel as a local interest. The panel and the
published report name the network, never its members (membership is private to the
network's chairs, ADR 0033). The EDS sits above the networks in the layers, so it reads the
register directly. Each change is audited; a signed-off assessment is not changed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from dueregard.core.services import audit
from dueregard.networks.models import Network

from ..models import Assessment, LocalInterest
from .assessments import _require_editable


def offered_networks(assessment: Assessment):
    """The networks of the assessment's organisation and its system's system-wide ones; for
    a system-level assessment, every network of the system."""
    rows = Network.objects.filter(system_id=assessment.system_id)
    if assessment.organisation_id is not None:
        rows = rows.filter(
            Q(organisation_id=assessment.organisation_id) | Q(organisation__isnull=True)
        )
    return rows.order_by("name")


def unnamed_networks(assessment: Assessment):
    """The offered networks not yet on the panel."""
    named = LocalInterest.objects.filter(assessment=assessment, network__isnull=False)
    return offered_networks(assessment).exclude(pk__in=named.values("network_id"))


@transaction.atomic
def name_network(assessment: Assessment, network: Network, actor, request=None) -> LocalInterest:
    _require_editable(assessment)
    if not offered_networks(assessment).filter(pk=network.pk).exists():
        raise ValidationError(
            {"network": _("Choose a staff network of this organisation or its system")}
        )
    if LocalInterest.objects.filter(assessment=assessment, name__iexact=network.name).exists():
        raise ValidationError({"network": _("This network is already on the panel")})
    interest = LocalInterest.objects.create(
        assessment=assessment, network=network, name=network.name
    )
    audit.record(
        "eds.local_interest.added",
        actor=actor,
        obj=assessment,
        after={"local_interest": interest.name, "network": network.pk},
        request=request,
    )
    return interest


@transaction.atomic
def remove(interest: LocalInterest, actor, request=None) -> None:
    _require_editable(interest.assessment)
    name, assessment = interest.name, interest.assessment
    interest.delete()
    audit.record(
        "eds.local_interest.removed",
        actor=actor,
        obj=assessment,
        before={"local_interest": name},
        request=request,
    )


def names(assessment: Assessment) -> list[str]:
    return list(
        LocalInterest.objects.filter(assessment=assessment)
        .order_by("name")
        .values_list("name", flat=True)
    )
