from django.core.management.base import BaseCommand, CommandError

from dueregard.frameworks.definitions import FrameworkDataError
from dueregard.frameworks.services.loader import load_all


class Command(BaseCommand):
    help = "Load the framework files (EDS versions, IDMF, characteristics). Safe to re-run."

    def handle(self, *args, **options):
        try:
            results = load_all()
        except FrameworkDataError as exc:
            raise CommandError(str(exc)) from exc
        for r in results:
            state = "loaded as version" if r.created else "unchanged, version"
            self.stdout.write(f"{r.code}: {state} {r.version}")
