from __future__ import annotations

import pytest
from django.db import connection


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
