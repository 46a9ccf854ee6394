"""Values every page needs: the city, the language switcher with native names (the languages the city offers),
the text direction, and whether the page may show French fallbacks because the language's catalogue is incomplete."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation

from accueil.core.http import city_or_none
from accueil.portal.catalogues import translation_incomplete


def site(request: HttpRequest) -> dict[str, Any]:
    current = translation.get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    city = city_or_none(request)
    offered = set(city.offered_languages) if city is not None else {code for code, _name in settings.LANGUAGES}
    switcher = [
        {
            "code": code,
            "name": name,
            "url": translate_url(path, code),
            "current": code == current,
            "dir": "rtl" if code in settings.LANGUAGES_BIDI else "ltr",
        }
        for code, name in settings.LANGUAGES
        if code in offered or code == current
    ]
    return {
        "city": city,
        # The city's name in the reader's script where the city gives one (Paris → باريس, ፓሪስ).
        "city_name": city.name_in(current) if city is not None else "",
        "language_switcher": switcher,
        "text_direction": "rtl" if translation.get_language_bidi() else "ltr",
        "translation_incomplete": translation_incomplete(current),
    }
