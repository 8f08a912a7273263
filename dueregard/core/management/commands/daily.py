from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run every daily job (settings.DAILY_COMMANDS): reminders, waiting lists, disposal."

    def handle(self, *args, **options):
        failed = []
        for name in settings.DAILY_COMMANDS:
            self.stdout.write(f"== {name}")
            try:
                call_command(name, stdout=self.stdout, stderr=self.stderr)
            except Exception as exc:  # noqa: BLE001 - one failing job must not stop the others
                failed.append(name)
                self.stderr.write(f"{name} failed: {exc}")
        if failed:
            raise SystemExit(f"Daily jobs failed: {', '.join(failed)}")
