"""Who may do what in the translation workflow. Views and services ask here."""

from __future__ import annotations

from typing import Any

from accueil.accounts.models import Role
from accueil.accounts.selectors import user_has_role

from .models import TranslatorLanguage


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_active", False))


def is_coordinator(user: Any, city: Any) -> bool:
    return _authenticated(user) and city is not None and user_has_role(user=user, city=city, role=Role.COORDINATOR)


def is_translator(user: Any, city: Any) -> bool:
    return _authenticated(user) and city is not None and user_has_role(user=user, city=city, role=Role.TRANSLATOR)


def _volunteer_languages(user: Any, city: Any) -> set[str] | None:
    """Languages the person listed on their volunteer profile in this city, or None without a profile."""
    from accueil.volunteering.models import VolunteerLanguage

    codes = set(
        VolunteerLanguage.objects.filter(profile__user=user, profile__city=city).values_list("language_id", flat=True)
    )
    return codes or None


def can_translate(user: Any, city: Any, language: str) -> bool:
    """Propose a translation: a translator of the city, in one of their languages when they listed some."""
    if not is_translator(user, city):
        return False
    if TranslatorLanguage.objects.filter(city=city, user=user, language=language).exists():
        return True
    languages = _volunteer_languages(user, city)
    return languages is None or language in languages


def can_review(user: Any, city: Any, language: str) -> bool:
    """Publish, reject or re-validate: an expert translator of the city for that language."""
    return (
        is_translator(user, city)
        and TranslatorLanguage.objects.filter(city=city, user=user, language=language, is_reviewer=True).exists()
    )


def reviewer_languages(user: Any, city: Any) -> list[str]:
    if not is_translator(user, city):
        return []
    return list(
        TranslatorLanguage.objects.filter(city=city, user=user, is_reviewer=True).values_list("language", flat=True)
    )


def can_see_backlog(user: Any, city: Any) -> bool:
    return is_translator(user, city) or is_coordinator(user, city)


def can_manage_translators(user: Any, city: Any) -> bool:
    return is_coordinator(user, city)
