"""One rate limiter: a fixed window per (scope, client address), counted in the cache shared by the servers."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

from .net import client_ip


def rate_limit_hit(request: HttpRequest, *, scope: str, limit: int, period_seconds: int = 3600) -> bool:
    """Count one attempt of this visitor in `scope`; True while they are within `limit` per period."""
    key = f"ratelimit:{scope}:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, timeout=period_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=period_seconds)
        count = 1
    return count <= limit
