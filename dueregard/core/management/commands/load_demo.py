from django.core.management.base import BaseCommand

from dueregard.core import demo


class Command(BaseCommand):
    help = "Load the demo health and care system (safe to run more than once)."

    def handle(self, *args, **options):
        ran = demo.load()
        self.stdout.write(self.style.SUCCESS(f"Demo loaded: {', '.join(ran)}."))
        self.stdout.write(
            f"Sign in as any demo person at /demo/ (password for all: {demo.DEMO_PASSWORD})."
        )
