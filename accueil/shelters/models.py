"""Buildings offered and their pipeline, sites, units and beds, daily confirmations, place requests and
reservations.

Inventory follows HMIS: a unit (a room, a dormitory, a flat) has a household type and an availability, and
holds beds. A unit says which audiences it serves (several at once, as a bit mask) and how (Soliguide's
unconditional / preferential / exclusive reception). Each bed has one status; arrivals and departures move it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accueil.core.models import Authored, CityRecord, Timestamped

# A site's figures older than this are shown as stale everywhere.
STALE_AFTER = dt.timedelta(hours=24)
# How long a reserved place waits for the household by default.
DEFAULT_HOLD = dt.timedelta(hours=3)


class OwnerKind(models.TextChoices):
    MUNICIPAL = "municipal", _("City of Paris (municipal)")
    STATE = "state", _("State")
    PRIVATE = "private", _("Private owner")
    BUSINESS = "business", _("Lent by a business")


class BuildingKind(models.TextChoices):
    BUILDING = "building", _("Building")
    LAND = "land", _("Land")


class BuildingStage(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    ASSESSED = "assessed", _("Assessed")
    WORKS = "works", _("Works")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


# Which stage may follow which (closing is possible from every stage: a building given up).
BUILDING_TRANSITIONS: dict[str, frozenset[str]] = {
    BuildingStage.IDENTIFIED: frozenset({BuildingStage.ASSESSED, BuildingStage.CLOSED}),
    BuildingStage.ASSESSED: frozenset({BuildingStage.WORKS, BuildingStage.OPEN, BuildingStage.CLOSED}),
    BuildingStage.WORKS: frozenset({BuildingStage.OPEN, BuildingStage.CLOSED}),
    BuildingStage.OPEN: frozenset({BuildingStage.CLOSED}),
    BuildingStage.CLOSED: frozenset(),
}


class Building(CityRecord, Authored, Timestamped):
    """A building or a piece of land proposed for accommodation, followed from identification to closing."""

    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Kind"), max_length=16, choices=BuildingKind.choices, default=BuildingKind.BUILDING)
    address = models.CharField(_("Address"), max_length=255)
    district = models.ForeignKey(
        "territories.District",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("District"),
    )
    departement = models.ForeignKey(
        "territories.Departement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Département"),
    )
    surface_m2 = models.PositiveIntegerField(_("Surface (m²)"), null=True, blank=True)
    condition = models.CharField(_("State of the building"), max_length=300, blank=True)
    works_needed = models.TextField(_("Works needed"), blank=True)
    owner_kind = models.CharField(_("Owner"), max_length=16, choices=OwnerKind.choices)
    owner_name = models.CharField(_("Owner's name"), max_length=200, blank=True)
    available_from = models.DateField(_("Available from"), null=True, blank=True)
    available_until = models.DateField(_("Available until"), null=True, blank=True)
    estimated_places = models.PositiveIntegerField(_("Estimated places"), null=True, blank=True)
    stage = models.CharField(_("Stage"), max_length=16, choices=BuildingStage.choices, default=BuildingStage.IDENTIFIED)
    proposed_by = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Proposed by"),
    )

    class Meta:
        ordering = ["stage", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(available_until__isnull=True)
                | Q(available_from__isnull=True)
                | Q(available_until__gte=models.F("available_from")),
                name="shelters_building_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class BuildingDecision(models.Model):
    """Who moved a building from one stage to the next, when, and why."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="decisions")
    from_stage = models.CharField(max_length=16, choices=BuildingStage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=BuildingStage.choices)
    note = models.CharField(_("Note"), max_length=500, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.building_id}: {self.from_stage} → {self.to_stage}"


class Site(CityRecord, Timestamped):
    """A place where people are sheltered, run by an operator (a verified organisation)."""

    name = models.CharField(_("Name"), max_length=200)
    operator = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="shelter_sites",
        verbose_name=_("operator"),
    )
    building = models.OneToOneField(
        Building, null=True, blank=True, on_delete=models.SET_NULL, related_name="site", verbose_name=_("Building")
    )
    address = models.CharField(_("Address"), max_length=255, blank=True)
    district = models.ForeignKey(
        "territories.District",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("District"),
    )
    departement = models.ForeignKey(
        "territories.Departement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Département"),
    )
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    services = models.CharField(_("services on site"), max_length=500, blank=True)
    step_free = models.BooleanField(_("Step-free access"), default=False)
    opened_on = models.DateField(_("opened on"), default=dt.date.today)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    last_confirmed_at = models.DateTimeField(_("figures last confirmed"), null=True, blank=True)
    last_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["city", "closed_on"], name="shelters_site_city_open")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def is_stale(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.last_confirmed_at is None or now - self.last_confirmed_at > STALE_AFTER


class HouseholdType(models.TextChoices):
    """HMIS household types."""

    ADULTS_ONLY = "adults_only", _("Adults only")
    ADULTS_WITH_CHILDREN = "adults_with_children", _("Adults with children")
    CHILDREN_ONLY = "children_only", _("Children only")


class Availability(models.TextChoices):
    YEAR_ROUND = "year_round", _("Year-round")
    SEASONAL = "seasonal", _("Seasonal")
    OVERFLOW = "overflow", _("Overflow")


class Audience(models.TextChoices):
    MEN_ALONE = "men_alone", _("Men alone")
    WOMEN_ALONE = "women_alone", _("Women alone")
    FAMILIES = "families", _("Families")
    WOMEN_WITH_CHILDREN = "women_with_children", _("Women with children")
    YOUNG_AWAITING_ASSESSMENT = "young_awaiting_assessment", _("Young people awaiting age assessment")
    MINORS = "minors", _("Minors")


AUDIENCE_BITS: dict[str, int] = {value: 1 << index for index, value in enumerate(Audience.values)}
# Audiences that only units serving them explicitly may take, whatever the unit's reception mode.
PROTECTED_AUDIENCES = frozenset({Audience.MINORS, Audience.YOUNG_AWAITING_ASSESSMENT})


def audience_mask(audiences: list[str] | tuple[str, ...] | set[str]) -> int:
    return sum(AUDIENCE_BITS[a] for a in set(audiences))


def audiences_of(mask: int) -> list[str]:
    return [value for value, bit in AUDIENCE_BITS.items() if mask & bit]


class Reception(models.TextChoices):
    """Soliguide's way of saying who a place is for."""

    EXCLUSIVE = "exclusive", _("Only for the audiences listed")
    PREFERENTIAL = "preferential", _("Preferably for the audiences listed")
    UNCONDITIONAL = "unconditional", _("Unconditional")


class Unit(models.Model):
    """A room, dormitory or flat of a site. A private unit is let to one household at a time; the beds of a
    shared unit are let one by one to people alone."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("Name"), max_length=120)
    household_type = models.CharField(_("Household type"), max_length=24, choices=HouseholdType.choices)
    availability = models.CharField(
        _("Availability"), max_length=16, choices=Availability.choices, default=Availability.YEAR_ROUND
    )
    audiences = models.PositiveIntegerField(_("Audiences"), default=0, help_text="Bit mask of Audience values")
    reception = models.CharField(_("Reception"), max_length=16, choices=Reception.choices, default=Reception.EXCLUSIVE)
    is_private = models.BooleanField(_("Let to one household at a time"), default=False)
    step_free = models.BooleanField(_("Step-free access"), default=False)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["site", "name", "pk"]
        constraints = [models.CheckConstraint(condition=Q(audiences__gt=0), name="shelters_unit_has_audience")]

    def __str__(self) -> str:
        return f"{self.site} — {self.name}"

    @property
    def audience_list(self) -> list[str]:
        return audiences_of(self.audiences)


class BedStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    RESERVED = "reserved", _("Reserved")
    OCCUPIED = "occupied", _("Occupied")
    BLOCKED = "blocked", _("Blocked")
    OUT_OF_SERVICE = "out_of_service", _("Out of service")


class Bed(models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="beds")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="beds")
    label = models.CharField(_("label"), max_length=40)
    status = models.CharField(_("Status"), max_length=16, choices=BedStatus.choices, default=BedStatus.AVAILABLE)
    blocked_reason = models.CharField(_("Reason"), max_length=200, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit", "label", "pk"]
        indexes = [
            models.Index(fields=["city", "status", "unit"], name="shelters_bed_city_status_unit"),
            models.Index(fields=["site", "status"], name="shelters_bed_site_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="blocked") | ~Q(blocked_reason=""), name="shelters_bed_blocked_has_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.label}"


class SiteConfirmation(models.Model):
    """The site's figures as its operator confirmed them: the daily status history."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="confirmations")
    confirmed_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    beds_total = models.PositiveIntegerField()
    available = models.PositiveIntegerField()
    reserved = models.PositiveIntegerField()
    occupied = models.PositiveIntegerField()
    blocked = models.PositiveIntegerField()
    out_of_service = models.PositiveIntegerField()

    class Meta:
        ordering = ["-confirmed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.site_id} @ {self.confirmed_at:%Y-%m-%d %H:%M}"


class PlaceRequest(CityRecord, Authored):
    """A referring partner's request for a place for a household: composition and needs, never a name,
    status or nationality."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("Organisation")
    )
    reference = models.CharField(_("Reference"), max_length=40)
    audience = models.CharField(_("Who needs a place"), max_length=32, choices=Audience.choices)
    adults = models.PositiveSmallIntegerField(_("Adults"), default=1, validators=[MaxValueValidator(12)])
    children = models.PositiveSmallIntegerField(_("Children"), default=0, validators=[MaxValueValidator(12)])
    pregnancy = models.BooleanField(_("Pregnancy"), default=False)
    step_free_needed = models.BooleanField(_("Needs step-free access"), default=False)
    medical_needs = models.BooleanField(_("Medical needs"), default=False)
    language = models.ForeignKey(
        "languages.Language",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Language spoken"),
    )
    district = models.ForeignKey(
        "territories.District",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Where the household is now"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(adults__gte=0) & Q(children__gte=0), name="shelters_request_sizes"),
            models.CheckConstraint(condition=Q(adults__gt=0) | Q(children__gt=0), name="shelters_request_not_empty"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def size(self) -> int:
        return self.adults + self.children


class ReservationStatus(models.TextChoices):
    HELD = "held", _("Reserved, waiting for arrival")
    ARRIVED = "arrived", _("Arrived")
    DEPARTED = "departed", _("Departed")
    EXPIRED = "expired", _("Expired (no arrival in time)")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_RESERVATION_STATUSES = (ReservationStatus.HELD, ReservationStatus.ARRIVED)


class Reservation(models.Model):
    """One bed for one person of a place request, from reservation to departure. Arrivals without a
    reservation (someone at the door) are recorded as reservations that start arrived."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="reservations")
    bed = models.ForeignKey(Bed, on_delete=models.CASCADE, related_name="reservations")
    place_request = models.ForeignKey(
        PlaceRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="reservations"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=ReservationStatus.choices, default=ReservationStatus.HELD)
    reserved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reserved_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    arrived_at = models.DateTimeField(null=True, blank=True)
    departed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    hold_hours = models.PositiveSmallIntegerField(default=3, validators=[MinValueValidator(1), MaxValueValidator(48)])
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-reserved_at", "-pk"]
        indexes = [models.Index(fields=["status", "expires_at"], name="shelters_resa_status_expiry")]
        constraints = [
            models.UniqueConstraint(
                fields=["bed"],
                condition=Q(status__in=["held", "arrived"]),
                name="shelters_one_active_reservation_per_bed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.bed} ({self.status})"

    def is_overdue(self, now: dt.datetime | None = None) -> bool:
        """Check-in overdue: still held after its expiry time (the expiry job has not run yet)."""
        now = now or timezone.now()
        return self.status == ReservationStatus.HELD and self.expires_at is not None and self.expires_at <= now
