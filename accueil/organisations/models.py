"""The partner registry: organisations, their people, invitations and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accueil.core.models import CityRecord, Timestamped


class OrganisationType(models.TextChoices):
    STATE_SERVICE = "state_service", _("State service")
    CITY_SERVICE = "city_service", _("City service")
    ASSOCIATION = "association", _("Association")
    FOUNDATION = "foundation", _("Foundation")
    BUSINESS = "business", _("Business")
    UNIVERSITY = "university", _("University or research body")
    INTERNATIONAL = "international", _("International organisation")
    RELIGIOUS = "religious", _("Religious body")
    PUBLIC_AGENCY = "public_agency", _("Public agency")


class Verification(models.TextChoices):
    PENDING = "pending", _("Awaiting verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Not verified")


class Sector(models.Model):
    """A field of action (housing, health, legal…); labels are translated in the interface."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(CityRecord, Timestamped):
    city = models.ForeignKey("territories.City", on_delete=models.PROTECT, related_name="organisations")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=120)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    type = models.CharField(_("type"), max_length=32, choices=OrganisationType.choices)
    sectors = models.ManyToManyField(Sector, blank=True, related_name="organisations", verbose_name=_("sectors"))
    districts = models.ManyToManyField(
        "territories.District", blank=True, related_name="organisations", verbose_name=_("districts served")
    )
    languages = models.ManyToManyField(
        "languages.Language", blank=True, related_name="organisations", verbose_name=_("languages spoken")
    )
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    verification = models.CharField(
        _("verification"), max_length=16, choices=Verification.choices, default=Verification.PENDING
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verification_note = models.CharField(_("reason"), max_length=500, blank=True)
    # Lower-case, accent-free copy of name, acronym and description, kept up to date by the services.
    search_text = models.TextField(blank=True, default="", editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["city", "slug"], name="organisation_unique_slug"),
            models.UniqueConstraint(fields=["city", "name"], name="organisation_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED


class MembershipRole(models.TextChoices):
    ADMIN = "admin", _("Organisation admin")
    MEMBER = "member", _("Organisation member")


class Membership(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "user"]
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class Invitation(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"


class TokenScopes(models.TextChoices):
    """What a token may do. Writing also needs the organisation to be verified."""

    READ = "read", _("Read only")
    READ_WRITE = "read,write", _("Read and write")


class ApiToken(models.Model):
    """A per-organisation API token; only its SHA-256 hash is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.CharField(_("scope"), max_length=32, choices=TokenScopes.choices, default=TokenScopes.READ)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def can_write(self) -> bool:
        return "write" in self.scopes.split(",")
