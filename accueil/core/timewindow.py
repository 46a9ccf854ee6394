"""The sensible window for anything scheduled (shifts, events, and the apps to come): a new start at most one day
in the past and at most two years ahead, and a bounded length. Checked by the services, so that forms and the API
refuse the same way (`ValidationError` keyed by field: a form shows it, the API answers 422). A year 9999 answered
500 (the time zone conversion overflowed); years 0001 and 2020 or a ten-year shift were accepted."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

PAST_GRACE = dt.timedelta(days=1)
HORIZON = dt.timedelta(days=2 * 365 + 1)


def schedule_check(
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    longest: dt.timedelta,
    too_long: str,
    new_start: bool = True,
    now: dt.datetime | None = None,
) -> None:
    """Refuse a start outside [now − 1 day, now + 2 years] (only when `new_start`: a start that is not changed
    may be in the past), an end past the horizon, or a length over `longest` (`too_long` is the message)."""
    now = now or timezone.now()
    starts_at, ends_at = (timezone.make_aware(v) if timezone.is_naive(v) else v for v in (starts_at, ends_at))
    errors: dict[str, list[str]] = {}
    if new_start and starts_at < now - PAST_GRACE:
        errors.setdefault("starts_at", []).append(_("The start cannot be more than one day in the past."))
    if starts_at > now + HORIZON:
        errors.setdefault("starts_at", []).append(_("The start cannot be more than two years ahead."))
    if ends_at - starts_at > longest:
        errors.setdefault("ends_at", []).append(too_long)
    if errors:
        raise ValidationError(errors)


def horizon_date(*, now: dt.datetime | None = None) -> dt.date:
    """The last day anything may be scheduled on."""
    return ((now or timezone.now()) + HORIZON).date()
