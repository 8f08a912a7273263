from django.core.management.base import BaseCommand

from dueregard.core.services import notifications


class Command(BaseCommand):
    help = (
        "Record that the latest message to an address bounced (for a mail server's bounce "
        "processing, e.g. a Postfix pipe). GOV.UK Notify reports bounces by its callback."
    )

    def add_arguments(self, parser):
        parser.add_argument("recipient")
        parser.add_argument("--reason", default="")

    def handle(self, *args, recipient, reason="", **options):
        if not notifications.record_bounce(recipient, reason):
            raise SystemExit(f"No sent message to {recipient} to mark as bounced.")
        self.stdout.write("Recorded the bounce.")
