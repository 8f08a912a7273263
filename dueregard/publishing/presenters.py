"""Display values for format requests."""

from .models import FormatRequest


def request_rows(requests) -> list[dict]:
    return [
        {
            "req": r,
            "format": r.get_format_display() + (f" ({r.language})" if r.language else ""),
            "open": r.status == FormatRequest.Status.OPEN,
        }
        for r in requests
    ]
