"""Apps told when a dataset's rows are imported (before an analysis deletes them).

The evidence workspace keeps row-level data only briefly. An app above it that needs an
aggregate of every imported file (the leadership dashboard: each year's staff snapshot)
registers a listener in ``AppConfig.ready()``; each is called inside the import's
transaction with the dataset and its canonical rows, so its aggregate and the import
stand or fall together.
"""

from __future__ import annotations

from collections.abc import Callable

_LISTENERS: list[Callable] = []


def register(listener: Callable) -> None:
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def notify(dataset, frame) -> None:
    for listener in _LISTENERS:
        listener(dataset, frame)
