"""Background jobs of the API (django-q2), registered by `manage.py schedules` (see `jobs.py`)."""

from __future__ import annotations


def idempotency_keys_erase_run() -> int:
    from .idempotency import idempotency_keys_erase

    return idempotency_keys_erase()
