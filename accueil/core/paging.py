"""Paging bounded at the API's edge. A page number past `MAX_PAGE` (or a page size past `MAX_PAGE_SIZE`) is
refused as bad input, before it reaches the database: an offset beyond SQLite's and PostgreSQL's integers
answered 500 ("datatype mismatch"). Every paginated endpoint uses `BoundedPageNumberPagination`, and every
hand-written one (`?page=`, `?per_page=`) reads its numbers with `page_number_from`."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100


class BoundedPageNumberPagination(PageNumberPagination):
    """Ninja's page numbers, with `page` at most `MAX_PAGE` and `page_size` at most `MAX_PAGE_SIZE`; a value out
    of range is refused with 422 in the API's error format."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)


def page_number_from(value: str | None, *, default: int = 1, maximum: int = MAX_PAGE) -> int | None:
    """A page number (or size) read from a query string: `default` when absent or not a number, at least 1, and
    None when it is past `maximum` (the caller refuses it)."""
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        return default
    if number > maximum:
        return None
    return max(1, number)
