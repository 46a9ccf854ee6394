"""Which model fields are translatable. Apps register theirs in ``AppConfig.ready()``::

    from accueil.translations.registry import register
    register(Article, ["title", "summary", "body"])

Registered models must carry a ``city`` foreign key; the French source text is the field's value. An app
that keeps something derived from the text (the directory's search index) passes ``after_publish``: it is
called with the translated object once a reviewer's publication has committed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import models

_FIELDS: dict[type[models.Model], tuple[str, ...]] = {}
_AFTER_PUBLISH: dict[type[models.Model], Callable[[models.Model], None]] = {}


def register(
    model: type[models.Model],
    fields: list[str] | tuple[str, ...],
    *,
    after_publish: Callable[[models.Model], None] | None = None,
) -> None:
    for name in fields:
        model._meta.get_field(name)  # fails early on a typo
    _FIELDS[model] = tuple(fields)
    if after_publish is not None:
        _AFTER_PUBLISH[model] = after_publish


def after_publish(model: type[models.Model]) -> Callable[[models.Model], None] | None:
    """What the model's app asked to run once a translation of one of its objects is published."""
    return _AFTER_PUBLISH.get(model._meta.concrete_model or model)


def translatable_models() -> list[type[models.Model]]:
    return sorted(_FIELDS, key=lambda m: m._meta.label)


def translatable_fields(model: type[models.Model]) -> tuple[str, ...]:
    concrete = model._meta.concrete_model or model
    return _FIELDS.get(concrete, ())


def is_translatable(model: type[models.Model], field: str) -> bool:
    return field in translatable_fields(model)
