"""Factories of models whose texts are translated through ``accueil.translations``.

A declaration named ``<field>_<language>`` (``name_en``) on such a factory becomes a published translation of
``<field>`` once the object is created (an empty value: none), so that tests read translated texts the way the
pages do.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from factory.django import DjangoModelFactory

from accueil.translations.models import TARGET_LANGUAGES
from accueil.translations.registry import translatable_fields
from accueil.translations.services import translation_load_published

_LANGUAGES = {code for code, _name in TARGET_LANGUAGES}


def _translations(model: type[models.Model], kwargs: dict[str, Any]) -> dict[tuple[str, str], str]:
    fields = translatable_fields(model)
    found = {}
    for key in list(kwargs):
        field, _sep, language = key.rpartition("_")
        if language in _LANGUAGES and field in fields:
            found[(field, language)] = str(kwargs.pop(key) or "")
    return found


class TranslatedFactory(DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _build(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        _translations(model_class, kwargs)
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        wanted = _translations(model_class, kwargs)
        obj = super()._create(model_class, *args, **kwargs)
        for (field, language), text in wanted.items():
            if text.strip() and str(getattr(obj, field) or "").strip():
                translation_load_published(obj=obj, field=field, language=language, text=text)
        return obj
