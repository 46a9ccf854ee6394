"""allauth adapter: new accounts take the language they signed up in; sign-in lands in the preferred language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User


def preferred_language(user: User | AnonymousUser) -> str:
    language = getattr(user, "preferred_language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """The dashboard, in the person's preferred language (/ar/accounts/me/ for someone who reads Arabic)."""
        with translation.override(preferred_language(request.user)):
            return reverse("accounts:dashboard")
