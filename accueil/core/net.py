"""The client's address, behind the load balancer that `docs/deploy.md` prescribes.

`ACCUEIL_TRUSTED_PROXY_COUNT` (0 by default) says how many proxies of ours stand in front of the application
server. With N > 0 the client is the N-th address from the right of `X-Forwarded-For` (what our own proxies
appended; anything to its left was written by the client and is not trusted); with 0 it is `REMOTE_ADDR`.
The same count is given to the authentication library (`ALLAUTH_TRUSTED_PROXY_COUNT`) so its login limit
counts per visitor too.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    address = address.strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address as our outermost trusted proxy saw it, or None when it cannot be told."""
    trusted = int(getattr(settings, "ACCUEIL_TRUSTED_PROXY_COUNT", 0) or 0)
    if trusted > 0:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= trusted:
            return _valid(forwarded[-trusted])
        return None
    return _valid(request.META.get("REMOTE_ADDR", ""))
