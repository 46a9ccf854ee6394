"""allauth adapter: new accounts take the language they signed up in; sign-in lands in the preferred language;
the client's address (for allauth's login and sign-up limits) is the one every other limit uses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from accueil.core.net import client_ip

from .models import Role
from .selectors import user_has_role

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
        """The dashboard, in the person's preferred language (/ar/accounts/me/ for someone who reads Arabic);
        outreach workers land on their outreach page."""
        with translation.override(preferred_language(request.user)):
            city = getattr(request, "city", None)
            if city is not None and user_has_role(user=request.user, city=city, role=Role.OUTREACH_WORKER):
                return reverse("outreach:home")
            return reverse("accounts:dashboard")

    def get_client_ip(self, request: HttpRequest) -> str:
        """The visitor behind our trusted proxies (`ACCUEIL_TRUSTED_PROXY_COUNT`), so login limits count per visitor."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip
