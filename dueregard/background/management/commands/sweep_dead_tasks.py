from django.core.management.base import BaseCommand

from dueregard.background.jobs import sweep


class Command(BaseCommand):
    help = "Mark background work whose worker stopped (no heartbeat) failed, so it can be retried."

    def handle(self, *args, **options):
        self.stdout.write(f"{sweep()} job(s) marked failed")
