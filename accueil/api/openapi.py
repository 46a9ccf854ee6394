"""What the OpenAPI document says about every write, whatever app it belongs to.

Each app documents its own answers; the edge adds, to every write operation, what the edge itself may answer:
the optional `Idempotency-Key` header and its two refusals, the refusals of a bearer token that may not write
(`token_read_only`) or whose organisation is not verified yet (`organisation_not_verified`), and the refusal of
a session that has not passed its second factor (`two_factor_required`). Where an app already documents the
same status, both schemas are offered (`oneOf`), so no code an endpoint can answer is left out.
"""

from __future__ import annotations

from typing import Any

from accueil.organisations.errors import OrganisationError

from .idempotency import HEADER, WRITE_METHODS

IDEMPOTENCY_CODES = ("idempotency_key_invalid", "idempotency_key_reused")
TOKEN_CODES = tuple(str(code) for code in OrganisationError)
SESSION_CODES = ("two_factor_required",)


def _error_component(name: str, codes: tuple[str, ...]) -> dict[str, Any]:
    return {
        "title": name,
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string", "enum": list(codes), "description": "Machine-readable refusal code."},
                    "message": {"type": "string", "description": "The refusal in the caller's language."},
                    "details": {},
                },
            }
        },
    }


def _offer(operation: dict[str, Any], status: str, component: str, description: str) -> None:
    """Document `status` answered with `component`, beside whatever the operation already documents."""
    reference = {"$ref": f"#/components/schemas/{component}"}
    responses = operation.setdefault("responses", {})
    existing = responses.get(status)
    if existing is None:
        responses[status] = {"description": description, "content": {"application/json": {"schema": reference}}}
        return
    content = existing.setdefault("content", {}).setdefault("application/json", {})
    schema = content.get("schema")
    if schema is None:
        content["schema"] = reference
    elif reference not in schema.get("oneOf", [schema]):
        content["schema"] = {"oneOf": [*schema.get("oneOf", [schema]), reference]}


def document_the_edge(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["IdempotencyError"] = _error_component("IdempotencyError", IDEMPOTENCY_CODES)
    components["TokenWriteError"] = _error_component("TokenWriteError", TOKEN_CODES)
    components["SecondFactorError"] = _error_component("SecondFactorError", SESSION_CODES)
    methods = {method.lower() for method in WRITE_METHODS}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in methods:
                continue
            parameters = operation.setdefault("parameters", [])
            if not any(p.get("in") == "header" and p.get("name") == HEADER for p in parameters):
                parameters.append(
                    {
                        "in": "header",
                        "name": HEADER,
                        "required": False,
                        "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                        "description": (
                            "Any unique value (a UUID): sent again with the same request, the first answer is "
                            "returned (header Idempotent-Replayed) and nothing is done twice. Kept 24 hours."
                        ),
                    }
                )
            _offer(operation, "400", "IdempotencyError", "Malformed Idempotency-Key.")
            _offer(operation, "422", "IdempotencyError", "Idempotency-Key already used for another request.")
            schemes = {name for requirement in operation.get("security", []) for name in requirement}
            if "OrganisationToken" in schemes:
                _offer(
                    operation, "403", "TokenWriteError", "The token may not write, or its organisation is not verified."
                )
            if "SignedInSession" in schemes:
                _offer(operation, "403", "SecondFactorError", "A second factor is required and was not passed.")
    return schema
