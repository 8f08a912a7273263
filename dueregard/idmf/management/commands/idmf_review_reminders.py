"""E-mail the owners of IDMF assessments whose review date has come (run daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from dueregard.idmf.services.reviews import send_review_reminders


class Command(BaseCommand):
    help = "Send a reminder for each signed-off IDMF assessment whose review is due."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default=getattr(settings, "SITE_URL", ""))

    def handle(self, *args, base_url="", **options):
        count = send_review_reminders(base_url=base_url.rstrip("/"))
        self.stdout.write(f"Review reminders sent for {count} assessment(s).")
