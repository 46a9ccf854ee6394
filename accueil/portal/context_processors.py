"""Values every page needs: the city, the language switcher with native names, the text direction."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation


def site(request: HttpRequest) -> dict[str, Any]:
    current = translation.get_language() or settings.LANGUAGE_CODE
    path = request.get_full_path()
    switcher = [
        {
            "code": code,
            "name": name,
            "url": translate_url(path, code),
            "current": code == current,
            "dir": "rtl" if code in settings.LANGUAGES_BIDI else "ltr",
        }
        for code, name in settings.LANGUAGES
    ]
    return {
        "city": getattr(request, "city", None),
        "language_switcher": switcher,
        "text_direction": "rtl" if translation.get_language_bidi() else "ltr",
    }
