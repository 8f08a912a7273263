"""Voluntary equality monitoring given when booking (ADR 0044): stored apart from the
booking, read only by ``services.reach``."""

from __future__ import annotations

from dueregard.frameworks.services.characteristics import current as current_characteristics

from ..models import Booking, Monitoring


def record_monitoring(booking: Booking, codes: list[str], ethnic_group: str) -> bool:
    """Store what the person chose to share (nothing when they preferred not to say);
    True when something was shared."""
    if not codes and not ethnic_group:
        return False
    Monitoring.objects.create(
        booking=booking,
        framework=current_characteristics(),
        codes=list(codes),
        ethnic_group=ethnic_group,
    )
    return True
