"""Which model fields are translatable. Apps register theirs in ``AppConfig.ready()``::

    from accueil.translations.registry import register
    register(Article, ["title", "summary", "body"])

Registered models must carry a ``city`` foreign key; the French source text is the field's value. An app
that keeps something derived from the text (the directory's search index) passes ``after_publish``: it is
called with the translated object once a reviewer's publication has committed.

An app that records the languages people speak registers where to read them, so that a translator who listed
some languages there proposes translations in those only (``translations`` imports no domain app)::

    register_translator_languages(
        "volunteering.VolunteerLanguage", user="profile__user", city="profile__city", language="language_id"
    )
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, cast

from django.apps import apps
from django.db import models

if TYPE_CHECKING:
    from accueil.territories.models import City


class _CityOwned(Protocol):
    city: City


def object_city(obj: models.Model) -> City:
    """The city a registered object belongs to (every registered model carries one)."""
    return cast(_CityOwned, obj).city


_FIELDS: dict[type[models.Model], tuple[str, ...]] = {}
_AFTER_PUBLISH: dict[type[models.Model], Callable[[models.Model], None]] = {}


@dataclass(frozen=True)
class LanguageSource:
    """A model listing the languages a person speaks in a city, and the lookups that reach each part."""

    model: str  # "app_label.ModelName"
    user: str
    city: str
    language: str


_LANGUAGE_SOURCES: list[LanguageSource] = []


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


def register_translator_languages(model: str, *, user: str, city: str, language: str) -> None:
    """Declare a model of another app that lists the languages a person speaks in a city."""
    source = LanguageSource(model=model, user=user, city=city, language=language)
    if source not in _LANGUAGE_SOURCES:
        _LANGUAGE_SOURCES.append(source)


def declared_languages(*, user: object, city: object) -> set[str] | None:
    """The languages the person listed in this city in any registered source, or None when they listed none."""
    codes: set[str] = set()
    for source in _LANGUAGE_SOURCES:
        model = apps.get_model(source.model)
        codes.update(
            model._default_manager.filter(**{source.user: user, source.city: city}).values_list(
                source.language, flat=True
            )
        )
    return codes or None
