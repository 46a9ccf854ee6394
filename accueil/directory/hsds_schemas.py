"""The HSDS 3.0 JSON schemas (copied in ``hsds_schema/``) and strict validators for our feeds.

Upstream validates each record with a Draft 2020-12 validator and a registry keyed by file name so that
``$ref: "organization.json"`` resolves locally. ``strict=True`` also sets ``additionalProperties: false`` on every
object schema, so a property the specification does not define is an error.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parent / "hsds_schema"


@lru_cache(maxsize=64)
def _load(name: str) -> str:
    return (SCHEMA_DIR / name).read_text(encoding="utf-8")


def load_schema(name: str) -> dict[str, Any]:
    return json.loads(_load(name))


def _strict(node: Any) -> Any:
    if isinstance(node, dict):
        node = {key: _strict(value) for key, value in node.items()}
        if node.get("type") == "object" or "properties" in node:
            node["additionalProperties"] = False
        return node
    if isinstance(node, list):
        return [_strict(item) for item in node]
    return node


def validator(name: str, *, strict: bool = True) -> Any:
    """A jsonschema validator for one schema file (e.g. "service.json", "compiled/service_list.json")."""
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    def prepare(schema: dict[str, Any]) -> dict[str, Any]:
        return _strict(copy.deepcopy(schema)) if strict else schema

    resources = []
    for path in SCHEMA_DIR.glob("*.json"):
        resources.append((path.name, DRAFT202012.create_resource(prepare(load_schema(path.name)))))
    registry = Registry().with_resources(resources)
    return Draft202012Validator(prepare(load_schema(name)), registry=registry, format_checker=FormatChecker())


def errors(name: str, record: Any, *, strict: bool = True) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in validator(name, strict=strict).iter_errors(record)
    ]
