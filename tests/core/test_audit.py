import pytest
from django.urls import reverse

from dueregard.core.models import AuditEvent
from dueregard.core.services import audit


def test_audit_is_append_only(org_a):
    event = audit.record("thing.changed", organisation=org_a, before={"a": 1}, after={"a": 2})
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(action="tampered")


def test_only_changed_fields_are_kept(org_a):
    event = audit.record(
        "thing.changed", organisation=org_a, before={"a": 1, "b": 2}, after={"a": 1, "b": 3}
    )
    assert event.before == {"b": 2} and event.after == {"b": 3}


def test_special_category_values_never_reach_the_trail(org_a):
    event = audit.record(
        "person.updated",
        organisation=org_a,
        before={"ethnicity": "A", "job": "Nurse"},
        after={"ethnicity": "M", "job": "Nurse"},
    )
    assert event.after["ethnicity"] == "[changed]"
    assert "M" not in str(event.after) and "A" not in str(event.before.get("ethnicity"))


def test_edi_lead_filters_the_trail(client_for, edi_lead_a, org_a):
    audit.record("grade.recorded", organisation=org_a, actor=edi_lead_a)
    audit.record("booking.created", organisation=org_a)
    client = client_for(edi_lead_a)
    body = client.get(reverse("core:audit"), {"action": "grade"}).content.decode()
    assert "grade.recorded" in body and "booking.created" not in body
    bad = client.get(reverse("core:audit"), {"date_from": "2026-12-01", "date_to": "2026-11-01"})
    assert bad.status_code == 400
    assert "The to date must be the same as or after the from date" in bad.content.decode()
