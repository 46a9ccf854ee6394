from __future__ import annotations

import pytest
from django.db import connection


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")


@pytest.fixture(autouse=True)
def english_messages():
    """Service messages are asserted in their English source form, whatever catalogues are compiled."""
    from django.utils import translation

    with translation.override("en"):
        yield
