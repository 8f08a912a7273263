from django.core.management.base import BaseCommand

from dueregard.core.services.retention import dispose_expired


class Command(BaseCommand):
    help = "Delete personal data whose declared retention period has ended (run daily)."

    def handle(self, *args, **options):
        counts = dispose_expired()
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        self.stdout.write(f"Disposed of: {summary}.")
