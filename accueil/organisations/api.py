"""Partner registry endpoints."""

from ninja import Router

router = Router(tags=["organisations"])
