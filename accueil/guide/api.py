"""Guide endpoints."""

from ninja import Router

router = Router(tags=["guide"])
