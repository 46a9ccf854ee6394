from __future__ import annotations

import pytest
from django.core.cache import cache

from accueil.testing.accounts_factories import PASSWORD


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and used TOTP codes live in the (locmem) cache: every test starts clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def login(client):
    """Sign in through the real form (allauth records the authentication method, as in production)."""

    def _login(email: str, password: str = PASSWORD, language: str = "en"):
        return client.post(f"/{language}/accounts/login/", {"login": email, "password": password})

    return _login


def shown(text: str, language: str = "en") -> str:
    """`text` as a page in `language` shows it (translated, with the French fallback, HTML-escaped)."""
    from django.utils import translation
    from django.utils.html import escape

    with translation.override(language):
        return escape(translation.gettext(text))
