"""The directory of services: taxonomy, places, services, opening hours, closures, reports, search index."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from accueil.core.models import CityRecord, Timestamped

from .categories import category_name


class Category(models.Model):
    """A need in the taxonomy tree. Its name comes from the code catalogue (``categories.CATEGORY_TREE``)."""

    code = models.SlugField(max_length=40, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    order = models.PositiveSmallIntegerField(default=0)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["order", "code"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return category_name(self.code)


class Audience(models.TextChoices):
    ASYLUM_SEEKERS = "asylum_seekers", _("Asylum seekers")
    REFUGEES = "refugees", _("Refugees")
    UNDOCUMENTED = "undocumented", _("People without papers")
    MINORS = "unaccompanied_minors", _("Unaccompanied minors")
    WOMEN = "women", _("Women")
    FAMILIES = "families", _("Families")


class ServiceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Place(CityRecord, Timestamped):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="directory_places")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="directory_places"
    )
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("street address"), max_length=255)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    district = models.ForeignKey(
        "territories.District", null=True, blank=True, on_delete=models.SET_NULL, related_name="directory_places"
    )
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    wheelchair_accessible = models.BooleanField(_("wheelchair accessible"), default=False)
    accessibility = models.CharField(_("accessibility details"), max_length=300, blank=True)
    directions = models.CharField(_("how to get there"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(CityRecord, Timestamped):
    """What an organisation offers at a place. Name and description are the French source text."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="directory_services")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="directory_services"
    )
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="services")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    categories = models.ManyToManyField(Category, related_name="services", verbose_name=_("needs"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what is offered"), blank=True)
    # Comma-framed list of Audience codes (",refugees,women,"): filterable the same way on every database.
    audiences = models.CharField(_("audiences"), max_length=200, blank=True, default="")
    is_free = models.BooleanField(_("free of charge"), default=True)
    appointment_required = models.BooleanField(_("appointment required"), default=False)
    documents = models.CharField(_("documents to bring"), max_length=300, blank=True)
    languages = models.ManyToManyField(
        "languages.Language", blank=True, related_name="directory_services", verbose_name=_("languages spoken")
    )
    interpreting = models.BooleanField(_("interpreting available"), default=False)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    open_on_public_holidays = models.BooleanField(_("open on public holidays"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=ServiceStatus.choices, default=ServiceStatus.DRAFT)
    last_verified_at = models.DateTimeField(_("last verified"), null=True, blank=True)
    stale_flagged_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["city", "status", "last_verified_at"], name="dir_service_visible")]

    def __str__(self) -> str:
        return self.name

    @property
    def audience_codes(self) -> list[str]:
        return [code for code in self.audiences.split(",") if code]

    def get_audiences_display(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels.get(code, code)) for code in self.audience_codes]


class WeeklyHours(models.Model):
    """One weekly opening period, in the city's local time: a weekday (0 = Monday … 6 = Sunday) and two times, the
    closing after the opening. Concrete models declare the two time fields and name them in `OPENS` and `CLOSES`
    (the directory's services and the donations' collection points)."""

    OPENS: ClassVar[str] = "opens_at"
    CLOSES: ClassVar[str] = "closes_at"

    weekday = models.PositiveSmallIntegerField(_("day"), choices=sorted(WEEKDAYS.items()))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.weekday} {getattr(self, self.OPENS)}–{getattr(self, self.CLOSES)}"

    def clean(self) -> None:
        opens, closes = getattr(self, self.OPENS), getattr(self, self.CLOSES)
        if opens and closes and closes <= opens:
            raise ValidationError({self.CLOSES: _("The closing time must be after the opening time.")})


class OpeningHours(WeeklyHours):
    """A service's weekly opening period (Europe/Paris for Paris)."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="opening_hours")
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    class Meta:
        ordering = ["weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="dir_hours_closes_after_opening"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="dir_hours_weekday"),
        ]


class ClosureReason(models.TextChoices):
    HOLIDAY = "holiday", _("Holiday")
    FULL = "full", _("Full")
    STRIKE = "strike", _("Strike")
    WEATHER = "weather", _("Weather")
    WORKS = "works", _("Works")
    OTHER = "other", _("Other reason")


class Closure(models.Model):
    """A dated temporary closure, inclusive of both days, with a structured reason shown in every language."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="closures")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=16, choices=ClosureReason.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="dir_closure_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on} ({self.reason})"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day must be on or after the first day.")})


class ReportKind(models.TextChoices):
    CLOSED = "closed", _("It was closed")
    TURNED_AWAY = "turned_away", _("They turned me away")
    WRONG_INFO = "wrong_info", _("The information is wrong")


class Report(models.Model):
    """A visitor's one-tap feedback on a service. No account, no personal data."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("what happened"), max_length=16, choices=ReportKind.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    language = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} on #{self.service_id}"


class ServiceChange(models.Model):
    """The change log: who changed what on a service, with the field-by-field difference."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=32)
    diff = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} #{self.service_id}"


class SearchToken(models.Model):
    """Search postings: one normalised word of a public service, with its weight (name > organisation > text)."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=40)
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        # Covering: a search reads (service, weight) for its words straight from the index.
        indexes = [models.Index(fields=["city", "token", "service", "weight"], name="dir_search_token_cover")]
        constraints = [models.UniqueConstraint(fields=["service", "token"], name="dir_search_token_unique")]

    def __str__(self) -> str:
        return self.token


class SearchTrigram(models.Model):
    """The vocabulary's character trigrams, to find the indexed words nearest a misspelt one."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    trigram = models.CharField(max_length=12)
    token = models.CharField(max_length=40)
    trigram_count = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["city", "trigram"], name="dir_search_trigram")]
        constraints = [models.UniqueConstraint(fields=["city", "trigram", "token"], name="dir_search_trigram_unique")]

    def __str__(self) -> str:
        return f"{self.trigram} → {self.token}"
