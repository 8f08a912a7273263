"""Settings for the concurrency test's separate server process (never used elsewhere).

``EVENTS_BOOKING_LOCK=0`` turns the booking lock off and ``EVENTS_RACE_WINDOW_SECONDS``
widens the gap between check and write, for the control run only.
"""

import os

from dueregard.config.settings.test import *  # noqa: F403

EVENTS_BOOKING_LOCK = os.environ.get("EVENTS_BOOKING_LOCK", "1") == "1"
EVENTS_RACE_WINDOW_SECONDS = float(os.environ.get("EVENTS_RACE_WINDOW_SECONDS", "0"))
LOGGING = {"version": 1, "disable_existing_loggers": True}
