"""Limits on anonymous writes (visitor reports), counted per client address in the cache."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

REPORTS_PER_HOUR = 5


def report_allowed(request: HttpRequest) -> bool:
    """Count one report for this address; False once the hourly limit is passed."""
    key = f"directory:report:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= REPORTS_PER_HOUR
