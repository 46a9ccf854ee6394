from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def english_messages():
    """Service messages are asserted in their English source form, whatever catalogues are compiled."""
    from django.utils import translation

    with translation.override("en"):
        yield
