"""The OpenAPI document is served at /api/v1/openapi.json, is valid JSON, and documents every path served."""

from __future__ import annotations

import json
import re

import pytest

from accueil.api.api import api

pytestmark = pytest.mark.django_db

NOT_OPERATIONS = {"openapi.json", "docs"}  # the document and its page


def served_paths() -> set[str]:
    """Every path the API routes, written as OpenAPI writes it (`<int:pk>` → `{pk}`)."""
    routes = {str(pattern.pattern) for pattern in api.urls[0]} - NOT_OPERATIONS
    return {"/api/v1/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route) for route in routes}


@pytest.fixture
def document(client, city) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_the_document_is_openapi_3_describing_this_api(document):
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Accueil API"
    assert '{"error": {"code"' in document["info"]["description"]


def test_every_path_served_is_documented(document):
    assert served_paths()  # the API serves something
    assert set(document["paths"]) == served_paths()


def test_every_operation_has_a_unique_id_and_documents_its_answers(document):
    operations = [
        (path, method, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    ids = [operation["operationId"] for _path, _method, operation in operations]
    assert len(ids) == len(set(ids))
    for path, method, operation in operations:
        assert operation["responses"], (method, path)


def test_every_schema_referred_to_is_defined(document):
    text = json.dumps(document)
    references = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', text))
    assert references <= set(document["components"]["schemas"])
