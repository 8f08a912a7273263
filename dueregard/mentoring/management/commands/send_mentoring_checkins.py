from django.conf import settings
from django.core.management.base import BaseCommand

from dueregard.mentoring.services.partnerships import send_checkin_reminders


class Command(BaseCommand):
    help = "E-mail reciprocal mentoring pairs at their 3, 6 and 12-month check-ins (once each)."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default=getattr(settings, "EVENTS_BASE_URL", ""))

    def handle(self, *args, **options):
        sent = send_checkin_reminders(base_url=options["base_url"])
        self.stdout.write(f"Check-in reminders sent: {sent}.")
