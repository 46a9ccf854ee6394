"""Plan endpoints."""

from ninja import Router

router = Router(tags=["plan"])
