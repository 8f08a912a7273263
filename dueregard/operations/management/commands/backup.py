from pathlib import Path

from django.core.management.base import BaseCommand

from dueregard.operations import backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a folder (with a manifest)."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder, **options):
        manifest = backup.back_up(folder)
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Backed up {rows:,} rows and {len(manifest['files']):,} files to {folder}."
        )
