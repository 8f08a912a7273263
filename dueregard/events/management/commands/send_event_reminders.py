from django.conf import settings
from django.core.management.base import BaseCommand

from dueregard.events.services.reminders import send_due


class Command(BaseCommand):
    help = "E-mail joining links once they are due, and reminders the day before (never twice)."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default=getattr(settings, "EVENTS_BASE_URL", ""))

    def handle(self, *args, **options):
        counts = send_due(base_url=options["base_url"])
        self.stdout.write(
            f"Joining links sent: {counts['links']}; reminders sent: {counts['reminders']}."
        )
