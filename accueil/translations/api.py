"""Translations endpoints."""

from ninja import Router

router = Router(tags=["translations"])
