"""Random input against the API, the registry forms and the import: never a 500, never a partial write."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accueil.organisations import services
from accueil.organisations.models import Membership, Organisation
from accueil.organisations.registry_csv import registry_csv_read
from accueil.organisations.selectors import organisation_export_rows
from accueil.testing.organisations_factories import api_token_for

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

huge_numbers = st.integers(min_value=-(10**40), max_value=10**40)
text = st.text(max_size=80)
scalars = st.none() | st.booleans() | huge_numbers | st.floats(allow_nan=False, allow_infinity=False) | text
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
codes = st.sampled_from(["legal", "health", "ar", "ti", "association", "club", "", "1", "2", "99"]) | text
PATCH_FIELDS = [
    "name",
    "acronym",
    "type",
    "description",
    "email",
    "phone",
    "website",
    "address",
    "sectors",
    "districts",
    "languages",
]
patch_bodies = (
    st.fixed_dictionaries(
        {}, optional={field: json_values | codes | st.lists(codes | huge_numbers, max_size=4) for field in PATCH_FIELDS}
    )
    | json_values
)
query_values = text | huge_numbers.map(str) | codes


def registry_state(city) -> list:
    return [
        list(organisation_export_rows(city=city)),
        sorted(Membership.objects.values_list("organisation_id", "user_id", "role")),
    ]


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "type", "sector", "district", "language", "verified", "page", "page_size"]),
        query_values,
        max_size=5,
    )
)
def test_api_list_never_fails(client, organisation, params):
    response = client.get("/api/v1/organisations?" + urlencode(params))
    assert response.status_code in (200, 422), (params, response.content[:300])
    if response.status_code == 422:
        assert response.json()["error"]["code"] == "invalid"


@FUZZ
@given(body=patch_bodies)
def test_api_patch_never_fails_nor_half_writes(city, organisation, body):
    client = Client()
    raw = api_token_for(organisation)
    organisation.refresh_from_db()
    before = registry_state(city)
    response = client.patch(
        f"/api/v1/organisations/{organisation.slug}",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code in (200, 400, 422), (body, response.content[:300])
    if response.status_code != 200:
        assert set(response.json()["error"]) == {"code", "message", "details"}
        assert registry_state(city) == before


form_values = st.dictionaries(
    st.sampled_from(PATCH_FIELDS), text | codes | st.lists(codes, max_size=3), max_size=len(PATCH_FIELDS)
)


@FUZZ
@given(data=form_values)
def test_create_form_never_fails_nor_half_writes(city, as_user, admin, data):
    client = as_user(admin)
    before = (Organisation.objects.count(), Membership.objects.count())
    response = client.post(reverse("organisations:create"), data)
    assert response.status_code in (200, 302), (data, response.status_code)
    if response.status_code == 200:
        assert (Organisation.objects.count(), Membership.objects.count()) == before
    else:
        assert (Organisation.objects.count(), Membership.objects.count()) == (before[0] + 1, before[1] + 1)


@FUZZ
@given(data=form_values)
def test_edit_form_never_fails_nor_half_writes(city, as_user, organisation, admin, other_organisation, data):
    organisation.refresh_from_db()
    client = as_user(admin)
    before = registry_state(city)
    response = client.post(reverse("organisations:edit", args=[organisation.slug]), data)
    assert response.status_code in (200, 302), (data, response.status_code)
    if response.status_code == 200:
        assert registry_state(city) == before


row_values = st.dictionaries(
    st.sampled_from([*services.REGISTRY_COLUMNS, "extra"]) | st.none() | text,
    text | codes | st.none() | st.lists(text, max_size=2),
    max_size=8,
)


@FUZZ
@given(rows=st.lists(row_values | json_values, max_size=5))
def test_import_rows_all_or_nothing(city, organisation, rows):
    before = registry_state(city)
    result = services.organisations_import_rows(city=city, rows=rows, acting_user=None)
    if not result.ok:
        assert registry_state(city) == before
        assert all(error.line >= 2 and str(error) for error in result.errors)
    else:
        assert result.created + result.updated == len(rows)


@FUZZ
@given(data=st.binary(max_size=400) | text.map(lambda t: ("name,type\n" + t).encode("utf-8", "surrogatepass")))
def test_csv_reader_never_crashes(data):
    try:
        rows = registry_csv_read(data)
    except services.ValidationError:
        return
    assert isinstance(rows, list)
