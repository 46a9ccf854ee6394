"""factory_boy factories of the translation workflow."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from accueil.testing.factories import CityFactory, RoleAssignmentFactory, UserFactory
from accueil.translations.models import TranslatorLanguage


class TranslatorLanguageFactory(DjangoModelFactory):
    class Meta:
        model = TranslatorLanguage

    city = factory.SubFactory(CityFactory)
    user = factory.SubFactory(UserFactory)
    language = "ar"
    is_reviewer = False


def translator(*, city, languages=("ar",), reviewer_for=()):  # type: ignore[no-untyped-def]
    """A person with the translator role in ``city``, working in ``languages``, expert for ``reviewer_for``."""
    user = UserFactory()
    RoleAssignmentFactory(user=user, city=city, role="translator")
    for code in set(languages) | set(reviewer_for):
        TranslatorLanguageFactory(city=city, user=user, language=code, is_reviewer=code in reviewer_for)
    return user
