"""A NUL byte in a path or a query string is refused with 400 before any view runs (PostgreSQL cannot store it)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_nul_byte_in_an_api_path_is_a_json_400(client, city):
    response = client.get("/api/v1/collection-points/%00")
    assert (response.status_code, response.json()["error"]["code"]) == (400, "bad_request")


def test_a_nul_byte_in_a_page_query_is_a_400(client, city):
    assert client.get("/ar/organisations/?q=a%00b").status_code == 400


def test_a_query_without_nul_bytes_is_served(client, city):
    assert client.get("/ar/organisations/?q=ab").status_code == 200
