"""allauth adapter: new accounts take the language they signed up in; sign-in lands in the preferred language."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from .models import Role
from .selectors import user_has_role


def preferred_language(user: Any) -> str:
    language = getattr(user, "preferred_language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """The dashboard, in the person's preferred language (/ar/accounts/me/ for someone who reads Arabic);
        outreach workers land on their outreach page."""
        with translation.override(preferred_language(request.user)):
            city = getattr(request, "city", None)
            if city is not None and user_has_role(user=request.user, city=city, role=Role.OUTREACH_WORKER):
                return reverse("outreach:home")
            return reverse("accounts:dashboard")
