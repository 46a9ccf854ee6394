"""Limits on anonymous writes (pledges), counted per client address in the cache."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

PLEDGES_PER_HOUR = 10


def pledge_allowed(request: HttpRequest) -> bool:
    """Count one pledge attempt for this address; False once the hourly limit is passed."""
    key = f"donations:pledge:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= PLEDGES_PER_HOUR
