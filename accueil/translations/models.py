"""The translation workflow shared by every translatable content: French source versions, proposed and published
translations, translators' languages and reviewer rights, and a cheap per-language page-view counter."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SOURCE_LANGUAGE = "fr"
TARGET_LANGUAGES = [(code, name) for code, name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


class TranslationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PUBLISHED = "published", _("Published")
    OUTDATED = "outdated", _("Outdated")
    REJECTED = "rejected", _("Rejected")


class SourceVersion(models.Model):
    """One version of the French source text of a translatable field."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=64)
    version = models.PositiveIntegerField()
    text_hash = models.CharField(max_length=64)
    text = models.TextField(blank=True)
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["content_type", "object_id", "field", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "version"], name="source_version_unique"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "field"], name="source_version_lookup")]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}.{self.field} v{self.version}"


class Translation(models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=64)
    language = models.CharField(_("language"), max_length=8, choices=TARGET_LANGUAGES)
    text = models.TextField(_("translation"), max_length=50_000)
    status = models.CharField(
        _("status"), max_length=16, choices=TranslationStatus.choices, default=TranslationStatus.PROPOSED
    )
    source_version = models.ForeignKey(SourceVersion, on_delete=models.PROTECT, related_name="translations")
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(_("review comment"), blank=True, max_length=2000)
    is_machine = models.BooleanField(_("machine pre-translation"), default=False)
    # Free notes about the text, e.g. {"needs_review": true} for demo translations to check again.
    meta = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    outdated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                condition=Q(status="published"),
                name="translation_one_published",
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id", "field", "language"], name="translation_lookup"),
            models.Index(fields=["city", "status", "language"], name="translation_city_status"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}.{self.field} [{self.language}] {self.status}"

    @property
    def content_object(self) -> models.Model | None:
        model = self.content_type.model_class()
        if model is None:
            return None
        return model._default_manager.filter(pk=self.object_id).first()


class TranslatorLanguage(models.Model):
    """A translator's working language in a city; reviewers (expert translators) publish or reject proposals."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="translator_languages")
    language = models.CharField(_("language"), max_length=8, choices=TARGET_LANGUAGES)
    is_reviewer = models.BooleanField(_("reviewer (expert translator)"), default=False)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["city", "language", "user"]
        constraints = [models.UniqueConstraint(fields=["city", "user", "language"], name="translator_language_unique")]

    def __str__(self) -> str:
        return f"{self.user} [{self.language}]{' reviewer' if self.is_reviewer else ''}"


class PageView(models.Model):
    """How many times readers opened a translatable object in a language: ranks the translators' backlog."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=8)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "language"], name="page_view_unique")
        ]
        indexes = [models.Index(fields=["city", "language"], name="page_view_city_language")]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} [{self.language}] {self.count}"
