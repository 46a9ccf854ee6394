"""The API's documentation is served by the site itself, and an oversized body is refused in the API's format."""

from __future__ import annotations

import json
import re

import pytest

from accueil.testing.organisations_factories import OrganisationFactory, api_token_for
from accueil.volunteering.models import Mission


@pytest.mark.django_db
def test_the_api_docs_load_nothing_from_outside_the_site(client, city):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    references = re.findall(r'(?:src|href)="([^"]+)"', response.content.decode())
    assert references and all(ref.startswith("/static/ninja/") for ref in references)


@pytest.mark.django_db
def test_a_body_over_the_limit_is_refused_with_the_json_error_format(client, city, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    raw = api_token_for(OrganisationFactory(city=city))
    body = json.dumps({"title": "x" * 2000})
    response = client.post(
        "/api/v1/organisation/missions", data=body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert (response.status_code, response.json()["error"]["code"]) == (413, "too_large")
    assert Mission.objects.count() == 0
