import signal
import threading

from django.core.management.base import BaseCommand

from dueregard.operations import scheduler


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (joining links, waiting lists, reminders, retention, e-mail "
        "retries) at their frequencies; safe to run on several machines at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=20.0, help="Seconds between ticks.")
        parser.add_argument("--once", action="store_true", help="Tick once and stop.")

    def handle(self, *args, interval=20.0, once=False, **options):
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write(f"Scheduler running {len(scheduler.JOBS)} jobs.")
        while not stop.is_set():
            started = scheduler.tick()
            if started:
                self.stdout.write(f"Started: {', '.join(started)}")
            self.stdout.flush()
            if once:
                break
            stop.wait(interval)
