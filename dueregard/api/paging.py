"""Lists: paged (``page``, ``page_size``) and filtered by ``updated_since``."""

import datetime as dt
from typing import Generic, TypeVar

from django.http import Http404
from django.utils import timezone
from ninja import Schema
from pydantic import Field, field_validator

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

    @field_validator("updated_since")
    @classmethod
    def _in_utc(cls, value: dt.datetime | None) -> dt.datetime | None:
        """Compare in UTC: any offset the standard allows, within years 1 to 9999."""
        if value is None:
            return None
        try:
            if timezone.is_naive(value):
                value = timezone.make_aware(value)
            return value.astimezone(dt.UTC)
        except (OverflowError, ValueError) as exc:
            raise ValueError("Enter a date and time between the years 1 and 9999") from exc


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
        queryset = queryset.filter(last_changed__gte=params.updated_since)
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


def get_one(request, model, *, own: str, **lookup):
    """One row the token may reach, with ``last_changed`` as in lists; 404 otherwise."""
    try:
        return with_last_changed(request.scope.query(model), own).get(**lookup)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
