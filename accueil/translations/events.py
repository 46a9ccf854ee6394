"""Audit event types of the translations app."""

SOURCE_CHANGED = "translations.source_changed"
TRANSLATION_PROPOSED = "translations.proposed"
TRANSLATION_PUBLISHED = "translations.published"
TRANSLATION_REJECTED = "translations.rejected"
TRANSLATION_REVALIDATED = "translations.revalidated"
TRANSLATOR_LANGUAGE_SET = "translations.translator_language_set"
