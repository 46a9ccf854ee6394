"""Classes and programmes published by partners, learners (pseudonymous), placement tests, one application per
learner and need, places offered in order, sessions and attendance, and the coordinator's placement runs.

A course's places are counted in the row itself (`places_taken`, offered or enrolled), kept within `places` by
a `CheckConstraint`; one active application per learner and need, and one active place per application, are
conditional unique constraints. Levels follow the CEFR, A0 (no French yet) to C1, as small integers so that a
class's range is a comparison.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accueil.core.models import Authored, CityRecord, Timestamped
from accueil.core.sensitive import EncryptedTextField
from accueil.translations.shown import ShownTexts

# How long an offered place waits for the learner's answer before it passes to the next person.
OFFER_HOLD = dt.timedelta(days=7)
# A learner with no application, place or test for this long is deleted (their path with them).
RETENTION = dt.timedelta(days=730)


class Level(models.IntegerChoices):
    A0 = 0, _("A0 (first steps)")
    A1 = 1, "A1"
    A2 = 2, "A2"
    B1 = 3, "B1"
    B2 = 4, "B2"
    C1 = 5, "C1"


LEVEL_CODES = {0: "A0", 1: "A1", 2: "A2", 3: "B1", 4: "B2", 5: "C1"}


class CourseKind(models.TextChoices):
    FRENCH = "french", _("French by level")
    LITERACY = "literacy", _("Reading and writing (literacy)")
    FRENCH_FOR_WORK = "french_for_work", _("French for work")
    VOCATIONAL = "vocational", _("Vocational training")
    UNIVERSITY = "university", _("University preparation")
    HOMEWORK = "homework", _("Homework help")
    BUSINESS = "business", _("Business creation support")


# Commitment 8 of the plan (language, work, business creation) and commitment 9 (schooling, university,
# vocational training) count these kinds.
COMMITMENT_8_KINDS = (CourseKind.FRENCH, CourseKind.LITERACY, CourseKind.FRENCH_FOR_WORK, CourseKind.BUSINESS)
COMMITMENT_9_KINDS = (CourseKind.VOCATIONAL, CourseKind.UNIVERSITY, CourseKind.HOMEWORK)


class Day(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 4, _("Wednesday")
    THURSDAY = 8, _("Thursday")
    FRIDAY = 16, _("Friday")
    SATURDAY = 32, _("Saturday")
    SUNDAY = 64, _("Sunday")


ALL_DAYS = 127


class Period(models.IntegerChoices):
    MORNING = 1, _("Morning")
    AFTERNOON = 2, _("Afternoon")
    EVENING = 4, _("Evening")


ALL_PERIODS = 7


def period_of(start: dt.time) -> int:
    """The part of the day a class starting at ``start`` falls in."""
    if start.hour < 12:
        return Period.MORNING
    if start.hour < 17:
        return Period.AFTERNOON
    return Period.EVENING


def days_of(mask: int) -> list[int]:
    return [day.value for day in Day if mask & day.value]


class WomenOnly(models.TextChoices):
    NO = "no", _("Mixed groups only")
    ACCEPT = "accept", _("Mixed or women-only groups")
    ONLY = "only", _("Women-only groups only")


class Course(ShownTexts, CityRecord, Authored, Timestamped):
    """A class or a programme a partner runs: what, for which level, when, where, how many places."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="courses", verbose_name=_("Partner")
    )
    title = models.CharField(_("Title (French)"), max_length=200)
    description = models.TextField(_("Description (French)"), blank=True, max_length=2000)
    requirements = models.CharField(_("What to bring"), max_length=300, blank=True)
    kind = models.CharField(_("Kind"), max_length=20, choices=CourseKind.choices, default=CourseKind.FRENCH)
    level_required = models.PositiveSmallIntegerField(_("Level required"), choices=Level.choices, default=Level.A0)
    level_reached = models.PositiveSmallIntegerField(_("Level reached"), choices=Level.choices, default=Level.A1)
    days = models.PositiveSmallIntegerField(
        _("Days"), default=Day.MONDAY, validators=[MinValueValidator(1), MaxValueValidator(ALL_DAYS)]
    )
    starts_at = models.TimeField(_("Starts at"), default=dt.time(9, 30))
    ends_at = models.TimeField(_("Ends at"), default=dt.time(11, 30))
    start_date = models.DateField(_("First session"))
    end_date = models.DateField(_("Last session"))
    address = models.CharField(_("Address"), max_length=255)
    district = models.ForeignKey(
        "territories.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("District")
    )
    contact_phone = models.CharField(_("Phone"), max_length=30, blank=True)
    places = models.PositiveIntegerField(_("Places"), validators=[MinValueValidator(1), MaxValueValidator(500)])
    places_taken = models.PositiveIntegerField(default=0)
    childcare = models.BooleanField(_("Childcare offered"), default=False)
    women_only = models.BooleanField(_("Women-only group"), default=False)
    cost_eur = models.PositiveIntegerField(
        _("Cost (euros, 0 when free)"), default=0, validators=[MaxValueValidator(5000)]
    )
    support_languages = models.ManyToManyField(
        "languages.Language", blank=True, related_name="+", verbose_name=_("Languages of support")
    )
    published = models.BooleanField(_("Published"), default=True)

    class Meta:
        ordering = ["start_date", "pk"]
        indexes = [
            models.Index(fields=["city", "published", "kind", "level_required"], name="learning_course_search"),
            models.Index(fields=["city", "district"], name="learning_course_district"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(places_taken__lte=F("places")), name="learning_course_within_places"),
            models.CheckConstraint(
                condition=Q(level_reached__gte=F("level_required")), name="learning_course_levels_ordered"
            ),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="learning_course_dates_ordered"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="learning_course_times_ordered"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning:course", kwargs={"pk": self.pk})

    @property
    def places_left(self) -> int:
        return max(0, self.places - self.places_taken)

    @property
    def period(self) -> int:
        return period_of(self.starts_at)

    @property
    def level_required_code(self) -> str:
        return LEVEL_CODES[self.level_required]

    @property
    def level_reached_code(self) -> str:
        return LEVEL_CODES[self.level_reached]


TRANSLATED: tuple[str, ...] = ("title", "description", "requirements")


class CourseSession(models.Model):
    """One session of a course, on a date; attendance is recorded per learner."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("Date"))
    topic = models.CharField(_("Topic"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["date", "pk"]
        constraints = [models.UniqueConstraint(fields=["course", "date"], name="learning_session_one_per_day")]

    def __str__(self) -> str:
        return f"{self.course_id} {self.date}"


class Learner(CityRecord, Timestamped):
    """A person learning, known by a reference; a name and a phone only if needed, encrypted."""

    reference = models.CharField(_("Reference"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="learner_profiles"
    )
    name = EncryptedTextField(_("Name (only if needed; encrypted)"), blank=True, max_length=200)
    phone = EncryptedTextField(_("Phone to be told of a place (encrypted)"), blank=True, max_length=30)
    district = models.ForeignKey(
        "territories.District", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("Level"), choices=Level.choices, null=True, blank=True)
    referred_by = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shares_path = models.BooleanField(_("Partners may see my path to continue it"), default=False)
    last_activity_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["city", "reference"], name="learning_learner_reference_unique"),
            models.UniqueConstraint(
                fields=["city", "user"], condition=Q(user__isnull=False), name="learning_learner_one_per_user"
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class PlacementTest(CityRecord):
    """A short structured assessment recorded by a partner: one level per skill; the learner's level is the
    lowest of the three, so that no class is beyond them."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="tests")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    assessed_on = models.DateField(_("Date"))
    oral = models.PositiveSmallIntegerField(_("Speaking and listening"), choices=Level.choices)
    reading = models.PositiveSmallIntegerField(_("Reading"), choices=Level.choices)
    writing = models.PositiveSmallIntegerField(_("Writing"), choices=Level.choices)
    level = models.PositiveSmallIntegerField(_("Level"), choices=Level.choices)

    class Meta:
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.learner_id}: {LEVEL_CODES[self.level]}"


class ApplicationStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for a place")
    OFFERED = "offered", _("A place is offered")
    ENROLLED = "enrolled", _("Enrolled")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CLOSED = "closed", _("Closed")


ACTIVE_APPLICATION = (ApplicationStatus.WAITING, ApplicationStatus.OFFERED, ApplicationStatus.ENROLLED)


class LearnerApplication(CityRecord, Authored):
    """One learner's one request for one need: it reaches every suitable class; places are offered in the order
    applications came."""

    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="applications")
    kind = models.CharField(_("What for"), max_length=20, choices=CourseKind.choices)
    level = models.PositiveSmallIntegerField(_("Level"), choices=Level.choices)
    district = models.ForeignKey(
        "territories.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("Near which district")
    )
    max_km = models.PositiveSmallIntegerField(
        _("How far at most (km)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    days = models.PositiveSmallIntegerField(
        _("Days available"), default=ALL_DAYS, validators=[MinValueValidator(1), MaxValueValidator(ALL_DAYS)]
    )
    periods = models.PositiveSmallIntegerField(
        _("Times of day"), default=ALL_PERIODS, validators=[MinValueValidator(1), MaxValueValidator(ALL_PERIODS)]
    )
    needs_childcare = models.BooleanField(_("Needs childcare"), default=False)
    women_only = models.CharField(_("Groups"), max_length=8, choices=WomenOnly.choices, default=WomenOnly.NO)
    free_only = models.BooleanField(_("Free classes only"), default=True)
    referred_by = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.WAITING)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["city", "kind", "status", "created_at"], name="learning_application_queue")]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "kind"],
                condition=Q(status__in=["waiting", "offered", "enrolled"]),
                name="learning_one_application_per_need",
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} {self.kind} {self.status}"


class EnrolmentStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ENROLLED = "enrolled", _("Enrolled")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Not answered in time")
    DROPPED = "dropped", _("Left the class")
    COMPLETED = "completed", _("Completed")


HOLDING_PLACE = (EnrolmentStatus.OFFERED, EnrolmentStatus.ENROLLED)


class EnrolmentSource(models.TextChoices):
    QUEUE = "queue", _("Next in line")
    PLACEMENT = "placement", _("Placed by a coordinator")


class Enrolment(CityRecord):
    """A place in a course for an application: offered (held), then enrolled; or given back."""

    application = models.ForeignKey(LearnerApplication, on_delete=models.CASCADE, related_name="enrolments")
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.OFFERED)
    source = models.CharField(max_length=10, choices=EnrolmentSource.choices, default=EnrolmentSource.QUEUE)
    reasons = models.JSONField(default=list, blank=True)
    offered_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    level_reached = models.PositiveSmallIntegerField(choices=Level.choices, null=True, blank=True)

    class Meta:
        ordering = ["offered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["offered", "enrolled"]),
                name="learning_one_place_per_application",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} → {self.course_id} {self.status}"


class Attendance(models.Model):
    session = models.ForeignKey(CourseSession, on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    present = models.BooleanField(default=True)

    class Meta:
        ordering = ["session", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="learning_attendance_once")]

    def __str__(self) -> str:
        return f"{self.session_id} {self.enrolment_id} {self.present}"


class PlacementRunStatus(models.TextChoices):
    PREVIEW = "preview", _("Proposed, not sent")
    SENT = "sent", _("Sent")
    DISCARDED = "discarded", _("Discarded")


class PlacementRun(CityRecord, Authored):
    """One run of the placement engine: its proposals are shown first, and sent only when a coordinator says so."""

    kind = models.CharField(max_length=20, choices=CourseKind.choices)
    status = models.CharField(max_length=10, choices=PlacementRunStatus.choices, default=PlacementRunStatus.PREVIEW)
    waiting = models.PositiveIntegerField(default=0)
    free_places = models.PositiveIntegerField(default=0)
    eligible_pairs = models.PositiveIntegerField(default=0)
    objective = models.FloatField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class PlacementProposal(models.Model):
    run = models.ForeignKey(PlacementRun, on_delete=models.CASCADE, related_name="proposals")
    application = models.ForeignKey(LearnerApplication, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    sent = models.BooleanField(default=False)
    stale = models.BooleanField(default=False)

    class Meta:
        ordering = ["run", "-score", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id} → {self.course_id}"
