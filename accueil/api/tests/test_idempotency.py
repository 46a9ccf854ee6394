"""Idempotency keys on every API write: a retried request with the same key gets the first answer, once."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accueil.api.idempotency import idempotency_keys_erase
from accueil.api.models import IdempotentRequest
from accueil.testing.concurrency import run_together
from accueil.testing.organisations_factories import OrganisationFactory, api_token_for
from accueil.volunteering.models import Mission

MISSIONS = "/api/v1/organisation/missions"
PAYLOAD = {"title": "Permanence juridique", "description": "Aide aux recours", "category": "legal_help"}


def post(client: Client, token: str, payload: dict, key: str | None) -> object:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(MISSIONS, json.dumps(payload), "application/json", **headers)


@pytest.fixture
def token(city):
    return api_token_for(OrganisationFactory(city=city))


@pytest.mark.django_db
def test_a_retry_with_the_same_key_gets_the_first_answer_and_creates_nothing(client, token):
    first = post(client, token, PAYLOAD, "3f1c7a52-key-1")
    again = post(client, token, PAYLOAD, "3f1c7a52-key-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert (first.get("Idempotent-Replayed"), again["Idempotent-Replayed"]) == (None, "true")
    assert Mission.objects.count() == 1


@pytest.mark.django_db
def test_without_a_key_each_request_runs(client, token):
    post(client, token, PAYLOAD, None)
    post(client, token, PAYLOAD, None)
    assert (Mission.objects.count(), IdempotentRequest.objects.count()) == (2, 0)


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_refused_and_nothing_is_written(client, token):
    post(client, token, PAYLOAD, "key-2")
    other = post(client, token, {**PAYLOAD, "title": "Autre chose"}, "key-2")
    assert (other.status_code, other.json()["error"]["code"]) == (422, "idempotency_key_reused")
    assert list(Mission.objects.values_list("title", flat=True)) == ["Permanence juridique"]


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "with space", "é", "k" * 256])
def test_a_malformed_key_is_refused_before_anything_runs(client, token, key):
    response = post(client, token, PAYLOAD, key)
    assert (response.status_code, response.json()["error"]["code"]) == (400, "idempotency_key_invalid")
    assert (Mission.objects.count(), IdempotentRequest.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_keys_belong_to_their_client(client, city, token):
    other_token = api_token_for(OrganisationFactory(city=city))
    post(client, token, PAYLOAD, "shared-key")
    second = post(client, other_token, PAYLOAD, "shared-key")
    assert (second.status_code, second.get("Idempotent-Replayed")) == (201, None)
    assert Mission.objects.count() == 2


@pytest.mark.django_db
def test_a_refusal_of_the_moment_is_not_kept(client, city):
    read_only = api_token_for(OrganisationFactory(city=city), scopes="read")
    refused = post(client, read_only, PAYLOAD, "key-3")
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "token_read_only")
    assert IdempotentRequest.objects.count() == 0


@pytest.mark.django_db
def test_a_validation_refusal_is_kept_and_replayed(client, token):
    bad = post(client, token, {"title": ""}, "key-4")
    again = post(client, token, {"title": ""}, "key-4")
    assert (bad.status_code, again.status_code, again["Idempotent-Replayed"]) == (422, 422, "true")
    assert Mission.objects.count() == 0


@pytest.mark.django_db
def test_keys_are_erased_after_a_day(client, token):
    post(client, token, PAYLOAD, "old-key")
    post(client, token, PAYLOAD, "new-key")
    IdempotentRequest.objects.filter(key="old-key").update(created_at=timezone.now() - timedelta(hours=25))
    assert idempotency_keys_erase() == 1
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["new-key"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_retries_at_the_same_moment_create_one_mission(postgres_only, city):
    token = api_token_for(OrganisationFactory(city=city))
    outcomes = run_together([lambda: post(Client(), token, PAYLOAD, "same-moment") for _ in range(4)])
    assert outcomes.errors == []
    answers = outcomes.values
    assert {response.status_code for response in answers} == {201}
    assert len({response.content for response in answers}) == 1
    assert sorted(response.get("Idempotent-Replayed", "") for response in answers) == ["", "true", "true", "true"]
    assert Mission.objects.count() == 1


@pytest.mark.django_db
def test_the_document_names_the_header_and_the_edge_refusals_on_every_write(client, city):
    document = client.get("/api/v1/openapi.json").json()
    writes = [
        (path, operation)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method in {"post", "put", "patch", "delete"}
    ]
    assert writes
    for path, operation in writes:
        assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in operation["parameters"]), path
    text = json.dumps(document["components"]["schemas"])
    for code in ("idempotency_key_reused", "token_read_only", "organisation_not_verified", "two_factor_required"):
        assert code in text
    token_writes = [op for _p, op in writes if {"OrganisationToken": []} in op.get("security", [])]
    assert token_writes
    for operation in token_writes:
        assert "TokenWriteError" in json.dumps(operation["responses"]["403"])
