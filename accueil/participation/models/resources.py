"""The extranet library: partners share documents and experience. A resource belongs to an organisation (or to
the City when empty), is visible to members (anyone with an organisation membership in the city, and the
City's coordinators) or to the public, and keeps every version: each edit or new upload writes a
``ResourceVersion`` row and the resource shows its current one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accueil.core.models import CityRecord, Timestamped


class ResourceVisibility(models.TextChoices):
    MEMBERS = "members_only", _("Members of the platform")
    PUBLIC = "public", _("Everyone")


class Resource(CityRecord, Timestamped):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="resources")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resources",
        verbose_name=_("organisation"),
        help_text=_("Empty when the City shares the resource."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("text"), max_length=50_000, blank=True)
    file = models.FileField(_("file"), upload_to="resources/%Y/%m/", blank=True, max_length=255)
    file_name = models.CharField(max_length=200, blank=True, editable=False)
    visibility = models.CharField(
        _("visible to"), max_length=12, choices=ResourceVisibility.choices, default=ResourceVisibility.MEMBERS
    )
    tags = models.CharField(_("tags"), max_length=300, blank=True, help_text=_("Separated by commas."))
    search_text = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["city", "visibility", "-updated_at"], name="resource_city_visibility")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:resource_detail", kwargs={"pk": self.pk})

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]


class ResourceVersion(models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=500, blank=True)
    body = models.TextField(max_length=50_000, blank=True)
    file = models.FileField(upload_to="resources/%Y/%m/", blank=True, max_length=255)
    file_name = models.CharField(max_length=200, blank=True)
    tags = models.CharField(max_length=300, blank=True)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["resource", "-number"]
        constraints = [models.UniqueConstraint(fields=["resource", "number"], name="resource_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.resource_id} v{self.number}"
