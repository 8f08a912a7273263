from datetime import timedelta

from django.utils import timezone

from dueregard.core.models import AuditEvent, Invitation, Notification
from dueregard.core.roles import Role
from dueregard.core.services import audit
from dueregard.core.services.retention import dispose_expired


def _invitation(org, expires_at):
    _, token_hash = Invitation.new_token()
    return Invitation.objects.create(
        email="x@example.org",
        organisation=org,
        role=Role.STAFF,
        token_hash=token_hash,
        expires_at=expires_at,
    )


def test_expired_personal_data_is_disposed_and_that_is_audited(org_a):
    now = timezone.now()
    old = _invitation(org_a, now - timedelta(days=Invitation.retention_days + 1))
    fresh = _invitation(org_a, now + timedelta(days=3))
    note = Notification.objects.create(
        recipient="x@example.org", template="t", subject="s", body="b"
    )
    Notification.objects.filter(pk=note.pk).update(
        created_at=now - timedelta(days=Notification.retention_days + 1)
    )
    kept_event = audit.record("recent.thing", organisation=org_a)
    counts = dispose_expired(now)
    assert counts["invitations"] == 1 and counts["notifications"] == 1
    assert not Invitation.objects.filter(pk=old.pk).exists()
    assert Invitation.objects.filter(pk=fresh.pk).exists()
    assert AuditEvent.objects.filter(pk=kept_event.pk).exists()
    disposal = AuditEvent.objects.get(action="retention.disposed")
    assert disposal.after == {"invitations": 1, "notifications": 1}


def test_nothing_due_means_no_audit_noise(org_a):
    assert dispose_expired() == {
        "invitations": 0,
        "notifications": 0,
        "closed accounts": 0,
        "audit events": 0,
    }
    assert not AuditEvent.objects.filter(action="retention.disposed").exists()


def test_daily_runs_every_job(db, capsys):
    from django.core.management import call_command

    call_command("load_frameworks", verbosity=0)
    call_command("daily")
    out = capsys.readouterr().out
    for name in (
        "eds_publication_reminders",
        "idmf_review_reminders",
        "process_waiting_lists",
        "send_event_reminders",
        "dispose_expired",
    ):
        assert f"== {name}" in out
