"""Background jobs of the donations module, run by the django-q2 worker (registered by `manage.py schedules`,
see `jobs.py`)."""

from __future__ import annotations


def expire_needs() -> int:
    """Close needs past their ten days that were not renewed (see `services.needs_expire`)."""
    from .services import needs_expire

    return needs_expire()
