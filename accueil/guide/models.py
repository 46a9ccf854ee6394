"""The rights guide: articles written in French (translated through the translations workflow), their steps linked
to directory categories, and road maps by administrative status."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accueil.core.models import CityRecord, Timestamped


class Status(models.TextChoices):
    """Administrative situations a reader may be in; road maps and articles are tagged with them."""

    ASYLUM_SEEKER = "asylum_seeker", _("Asylum seeker")
    REFUGEE = "refugee", _("Refugee or subsidiary protection (BPI)")
    UNDOCUMENTED = "undocumented", _("Without residence papers")
    UNACCOMPANIED_MINOR = "unaccompanied_minor", _("Unaccompanied minor")


class Audience(models.TextChoices):
    ADULTS = "adults", _("Adults")
    FAMILIES = "families", _("Families")
    MINORS = "minors", _("Young people under 18")
    WOMEN = "women", _("Women")


class Article(CityRecord, Timestamped):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="guide_articles")
    slug = models.SlugField(_("address"), max_length=80)
    category_code = models.CharField(_("directory category"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    body = models.TextField(_("text"), max_length=20_000)
    statuses = models.JSONField(_("statuses concerned"), default=list, blank=True)
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    published = models.BooleanField(_("published"), default=False)
    last_reviewed_at = models.DateTimeField(_("last reviewed on"), null=True, blank=True)

    class Meta:
        ordering = ["city", "order", "slug"]
        constraints = [models.UniqueConstraint(fields=["city", "slug"], name="guide_article_unique_slug")]

    def __str__(self) -> str:
        return self.title


class Step(models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=5000, blank=True)
    service_category_code = models.CharField(_("services that carry it out (category)"), max_length=40, blank=True)

    class Meta:
        ordering = ["article", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class RoadMap(models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="guide_road_maps")
    status = models.CharField(_("status"), max_length=32, choices=Status.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["city", "order", "status"]
        constraints = [models.UniqueConstraint(fields=["city", "status"], name="guide_road_map_unique_status")]

    def __str__(self) -> str:
        return self.title


class RoadMapStage(models.Model):
    """One stage of a road map, "where you are → what comes next", optionally pointing to an article."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    road_map = models.ForeignKey(RoadMap, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=2000, blank=True)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["road_map", "order", "pk"]

    def __str__(self) -> str:
        return self.title
