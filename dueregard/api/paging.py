"""Lists: paged (``page``, ``page_size``) and filtered by ``updated_since``."""

import datetime as dt
from typing import Generic, TypeVar

from django.utils import timezone
from ninja import Schema
from pydantic import Field

from .services.changes import with_last_changed

T = TypeVar("T")
MAX_PAGE_SIZE = 200


class PageParams(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description="Items per page (≤ 200).")


class ListParams(PageParams):
    updated_since: dt.datetime | None = Field(
        None,
        description="Only items created or changed at or after this time (ISO 8601; "
        "without a time zone, UK time).",
    )


class Page(Schema, Generic[T]):
    count: int = Field(description="Items in the whole list (after filtering).")
    page: int
    page_size: int
    next: str | None = Field(description="The next page's URL, or null on the last page.")
    previous: str | None = Field(description="The previous page's URL, or null on the first.")
    results: list[T]


def _url(request, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return f"{request.path}?{query.urlencode()}"


def paginate(request, queryset, params: PageParams, present, *, own: str | None) -> dict:
    """One page of ``queryset``; ``own`` is the row's timestamp column for updated_since."""
    if own is not None:
        queryset = with_last_changed(queryset, own)
    if getattr(params, "updated_since", None) is not None:
        since = params.updated_since
        if timezone.is_naive(since):
            since = timezone.make_aware(since)
        queryset = queryset.filter(last_changed__gte=since)
    count = queryset.count()
    start = (params.page - 1) * params.page_size
    rows = list(queryset[start : start + params.page_size]) if start < count else []
    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "next": _url(request, params.page + 1) if start + params.page_size < count else None,
        "previous": _url(request, params.page - 1) if params.page > 1 and count else None,
        "results": [present(row) for row in rows],
    }
