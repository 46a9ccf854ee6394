"""Which model fields are translatable. Apps register theirs in ``AppConfig.ready()``::

    from accueil.translations.registry import register
    register(Article, ["title", "summary", "body"])

Registered models must carry a ``city`` foreign key; the French source text is the field's value.
"""

from __future__ import annotations

from django.db import models

_FIELDS: dict[type[models.Model], tuple[str, ...]] = {}


def register(model: type[models.Model], fields: list[str] | tuple[str, ...]) -> None:
    for name in fields:
        model._meta.get_field(name)  # fails early on a typo
    _FIELDS[model] = tuple(fields)


def translatable_models() -> list[type[models.Model]]:
    return sorted(_FIELDS, key=lambda m: m._meta.label)


def translatable_fields(model: type[models.Model]) -> tuple[str, ...]:
    concrete = model._meta.concrete_model or model
    return _FIELDS.get(concrete, ())


def is_translatable(model: type[models.Model], field: str) -> bool:
    return field in translatable_fields(model)
