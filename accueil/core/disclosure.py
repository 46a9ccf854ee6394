"""Small-count suppression for every figure that leaves the teams: published aggregates and plan indicators.

A count of people from 1 to 4 can point at someone (the one pregnant woman met in a district that week), so it
is never shown: `suppress` turns it into None, which pages show as "fewer than 5" and the API as null. Zero
stays visible (it names nobody). In a row with a total, hiding a single cell is not enough (total minus the
others gives it back), so `suppress_row` also hides the next smallest cell (complementary suppression).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

SMALL_COUNT = 5
T = TypeVar("T", int, float)


def is_small(value: float | None) -> bool:
    return value is not None and 0 < value < SMALL_COUNT


def suppress(value: T | None) -> T | None:
    """The value, or None when it is a small count (1 to 4)."""
    return None if is_small(value) else value


def suppress_row(values: Sequence[int], total: int) -> tuple[list[int | None], int | None]:
    """Cells and total of one row with small counts hidden, and never exactly one hidden cell beside a shown
    total."""
    shown: list[int | None] = [suppress(v) for v in values]
    shown_total = suppress(total)
    hidden = [i for i, v in enumerate(shown) if v is None]
    if shown_total is not None and len(hidden) == 1:
        candidates = [i for i, v in enumerate(shown) if v]  # the smallest other non-zero cell
        if candidates:
            shown[min(candidates, key=lambda i: values[i])] = None
        else:
            shown_total = None
    return shown, shown_total


def suppressed_source(compute: Callable[[Any, dt.date], Any]) -> Callable[[Any, dt.date], Any]:
    """A plan indicator source counting people, with small counts hidden."""

    def wrapped(city: Any, on_date: dt.date) -> Any:
        return suppress(compute(city, on_date))

    wrapped.__doc__ = compute.__doc__
    return wrapped
