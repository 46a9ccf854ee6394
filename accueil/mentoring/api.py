"""Mentoring endpoints."""

from ninja import Router

router = Router(tags=["mentoring"])
