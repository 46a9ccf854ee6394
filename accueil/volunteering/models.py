"""Volunteering: missions posted by partner organisations, their shifts, volunteer profiles and sign-ups.

Capacity is protected by the database: `Shift.accepted_count` is bounded by a CheckConstraint, a partial
unique constraint refuses a second active sign-up of one volunteer on one shift, and on PostgreSQL an
exclusion constraint (migration 0002) refuses overlapping accepted or pending sign-ups of one volunteer.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from accueil.core.models import CityRecord, Timestamped


class MissionCategory(models.TextChoices):
    FRENCH_TEACHING = "french_teaching", _("French teaching")
    ADMIN_HELP = "admin_help", _("Administrative help")
    LEGAL_HELP = "legal_help", _("Legal help")
    INTERPRETING = "interpreting", _("Interpreting")
    HEALTH = "health", _("Health accompaniment")
    CHILDCARE = "childcare", _("Childcare")
    SPORT = "sport", _("Sport")
    CULTURE = "culture", _("Culture")
    DIGITAL = "digital", _("Digital help")
    LOGISTICS = "logistics", _("Collection and logistics")
    HOSTING_SUPPORT = "hosting_support", _("Hosting support")
    MENTORING = "mentoring", _("Mentoring")
    DRIVING = "driving", _("Driving")


class LanguageLevel(models.IntegerChoices):
    A1 = 1, _("A1 — beginner")
    A2 = 2, _("A2 — elementary")
    B1 = 3, _("B1 — intermediate")
    B2 = 4, _("B2 — upper intermediate")
    C1 = 5, _("C1 — advanced")
    C2 = 6, _("C2 — proficient")
    NATIVE = 7, _("Native speaker")


class Skill(models.Model):
    """Reference list of skills; the name is the English source, translated in the interface."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class VolunteerProfile(CityRecord, Timestamped):
    # One profile per city a person volunteers in: the same account can help in two cities.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_profiles")
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="volunteer_profiles")
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        help_text=_("Only used to check the minimum age of a mission."),
    )
    districts = models.ManyToManyField(
        "territories.District", blank=True, related_name="volunteer_profiles", verbose_name=_("districts")
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="profiles", verbose_name=_("skills"))
    hours_per_month = models.PositiveSmallIntegerField(
        _("hours per month I can give"), default=4, validators=[MaxValueValidator(400)]
    )
    remote_ok = models.BooleanField(_("I can help remotely"), default=False)
    civic_service = models.BooleanField(_("civic service volunteer"), default=False)
    solidarity_reserve = models.BooleanField(_("member of the City's solidarity reserve"), default=False)
    safeguarding_expires_on = models.DateField(
        _("safeguarding check valid until"),
        null=True,
        blank=True,
        help_text=_("Needed for missions with minors or vulnerable people."),
    )
    bio_for_organisations = models.TextField(_("a few words for organisations"), blank=True, max_length=2000)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["user", "city"], name="volunteer_profile_unique_per_city")]

    def __str__(self) -> str:
        return f"Volunteer #{self.user_id}"


class VolunteerLanguage(models.Model):
    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="languages")
    language = models.ForeignKey("languages.Language", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), choices=LanguageLevel.choices)

    class Meta:
        ordering = ["profile", "-level"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "language"], name="volunteer_language_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.language_id}:{self.level}"


class Availability(models.Model):
    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="availabilities")
    weekday = models.PositiveSmallIntegerField(
        _("day of the week"),
        choices=list(WEEKDAYS.items()),
        validators=[MaxValueValidator(6)],
    )
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))

    class Meta:
        ordering = ["profile", "weekday", "start_time"]
        verbose_name_plural = "availabilities"
        constraints = [
            models.CheckConstraint(condition=Q(start_time__lt=F("end_time")), name="availability_start_before_end"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="availability_weekday_range"),
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.start_time}-{self.end_time}"


class QualificationType(models.Model):
    """A qualification a volunteer may hold (first aid, FLE training…), granted by training or a coordinator."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="qualification_types")
    code = models.SlugField(max_length=60)
    name = models.CharField(_("name"), max_length=120)
    validity_days = models.PositiveIntegerField(_("valid for (days)"), null=True, blank=True)

    class Meta:
        ordering = ["city", "name"]
        constraints = [models.UniqueConstraint(fields=["city", "code"], name="qualification_type_unique_code")]

    def __str__(self) -> str:
        return self.name


class VolunteerQualification(models.Model):
    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="qualifications")
    qualification = models.ForeignKey(QualificationType, on_delete=models.CASCADE, related_name="holders")
    granted_at = models.DateTimeField(_("granted on"))
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=80, help_text="e.g. training:<event id> or coordinator")

    class Meta:
        ordering = ["profile", "qualification"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "qualification"], name="volunteer_qualification_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.profile} — {self.qualification}"


class Acceptance(models.TextChoices):
    AUTO = "auto", _("Automatic")
    MANUAL = "manual", _("By the organisation")


class MissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    PAUSED = "paused", _("Paused")
    CLOSED = "closed", _("Closed")


class Mission(CityRecord, Timestamped):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="missions")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="missions", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=10_000)
    category = models.CharField(_("category"), max_length=32, choices=MissionCategory.choices)
    skills = models.ManyToManyField(Skill, blank=True, related_name="missions", verbose_name=_("skills wanted"))
    address = models.CharField(_("address"), max_length=255, blank=True)
    district = models.ForeignKey(
        "territories.District",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="missions",
        verbose_name=_("district"),
    )
    remote = models.BooleanField(_("can be done remotely"), default=False)
    works_with_minors = models.BooleanField(_("works with minors"), default=False)
    vulnerable_people = models.BooleanField(_("works with vulnerable people"), default=False)
    min_age = models.PositiveSmallIntegerField(
        _("minimum age"), default=18, validators=[MinValueValidator(14), MaxValueValidator(99)]
    )
    required_qualification = models.ForeignKey(
        QualificationType,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="missions",
        verbose_name=_("required training"),
    )
    acceptance = models.CharField(_("acceptance"), max_length=8, choices=Acceptance.choices, default=Acceptance.AUTO)
    status = models.CharField(_("status"), max_length=12, choices=MissionStatus.choices, default=MissionStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["city", "status", "category"], name="mission_city_status_cat")]

    def __str__(self) -> str:
        return self.title

    @property
    def needs_safeguarding(self) -> bool:
        return self.works_with_minors or self.vulnerable_people


class MissionLanguage(models.Model):
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="languages")
    language = models.ForeignKey("languages.Language", on_delete=models.PROTECT, related_name="+")
    min_level = models.PositiveSmallIntegerField(_("minimum level"), choices=LanguageLevel.choices)

    class Meta:
        ordering = ["mission", "language"]
        constraints = [models.UniqueConstraint(fields=["mission", "language"], name="mission_language_unique")]

    def __str__(self) -> str:
        return f"{self.language_id}≥{self.min_level}"


class Shift(CityRecord):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="shifts")
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="shifts")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1), MaxValueValidator(10_000)])
    accepted_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["city", "starts_at"], name="shift_city_starts")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="shift_ends_after_start"),
            models.CheckConstraint(
                condition=Q(accepted_count__gte=0) & Q(accepted_count__lte=F("capacity")),
                name="shift_accepted_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mission} — {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.accepted_count, 0)

    @property
    def duration_hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


class SignupStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the organisation's answer")
    ACCEPTED = "accepted", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_SIGNUP_STATUSES = (SignupStatus.PENDING, SignupStatus.ACCEPTED, SignupStatus.WAITLISTED)
# Statuses that hold the volunteer's time: two of them may never overlap (exclusion constraint on PostgreSQL).
BOOKED_SIGNUP_STATUSES = (SignupStatus.PENDING, SignupStatus.ACCEPTED)


class SignupSource(models.TextChoices):
    SELF = "self", _("The volunteer")
    PROPOSAL = "proposal", _("A coordinator's proposal")
    API = "api", _("The API")


class Signup(models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="signups")
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    volunteer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signups")
    status = models.CharField(_("status"), max_length=12, choices=SignupStatus.choices)
    # Copied from the shift so the database can refuse overlapping sign-ups of one volunteer.
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    hours_approved = models.BooleanField(_("hours approved"), default=False)
    source = models.CharField(max_length=12, choices=SignupSource.choices, default=SignupSource.SELF)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["shift", "status", "created_at"], name="signup_shift_status"),
            models.Index(fields=["volunteer", "status", "starts_at"], name="signup_volunteer_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "volunteer"],
                condition=Q(status__in=["pending", "accepted", "waitlisted"]),
                name="signup_one_active_per_shift",
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="signup_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"Signup #{self.pk} ({self.status})"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")


class ShiftProposal(CityRecord):
    """A coordinator's proposal that a volunteer take a place on a shift; the volunteer accepts or declines."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="shift_proposals")
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="proposals")
    volunteer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shift_proposals")
    status = models.CharField(max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED)
    score = models.DecimalField(max_digits=10, decimal_places=3, default=0)
    reasons = models.JSONField(default=list, blank=True)
    signup = models.ForeignKey(Signup, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "volunteer"],
                condition=Q(status="proposed"),
                name="proposal_one_open_per_shift",
            ),
        ]

    def __str__(self) -> str:
        return f"Proposal #{self.pk} ({self.status})"


class NotificationKind(models.TextChoices):
    CONFIRMATION = "confirmation", _("Sign-up confirmation")
    PENDING = "pending", _("Sign-up received")
    WAITLISTED = "waitlisted", _("Waiting list")
    PROMOTION = "promotion", _("Place freed")
    DECISION = "decision", _("Organisation's decision")
    CANCELLATION = "cancellation", _("Cancellation")
    PROPOSAL = "proposal", _("Proposal")
    REMINDER = "reminder", _("Reminder")
    MESSAGE = "message", _("Message from an organisation")


class CalendarToken(models.Model):
    """A secret for the volunteer's iCalendar feed URL; only its SHA-256 hash is stored."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar of #{self.user_id}"
