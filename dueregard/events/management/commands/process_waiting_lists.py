from django.conf import settings
from django.core.management.base import BaseCommand

from dueregard.events.services.booking import process_waiting_lists


class Command(BaseCommand):
    help = (
        "Lapse expired waiting-list offers; offer free places to the next (run every few minutes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default=getattr(settings, "EVENTS_BASE_URL", ""))

    def handle(self, *args, **options):
        counts = process_waiting_lists(base_url=options["base_url"])
        self.stdout.write(
            f"Offers lapsed: {counts['lapsed']}; places offered: {counts['offered']}."
        )
