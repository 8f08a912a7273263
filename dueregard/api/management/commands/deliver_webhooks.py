"""Send webhook deliveries that are due (retries, when the task backend cannot defer)."""

from django.core.management.base import BaseCommand

from dueregard.api.services.webhooks import deliver_due


class Command(BaseCommand):
    help = "Send webhook deliveries that are due, and retries whose wait is over."

    def handle(self, *args, **options):
        sent = deliver_due()
        self.stdout.write(f"{sent} webhook deliveries attempted.")
