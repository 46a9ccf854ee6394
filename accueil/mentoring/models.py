"""Mentoring: a volunteer paired with a refugee for a series of procedures.

The refugee is a pseudonymous `Beneficiary` owned by the referring organisation: no name is stored, only a
generated pseudonym, languages, district, needs and availability. The app is sensitive (`MentoringConfig.sensitive`):
every free-text field is encrypted at rest (`accueil.core.sensitive.EncryptedTextField`) — the availability, the
confidential notes, the meetings' topics and notes, the outcome notes.
Closed records are deleted after the retention period (`manage.py mentoring_retention`, run daily).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import dates
from django.utils.translation import gettext_lazy as _

from accueil.core.models import Authored, CityRecord, Timestamped
from accueil.core.sensitive import EncryptedTextField


class Need(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative procedures")
    FRENCH = "french_practice", _("French practice")
    HOUSING = "housing_search", _("Housing search")
    EMPLOYMENT = "employment", _("Employment")
    HEALTH = "health_appointments", _("Health appointments")
    SCHOOLING = "schooling", _("Schooling")
    DIGITAL = "digital", _("Digital skills")
    SOCIAL = "social_life", _("Social life")


WEEKDAYS = list(dates.WEEKDAYS.items())


def validate_needs(value: object) -> None:
    if not isinstance(value, list) or any(item not in Need.values for item in value):
        raise ValidationError(_("Choose needs from the list."), code="invalid_needs")


def validate_weekdays(value: object) -> None:
    if not isinstance(value, list) or any(not isinstance(d, int) or not 0 <= d <= 6 for d in value):
        raise ValidationError(_("Choose days from the list."), code="invalid_weekdays")


class Beneficiary(CityRecord, Timestamped):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="mentoring_beneficiaries")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="mentoring_beneficiaries"
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=16, editable=False)
    languages = models.ManyToManyField(
        "languages.Language", related_name="+", verbose_name=_("languages spoken"), blank=False
    )
    district = models.ForeignKey(
        "territories.District", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    needs = models.JSONField(_("needs"), default=list, blank=True, validators=[validate_needs])
    available_weekdays = models.JSONField(_("days available"), default=list, blank=True, validators=[validate_weekdays])
    availability_notes = EncryptedTextField(_("availability"), max_length=300, blank=True)
    sensitive_notes = EncryptedTextField(
        _("confidential notes"),
        blank=True,
        help_text=_("Seen only by your organisation; stored encrypted. Never shown to the mentor."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    retention_until = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name_plural = "beneficiaries"
        constraints = [models.UniqueConstraint(fields=["city", "pseudonym"], name="beneficiary_unique_pseudonym")]
        indexes = [models.Index(fields=["organisation", "closed_at"])]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def get_needs_display(self) -> list[str]:
        labels = dict(Need.choices)
        return [str(labels.get(code, code)) for code in self.needs]


class MentorshipStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined")
    DISCARDED = "discarded", _("Discarded")


class Outcome(models.TextChoices):
    GOALS_MET = "goals_met", _("Goals met")
    PARTIALLY_MET = "partially_met", _("Goals partially met")
    MENTOR_STOPPED = "mentor_stopped", _("The mentor stopped")
    BENEFICIARY_STOPPED = "beneficiary_stopped", _("The person stopped")
    MOVED_AWAY = "moved_away", _("The person moved away")
    OTHER = "other", _("Other")


OPEN_MENTORSHIP_STATUSES = (MentorshipStatus.PROPOSED, MentorshipStatus.ACTIVE)


class Mentorship(models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="mentorships")
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="mentorships")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorships")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_mentorships",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MentorshipStatus.choices, default=MentorshipStatus.PROPOSED
    )
    score = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True, help_text="[[criterion, points], …] from the engine")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices, blank=True)
    outcome_notes = EncryptedTextField(_("outcome notes"), blank=True, max_length=2000)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary"],
                condition=Q(status__in=["proposed", "active"]),
                name="mentorship_one_open_per_beneficiary",
            ),
        ]
        indexes = [models.Index(fields=["mentor", "status"])]

    def __str__(self) -> str:
        return f"{self.beneficiary} ↔ {self.mentor} ({self.status})"


class MentoringMeeting(Authored):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )
    topics = EncryptedTextField(_("topics"), max_length=300)
    notes = EncryptedTextField(_("notes"), blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.mentorship} — {self.date}"
