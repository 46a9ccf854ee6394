"""Residents' hosting offers and their verification, pseudonymous households, proposals from the matching
engine, stays with their follow-up, incidents, notice and the alternative found.

Households carry a reference, never a name, unless their support association needs one: it is then encrypted
at rest and each read is audited. Host data is seen only by the host, the verifying association and the
city's coordinators (`policies.py`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accueil.core.models import CityRecord, Timestamped
from accueil.core.sensitive import EncryptedTextField

# A household's data is deleted this long after its stay (or its file) ends.
RETENTION = dt.timedelta(days=365)
MIN_MONTHS, MAX_MONTHS = 3, 12
# A proposal not answered by both sides within this time expires, and the next candidate is proposed.
ANSWER_WITHIN = dt.timedelta(days=3)


class OfferKind(models.TextChoices):
    ROOM = "room", _("A room in my home")
    VACANT_FLAT = "vacant_flat", _("A vacant flat (“Louez solidaire”, with an approved operator)")


class Intermediation(models.TextChoices):
    """How an approved operator lets a vacant flat ("Louez solidaire" rental intermediation)."""

    SUBLET = "sublet", _("The operator rents the flat from you and sublets it to the household")
    MANDATE = "mandate", _("The household rents from you; the operator manages the lease for you")


class OfferStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for verification")
    ACTIVE = "active", _("Verified, open to proposals")
    HOSTING = "hosting", _("Hosting a household")
    PAUSED = "paused", _("Paused by the host")
    REFUSED = "refused", _("Not accepted after verification")
    EXHAUSTED = "exhausted", _("No longer available")
    OUTDATED = "outdated", _("Outdated")
    BAD_EXPERIENCE = "bad_experience", _("Closed after a bad experience")


class HostOffer(CityRecord, Timestamped):
    host = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="host_offers")
    kind = models.CharField(_("What you offer"), max_length=16, choices=OfferKind.choices, default=OfferKind.ROOM)
    verifier = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Association that verifies and supports you"),
    )
    operator = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved rental operator"),
    )
    district = models.ForeignKey(
        "territories.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("District")
    )
    address = EncryptedTextField(_("Address"))
    rooms = models.PositiveSmallIntegerField(
        _("Rooms for guests"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    beds = models.PositiveSmallIntegerField(
        _("Beds for guests"), default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    resident_men = models.PositiveSmallIntegerField(
        _("Adult men living there"), default=0, validators=[MaxValueValidator(20)]
    )
    resident_women = models.PositiveSmallIntegerField(
        _("Adult women living there"), default=0, validators=[MaxValueValidator(20)]
    )
    resident_children = models.PositiveSmallIntegerField(
        _("Children living there"), default=0, validators=[MaxValueValidator(20)]
    )
    step_free = models.BooleanField(_("Step-free access"), default=False)
    has_pets = models.BooleanField(_("Pets live there"), default=False)
    accepts_guest_pets = models.BooleanField(_("Guests may come with a pet"), default=False)
    accepts_children = models.BooleanField(_("Children are welcome"), default=True)
    accepts_men = models.BooleanField(_("Adult men are welcome"), default=True)
    languages = models.ManyToManyField(
        "languages.Language", blank=True, related_name="+", verbose_name=_("Languages spoken")
    )
    available_from = models.DateField(_("Available from"))
    available_until = models.DateField(_("Available until"), null=True, blank=True)
    min_months = models.PositiveSmallIntegerField(
        _("Shortest stay (months)"),
        default=MIN_MONTHS,
        validators=[MinValueValidator(MIN_MONTHS), MaxValueValidator(MAX_MONTHS)],
    )
    max_months = models.PositiveSmallIntegerField(
        _("Longest stay (months)"),
        default=MAX_MONTHS,
        validators=[MinValueValidator(MIN_MONTHS), MaxValueValidator(MAX_MONTHS)],
    )
    can_offer = models.CharField(_("What else you can offer"), max_length=500, blank=True)
    # "Louez solidaire" (a vacant flat let through an approved operator): the flat and the agreement.
    intermediation = models.CharField(
        _("How the flat is let"), max_length=16, choices=Intermediation.choices, blank=True
    )
    surface_m2 = models.PositiveSmallIntegerField(
        _("Surface (m²)"), null=True, blank=True, validators=[MinValueValidator(9), MaxValueValidator(400)]
    )
    monthly_rent = models.PositiveIntegerField(
        _("Rent asked per month (euros, charges included)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10_000)],
    )
    status = models.CharField(_("Status"), max_length=16, choices=OfferStatus.choices, default=OfferStatus.SUBMITTED)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["city", "status"], name="hosting_offer_city_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_months__lte=models.F("max_months")), name="hosting_offer_months_ordered"
            ),
            models.CheckConstraint(
                condition=Q(available_until__isnull=True) | Q(available_until__gte=models.F("available_from")),
                name="hosting_offer_dates_ordered",
            ),
            models.CheckConstraint(condition=Q(rooms__lte=models.F("beds")), name="hosting_offer_rooms_within_beds"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.district}"

    @property
    def men_only_home(self) -> bool:
        """The adults living there are men only (a single man, or men together)."""
        return self.resident_men > 0 and self.resident_women == 0


class VerificationDecision(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    VERIFIED = "verified", _("Verified")
    REFUSED = "refused", _("Refused")


class HostVerification(models.Model):
    """The partner association's checks: identity seen, a visit of the home, a reference."""

    offer = models.OneToOneField(HostOffer, on_delete=models.CASCADE, related_name="verification")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    identity_seen = models.BooleanField(_("Identity document seen"), default=False)
    visit_on = models.DateField(_("Home visited on"), null=True, blank=True)
    reference_checked = models.BooleanField(_("Reference checked"), default=False)
    decision = models.CharField(
        max_length=16, choices=VerificationDecision.choices, default=VerificationDecision.IN_PROGRESS
    )
    note = EncryptedTextField(_("Note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="verified")
                | (Q(identity_seen=True) & Q(visit_on__isnull=False) & Q(reference_checked=True)),
                name="hosting_verified_has_every_check",
            )
        ]

    def __str__(self) -> str:
        return f"{self.offer_id}: {self.decision}"

    @property
    def complete(self) -> bool:
        return self.identity_seen and self.visit_on is not None and self.reference_checked


class Composition(models.TextChoices):
    MAN_ALONE = "man_alone", _("A man alone")
    WOMAN_ALONE = "woman_alone", _("A woman alone")
    WOMAN_WITH_CHILDREN = "woman_with_children", _("A woman with children")
    COUPLE = "couple", _("A couple")
    FAMILY = "family", _("A family (two adults with children)")
    ADULTS = "adults", _("Several adults")
    YOUNG_AWAITING_ASSESSMENT = "young_awaiting_assessment", _("A young person awaiting age assessment")
    UNACCOMPANIED_MINOR = "unaccompanied_minor", _("An unaccompanied minor")


class HouseholdStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for a place")
    HOSTED = "hosted", _("Hosted")
    SHELTERED = "sheltered", _("In a shelter")
    CLOSED = "closed", _("File closed")


class Household(CityRecord, Timestamped):
    """A household looking for a roof, followed by a support association. Pseudonymous."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("Support association")
    )
    reference = models.CharField(_("Reference"), max_length=40)
    name = EncryptedTextField(_("name (only if needed; encrypted)"), blank=True)
    composition = models.CharField(_("Household"), max_length=32, choices=Composition.choices)
    adults = models.PositiveSmallIntegerField(_("Adults"), default=1, validators=[MaxValueValidator(12)])
    children = models.PositiveSmallIntegerField(_("Children"), default=0, validators=[MaxValueValidator(12)])
    pregnancy = models.BooleanField(_("Pregnancy"), default=False)
    step_free_needed = models.BooleanField(_("Needs step-free access"), default=False)
    medical_needs = models.BooleanField(_("Medical needs"), default=False)
    has_pet = models.BooleanField(_("Comes with a pet"), default=False)
    languages = models.ManyToManyField(
        "languages.Language", blank=True, related_name="+", verbose_name=_("Languages spoken")
    )
    services_district = models.ForeignKey(
        "territories.District",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("District of their services and school"),
    )
    needed_from = models.DateField(_("Needed from"), default=dt.date.today)
    months_needed = models.PositiveSmallIntegerField(
        _("Months needed"), default=6, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    status = models.CharField(
        _("Status"), max_length=16, choices=HouseholdStatus.choices, default=HouseholdStatus.WAITING
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["city", "status"], name="hosting_household_city_status")]
        constraints = [
            models.UniqueConstraint(fields=["city", "reference"], name="hosting_household_reference_unique"),
            models.CheckConstraint(condition=Q(adults__gt=0) | Q(children__gt=0), name="hosting_household_not_empty"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def size(self) -> int:
        return self.adults + self.children


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted by both sides")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired (not answered in time)")


class Answer(models.TextChoices):
    PENDING = "pending", _("Not answered yet")
    YES = "yes", _("Accepted")
    NO = "no", _("Declined")


class Proposal(models.Model):
    """A pair chosen by the matching engine: a household and a hosting offer or a shelter unit, with why."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    run = models.CharField(max_length=32)
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="proposals")
    offer = models.ForeignKey(HostOffer, null=True, blank=True, on_delete=models.CASCADE, related_name="proposals")
    unit = models.ForeignKey("shelters.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(max_digits=9, decimal_places=3)
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED)
    host_answer = models.CharField(max_length=8, choices=Answer.choices, default=Answer.PENDING)
    household_answer = models.CharField(max_length=8, choices=Answer.choices, default=Answer.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    answer_by = models.DateTimeField(_("answer by"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-score", "pk"]
        indexes = [models.Index(fields=["status", "answer_by"], name="hosting_proposal_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(offer__isnull=False) & Q(unit__isnull=True))
                | (Q(offer__isnull=True) & Q(unit__isnull=False)),
                name="hosting_proposal_one_place",
            ),
            models.UniqueConstraint(
                fields=["household"], condition=Q(status="proposed"), name="hosting_one_open_proposal_per_household"
            ),
            models.UniqueConstraint(
                fields=["offer"], condition=Q(status="proposed"), name="hosting_one_open_proposal_per_offer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} → {self.offer_id or self.unit_id}"


class StayStatus(models.TextChoices):
    ACTIVE = "active", _("In progress")
    NOTICE = "notice", _("Notice given")
    ENDED = "ended", _("Ended")


class AlternativeKind(models.TextChoices):
    ANOTHER_HOST = "another_host", _("Another host")
    SHELTER = "shelter", _("A shelter place")
    HOUSING = "housing", _("The housing path (social or rented housing)")
    OTHER = "other", _("Other solution")


class NoticeBy(models.TextChoices):
    HOST = "host", _("The host")
    GUEST = "guest", _("The guest")
    ASSOCIATION = "association", _("The support association")


class Stay(models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey(HostOffer, null=True, on_delete=models.SET_NULL, related_name="stays")
    household = models.ForeignKey(Household, null=True, on_delete=models.SET_NULL, related_name="stays")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    proposal = models.OneToOneField(Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="stay")
    started_on = models.DateField()
    planned_end_on = models.DateField()
    status = models.CharField(max_length=16, choices=StayStatus.choices, default=StayStatus.ACTIVE)
    notice_by = models.CharField(max_length=16, choices=NoticeBy.choices, blank=True)
    notice_given_on = models.DateField(null=True, blank=True)
    notice_ends_on = models.DateField(null=True, blank=True)
    alternative = models.CharField(max_length=16, choices=AlternativeKind.choices, blank=True)
    alternative_note = EncryptedTextField(blank=True)
    alternative_recorded_at = models.DateTimeField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ended") | ~Q(alternative=""), name="hosting_stay_ends_with_an_alternative"
            ),
            models.UniqueConstraint(
                fields=["offer"], condition=Q(status__in=["active", "notice"]), name="hosting_one_stay_per_offer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} @ {self.offer_id}"


class FollowUpKind(models.TextChoices):
    FIRST_WEEK = "first_week", _("First week")
    FIRST_MONTH = "first_month", _("First month")
    MONTHLY = "monthly", _("Monthly")
    NOTICE = "notice", _("Notice given: find an alternative")


class FollowUp(models.Model):
    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="followups")
    kind = models.CharField(max_length=16, choices=FollowUpKind.choices)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = EncryptedTextField(blank=True)
    concern = models.BooleanField(default=False)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.stay_id}: {self.kind} {self.due_on}"


class Urgency(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical (safety at risk)")


class IncidentKind(models.TextChoices):
    INCIDENT = "incident", _("Incident")
    BREAKDOWN = "breakdown", _("Breakdown of the hosting")


class Incident(models.Model):
    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="incidents")
    kind = models.CharField(max_length=16, choices=IncidentKind.choices, default=IncidentKind.INCIDENT)
    urgency = models.CharField(max_length=16, choices=Urgency.choices, default=Urgency.MEDIUM)
    description = EncryptedTextField(blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["closed_at", "-opened_at", "pk"]

    def __str__(self) -> str:
        return f"{self.stay_id}: {self.kind} ({self.urgency})"
