"""A bounded fuzz of every operation the OpenAPI document declares: no generated request answers 5xx.

The operations are read from the document itself, so a new endpoint is fuzzed without being named here. Each
request picks an operation, a caller (anonymous, an organisation's read-write token, a coordinator's session),
path parameters (existing-looking ids, zero, negative, huge, text), query parameters and a JSON body generated
from the operation's own schemas (valid-looking values mixed with wrong types, huge numbers, long and odd
text, missing and extra fields). Every operation is requested first with a valid-looking draw; then random
draws follow until `MAX_REQUESTS` or `TIME_BUDGET_SECONDS`, whichever comes first.
"""

from __future__ import annotations

import json
import random
import re
import time
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from accueil.testing.organisations_factories import OrganisationFactory, api_token_for, coordinator_of

pytestmark = pytest.mark.django_db

MAX_REQUESTS = 5000
TIME_BUDGET_SECONDS = 60.0
SEED = 20151204

ODD_TEXT = [
    "",
    " ",
    "0",
    "-1",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "' OR 1=1 --",
    '"><script>alert(1)</script>',
    "%00",
    "\u202eevil",
    "🙂" * 20,
    "a" * 3000,
    "null",
    "9999-12-31T23:59:59",
    "0001-01-01",
    "2026-02-30",
    "ar",
]
ODD_NUMBERS = [0, -1, 1, 2, 3, 2**31, 2**63, 10**30, -(10**30)]


class Generator:
    def __init__(self, document: dict[str, Any], rng: random.Random) -> None:
        self.schemas = document.get("components", {}).get("schemas", {})
        self.rng = rng

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.schemas[schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    def odd(self) -> Any:
        return self.rng.choice([*ODD_TEXT, *ODD_NUMBERS, None, True, [], {}, [1, "x"], {"a": 1}])

    def value(self, schema: dict[str, Any] | None, depth: int = 0, plausible: bool = False) -> Any:
        if schema is None or depth > 4:
            return self.odd()
        schema = self.resolve(schema)
        if not plausible and self.rng.random() < 0.15:
            return self.odd()
        for combined in ("anyOf", "oneOf", "allOf"):
            if combined in schema:
                return self.value(self.rng.choice(schema[combined]), depth + 1, plausible)
        if "enum" in schema:
            return self.rng.choice(schema["enum"])
        kind = schema.get("type")
        if kind == "integer":
            return self.rng.choice([1, 2, 3] if plausible else ODD_NUMBERS)
        if kind == "number":
            return self.rng.choice([0.5, 48.85, 2.35] if plausible else [0.0, -1.5, 1e308, 48.85])
        if kind == "boolean":
            return self.rng.choice([True, False])
        if kind == "array":
            size = self.rng.choice([0, 1, 2] if plausible else [0, 1, 3, 50])
            return [self.value(schema.get("items"), depth + 1, plausible) for _ in range(size)]
        if kind == "object" or "properties" in schema:
            properties = schema.get("properties", {})
            required = set(schema.get("required", []))
            body = {}
            for name, sub in properties.items():
                if name in required or self.rng.random() < (0.8 if plausible else 0.5):
                    body[name] = self.value(sub, depth + 1, plausible)
            if not plausible and self.rng.random() < 0.2:
                body[self.rng.choice(["extra", "id", "city", "__proto__"])] = self.odd()
            return body
        if kind == "string":
            fmt = schema.get("format")
            if plausible and fmt == "date-time":
                return "2027-03-01T10:00:00+01:00"
            if plausible and fmt == "date":
                return "2027-03-01"
            if plausible:
                return self.rng.choice(["Paris", "fr", "ar", "legal_help", "x"])
            return self.rng.choice(ODD_TEXT)
        return self.odd()


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def build(
    generator: Generator, path: str, method: str, operation: dict[str, Any], plausible: bool
) -> tuple[str, str | None, dict[str, str]]:
    rng = generator.rng
    query: dict[str, str] = {}
    headers: dict[str, str] = {}
    for parameter in operation.get("parameters", []):
        value = generator.value(parameter.get("schema"), plausible=plausible)
        text = value if isinstance(value, str) else json.dumps(value)
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", str(rng.choice([1, 2, 3, text]) if plausible else text))
        elif parameter["in"] == "query" and (parameter.get("required") or rng.random() < 0.6):
            query[parameter["name"]] = text
        elif parameter["in"] == "header" and rng.random() < 0.3:
            headers[parameter["name"]] = text if re.fullmatch(r"[\x20-\x7e]*", text) else "k"
    path = re.sub(r"\{[^}]+\}", "1", path)
    body = None
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is not None:
        body = json.dumps(generator.value(content.get("schema"), plausible=plausible))
    elif method != "get" and operation.get("requestBody") is None and rng.random() < 0.1:
        body = rng.choice(["{", "[]", "null", '{"a": ' * 50])
    url = path + ("?" + urlencode(query) if query else "")
    return url, body, headers


def test_every_operation_fuzzed_answers_no_server_error(city):
    organisation = OrganisationFactory(city=city)
    token = api_token_for(organisation)
    clients = {name: Client(raise_request_exception=False) for name in ("anonymous", "token", "session")}
    clients["session"].force_login(coordinator_of(city))
    document = clients["anonymous"].get("/api/v1/openapi.json").json()
    ops = operations(document)
    assert len(ops) >= 50
    rng = random.Random(SEED)
    generator = Generator(document, rng)
    callers = list(clients)
    sent = 0
    covered: set[tuple[str, str]] = set()
    failures: list[str] = []
    started = time.monotonic()
    order = [(op, True) for op in ops]
    while sent < MAX_REQUESTS and time.monotonic() - started < TIME_BUDGET_SECONDS:
        (path, method, operation), plausible = order.pop(0) if order else (rng.choice(ops), rng.random() < 0.3)
        caller = rng.choice(callers)
        client = clients[caller]
        extra: dict[str, str] = {}
        if caller == "token":
            extra["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        url, body, headers = build(generator, path, method, operation, plausible)
        for name, value in headers.items():
            extra["HTTP_" + name.upper().replace("-", "_")] = value
        if body is None:
            response = getattr(client, method)(url, **extra)
        else:
            response = getattr(client, method)(url, body, content_type="application/json", **extra)
        sent += 1
        covered.add((method, path))
        if response.status_code >= 500:
            failures.append(f"{method.upper()} {url} {body!r:.200} as {caller} → {response.status_code}")
    print(f"fuzz: {sent} requests over {len(covered)} operations in {time.monotonic() - started:.1f} s")
    assert failures == []
    assert covered == {(method, path) for path, method, _op in ops}
