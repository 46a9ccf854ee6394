"""Row locks of the translation workflow, in one place.

Lock order (every path takes them in this order, so two writers never wait for each other in a cycle):

1. the translation being decided (`translation_lock`), before any other translation of the same field and
   language is touched (publishing steps the earlier published text aside with a conditional update, no lock);
2. a translator's language entry (`translator_language_lock`), never held together with a translation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Translation, TranslatorLanguage

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.territories.models import City


def translation_lock(translation: Translation) -> Translation:
    """The translation, fresh from the database and locked until the transaction ends."""
    return Translation.objects.select_for_update().select_related("source_version").get(pk=translation.pk)


def translator_language_lock(*, city: City, user: User, language: str) -> TranslatorLanguage | None:
    """The person's entry for this language in this city, locked, or None when there is none yet."""
    return TranslatorLanguage.objects.select_for_update().filter(city=city, user=user, language=language).first()
