from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dueregard.operations import backup


class Command(BaseCommand):
    help = (
        "Replace ALL rows and uploaded files with a backup's, then check the row counts and "
        "the files' checksums against its manifest. Stop the app servers and workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Confirm that the current data will be replaced."
        )

    def handle(self, *args, folder, yes=False, **options):
        if not yes:
            raise CommandError("This replaces all data. Add --yes to confirm.")
        try:
            result = backup.restore(folder)
        except backup.BackupProblem as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(result["counts"].values())
        self.stdout.write(
            f"Restored {rows:,} rows and {len(result['files']):,} files; "
            "counts and checksums match."
        )
