from django.core.management.base import BaseCommand

from dueregard.cohorts.services.progress import send_follow_up_reminders


class Command(BaseCommand):
    help = (
        "E-mail change-maker participants whose 6- or 12-month follow-up is due (once a day"
        " at most: running twice on one day sends nothing twice)."
    )

    def handle(self, *args, **options):
        sent = send_follow_up_reminders()
        self.stdout.write(f"Follow-up reminders sent: {sent}.")
