"""Donations endpoints."""

from ninja import Router

router = Router(tags=["donations"])
