from django.core.management.base import BaseCommand

from dueregard.eds.services.publication import send_publication_reminders


class Command(BaseCommand):
    help = "E-mail EDI leads whose EDS report is unpublished and due within 30 days (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--days-before", type=int, default=30)

    def handle(self, *args, **options):
        sent = send_publication_reminders(days_before=options["days_before"])
        self.stdout.write(f"Sent {sent} publication reminder(s).")
