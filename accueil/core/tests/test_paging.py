"""Paging is bounded at the API's edge: no page number or size, however large, negative or malformed, answers
a 5xx on any list endpoint; a page past `MAX_PAGE` is refused in the endpoint's JSON error format."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accueil.core.paging import MAX_PAGE, page_number_from

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"

# (path, page parameter, page-size parameter or None)
LISTS = [
    ("/api/v1/events", "page", "page_size"),
    ("/api/v1/events/proposals", "page", "page_size"),
    ("/api/v1/events/resources", "page", "page_size"),
    ("/api/v1/organisations", "page", "page_size"),
    ("/api/v1/missions", "page", "page_size"),
    ("/api/v1/directory/search", "page", None),
    ("/api/hsds/services", "page", "per_page"),
    ("/api/hsds/organizations", "page", "per_page"),
    ("/api/hsds/taxonomy_terms", "page", "per_page"),
]

values = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from([HUGE, "-" + HUGE, "0", "-1", str(MAX_PAGE), str(MAX_PAGE + 1), "1e9", "abc", "", " 1", "١٢"]),
    st.text(max_size=30),
)


def test_page_number_from():
    assert [page_number_from(v) for v in (None, "", "x", "-5", "0", "3", str(MAX_PAGE), HUGE)] == [
        1,
        1,
        1,
        1,
        1,
        3,
        MAX_PAGE,
        None,
    ]


@pytest.mark.parametrize(("path", "page", "size"), LISTS)
def test_a_page_past_the_bound_is_refused_in_json(city, path, page, size):
    response = Client().get(path, {page: HUGE})
    assert response.status_code == (400 if "hsds" in path or "directory" in path else 422), response.content
    assert response["Content-Type"].startswith("application/json")
    assert Client().get(path, {page: str(MAX_PAGE)}).status_code == 200


@pytest.mark.parametrize(("path", "page", "size"), LISTS)
def test_no_page_value_answers_5xx(city, path, page, size):
    client = Client(raise_request_exception=False)

    @settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(page_value=values, size_value=values)
    def check(page_value: str, size_value: str) -> None:
        params = {page: page_value}
        if size is not None:
            params[size] = size_value
        response = client.get(path, params)
        assert response.status_code < 500, (params, response.status_code, response.content[:300])

    check()
