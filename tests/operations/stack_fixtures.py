"""Run inside ``manage.py shell`` by the production stack test: picks demo rows to use and
prints them as JSON (a signed-off decision to publish, an open session to book, an EDS
assessment to add a document to, and a person allowed to do all three)."""

import json

from django.utils import timezone

from dueregard.core.models import Membership
from dueregard.core.roles import Role
from dueregard.eds.models import Assessment as EdsAssessment
from dueregard.events.models import Session
from dueregard.idmf.models import Decision


def pick():
    lead = (
        Membership.objects.active()
        .filter(role=Role.EDI_LEAD, organisation__isnull=False)
        .select_related("user", "organisation")
        .order_by("pk")
        .first()
    )
    org = lead.organisation
    decision = next(
        d
        for d in Decision.objects.filter(organisation=org).order_by("pk")
        if (a := d.current_assessment()) is not None and a.is_signed_off
    )
    session = next(
        s
        # a future session: the demo also has past series (the reach tables' history)
        for s in Session.objects.filter(
            series__allowed_organisations=org, date__gt=timezone.localdate()
        ).order_by("date", "pk")
        if s.start
        and s.capacity > s.bookings.filter(status="confirmed").count()
        and not s.bookings.filter(user=lead.user).exists()
    )
    eds = EdsAssessment.objects.filter(organisation=org).exclude(stage="published").first()
    return {
        "email": lead.user.email,
        "decision": decision.pk,
        "session": session.pk,
        "eds": eds.pk if eds else None,
        "eds_stage": eds.stage if eds else None,
    }


print("STACK=" + json.dumps(pick()))
