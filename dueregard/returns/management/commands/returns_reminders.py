from django.core.management.base import BaseCommand

from dueregard.returns.services.reminders import send_reminders


class Command(BaseCommand):
    help = "E-mail EDI leads 30, 14, 7 and 1 days before the WRES/WDES deadlines (run daily)."

    def handle(self, *args, **options):
        self.stdout.write(f"Sent {send_reminders()} WRES/WDES reminder(s).")
