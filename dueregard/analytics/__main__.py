"""``python -m dueregard.analytics`` — the same as the ``dueregard`` command."""

import sys

from .cli import main

sys.exit(main())
