"""Volunteering endpoints."""

from ninja import Router

router = Router(tags=["volunteering"])
