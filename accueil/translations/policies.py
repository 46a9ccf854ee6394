"""Who may do what in the translation workflow. Views and services ask here."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from accueil.accounts.models import Role
from accueil.accounts.policies import is_active_user, is_coordinator
from accueil.accounts.selectors import user_has_role

from .models import TranslatorLanguage
from .registry import declared_languages

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City


def is_translator(user: User | AnonymousUser, city: City | None) -> TypeGuard[User]:
    return is_active_user(user) and city is not None and user_has_role(user=user, city=city, role=Role.TRANSLATOR)


def can_translate(user: User | AnonymousUser, city: City | None, language: str) -> bool:
    """Propose a translation: a translator of the city, in one of their languages when they listed some."""
    if not is_translator(user, city):
        return False
    if TranslatorLanguage.objects.filter(city=city, user=user, language=language).exists():
        return True
    languages = declared_languages(user=user, city=city)
    return languages is None or language in languages


def can_review(user: User | AnonymousUser, city: City | None, language: str) -> bool:
    """Publish, reject or re-validate: an expert translator of the city for that language."""
    return (
        is_translator(user, city)
        and TranslatorLanguage.objects.filter(city=city, user=user, language=language, is_reviewer=True).exists()
    )


def reviewer_languages(user: User | AnonymousUser, city: City | None) -> list[str]:
    if not is_translator(user, city):
        return []
    return list(
        TranslatorLanguage.objects.filter(city=city, user=user, is_reviewer=True).values_list("language", flat=True)
    )


def can_see_backlog(user: User | AnonymousUser, city: City | None) -> bool:
    return is_translator(user, city) or is_coordinator(user=user, city=city)


def can_manage_translators(user: User | AnonymousUser, city: City | None) -> bool:
    return is_coordinator(user=user, city=city)
