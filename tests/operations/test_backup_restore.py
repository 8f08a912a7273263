"""Back up, wipe, restore: the same rows (counts and a checksum of every row) and the same
uploaded files (checksums)."""

import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command

from dueregard.core.models import Notification, User
from dueregard.core.services import audit, notifications
from dueregard.operations import backup


def _everything_checksum() -> str:
    out = io.StringIO()
    call_command("dumpdata", exclude=backup.EXCLUDED, natural_foreign=True, stdout=out)
    return hashlib.sha256(out.getvalue().encode()).hexdigest()


@pytest.fixture
def world(org_a, edi_lead_a, staff_a):
    from dueregard.events.services import booking
    from tests.events.helpers import make_series, make_session

    session = make_session(make_series(org_a), capacity=3)
    booking.book(session, staff_a)
    audit.record("test.backup", actor=edi_lead_a, organisation=org_a, after={"x": 1})
    notifications.send(staff_a.email, "password_reset", {"user": staff_a, "link": "/x/"})
    store = storages["default"]
    names = [
        store.save("eds/evidence/survey.pdf", ContentFile(b"%PDF-1.7 survey")),
        store.save("awards/evidence/photo.png", ContentFile(bytes(range(256)) * 10)),
    ]
    yield names
    for name in names:
        store.delete(name)


@pytest.mark.django_db(transaction=True)
def test_back_up_wipe_restore_gives_the_same_rows_and_files(world, tmp_path):
    before_counts = backup.row_counts()
    before_rows = _everything_checksum()
    before_files = backup.uploaded_files()
    assert before_counts["core.User"] >= 2 and before_counts["events.Booking"] == 1
    assert len(before_files) >= 2

    call_command("backup", str(tmp_path / "b"))

    # Wipe: every row and every uploaded file.
    call_command("flush", interactive=False, verbosity=0)
    for name in before_files:
        storages["default"].delete(name)
    assert User.objects.count() == 0 and not backup.uploaded_files()

    call_command("restore", str(tmp_path / "b"), "--yes")
    assert backup.row_counts() == before_counts
    assert _everything_checksum() == before_rows
    assert backup.uploaded_files() == before_files
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_and_nothing_changes(world, tmp_path):
    call_command("backup", str(tmp_path / "b"))
    archive = tmp_path / "b" / "database.json.gz"
    archive.write_bytes(archive.read_bytes()[:-10])
    users = User.objects.count()
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command("restore", str(tmp_path / "b"), "--yes")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "b"))
    with pytest.raises(CommandError, match="no manifest"):
        call_command("restore", str(tmp_path / "nothing"), "--yes")
    assert User.objects.count() == users
