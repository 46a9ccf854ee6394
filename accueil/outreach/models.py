"""Outreach: teams and rounds, encounters with pseudonymous persons, consent per purpose, referrals that come back,
camp diagnoses, interpreting, and the aggregate figures the City sees.

Least data by design: a person is a generated reference; a code name or a name only when given, encrypted at rest
like every free text and every vulnerability; places are a named landmark or a grid cell of about 250 m (never a
precise point); what the City reads is `WeeklyFigure`, counts by district and week that name nobody.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accueil.core.models import Authored, CityRecord, Timestamped
from accueil.core.sensitive import EncryptedTextField


class AreaKind(models.TextChoices):
    DISTRICT = "district", _("District")
    STATION = "station", _("Station")
    CAMP = "camp", _("Camp")
    NO_SIGNAL = "no_signal", _("Area without mobile signal")
    MINORS = "minors", _("Young people alone")


class Consent(models.TextChoices):
    UNASKED = "", _("Not asked")
    GIVEN = "given", _("Agreed")
    REFUSED = "refused", _("Refused")


class Composition(models.TextChoices):
    ALONE = "alone", _("Alone")
    COUPLE = "couple", _("Couple")
    FAMILY = "family", _("Family")
    WITH_CHILDREN = "with_children", _("Adult with children")
    GROUP = "group", _("Group of adults")


class Vulnerability(models.TextChoices):
    UNACCOMPANIED_MINOR = "unaccompanied_minor", _("Unaccompanied minor")
    PREGNANCY = "pregnancy", _("Pregnancy")
    SINGLE_HEADED = "single_headed", _("Single-headed household")
    WOMAN_ALONE = "woman_alone", _("Woman alone")
    DISABILITY = "disability", _("Disability")
    SEVERE_ILLNESS = "severe_illness", _("Severe illness")
    TORTURE = "torture", _("Survivor of torture")
    TRAFFICKING = "trafficking", _("Trafficking")
    TRAUMA = "trauma", _("Trauma")
    SOGI = "sogi", _("Sexual orientation or gender identity")
    ELDERLY = "elderly", _("Elderly person")


class Need(models.TextChoices):
    SHELTER_TONIGHT = "shelter_tonight", _("Shelter tonight")
    HEALTH = "health", _("Health")
    FOOD = "food", _("Food")
    LEGAL = "legal", _("Legal advice")
    LANGUAGE = "language", _("Language")


class Offer(models.TextChoices):
    SHELTER = "shelter", _("Shelter")
    HEALTH = "health", _("Health care")
    FOOD = "food", _("Food")
    LEGAL = "legal", _("Legal advice")
    INFORMATION = "information", _("Information on rights")
    HYGIENE = "hygiene", _("Hygiene kit")


def _validate_codes(choices: type[models.TextChoices], value: object) -> None:
    if not isinstance(value, list) or any(item not in choices.values for item in value):
        raise ValidationError(_("Choose from the list."), code="invalid_choice")


def validate_needs(value: object) -> None:
    _validate_codes(Need, value)


def validate_offers(value: object) -> None:
    _validate_codes(Offer, value)


def validate_vulnerability_codes(value: object) -> None:
    _validate_codes(Vulnerability, value)


def validate_grid_cell(value: str) -> None:
    from .places import is_grid_cell

    if value and not is_grid_cell(value):
        raise ValidationError(_("A grid cell reads like G-1234-567."), code="invalid_grid_cell")


class Team(CityRecord, Timestamped):
    """An outreach team: for a district or for a special area (a station, camps, areas without signal, minors)."""

    name = models.CharField(_("name"), max_length=120)
    area_kind = models.CharField(_("area"), max_length=12, choices=AreaKind.choices, default=AreaKind.DISTRICT)
    district = models.ForeignKey(
        "territories.District",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("district"),
    )
    area_name = models.CharField(_("special area"), max_length=120, blank=True)
    organisations = models.ManyToManyField(
        "organisations.Organisation", blank=True, related_name="outreach_teams", verbose_name=_("organisations")
    )
    languages = models.ManyToManyField(
        "languages.Language", blank=True, related_name="+", verbose_name=_("languages spoken")
    )
    schedule = models.CharField(_("schedule"), max_length=200, blank=True)
    minor_shelter_partner = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("shelter partner for young people"),
        help_text=_("Receives at once the shelter referral of a young person who says they are a minor."),
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="TeamMember", related_name="outreach_teams")
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["city", "name"], name="outreach_team_unique_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.area_kind == AreaKind.DISTRICT and self.district_id is None:
            raise ValidationError({"district": [_("A district team needs its district.")]})
        if self.district is not None and self.district.city_id != self.city_id:
            raise ValidationError({"district": [_("This district is not in the city.")]})


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outreach_memberships")
    is_lead = models.BooleanField(_("team lead"), default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team", "-is_lead", "id"]
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="outreach_member_unique")]

    def __str__(self) -> str:
        return f"{self.team_id}:{self.user_id}"


class Landmark(CityRecord):
    """A named place teams go to (a station forecourt, a square, a camp): coarse by nature."""

    name = models.CharField(_("name"), max_length=120)
    district = models.ForeignKey(
        "territories.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    area_kind = models.CharField(_("kind"), max_length=12, choices=AreaKind.choices, default=AreaKind.DISTRICT)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["city", "name"], name="outreach_landmark_unique_name")]

    def __str__(self) -> str:
        return self.name


class Round(CityRecord, Authored):
    """A round a team plans or made, and the places it covered."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="rounds")
    date = models.DateField(_("date"))
    landmarks = models.ManyToManyField(Landmark, related_name="rounds", verbose_name=_("places covered"))
    done = models.BooleanField(_("done"), default=False)
    notes = EncryptedTextField(_("notes"), blank=True, help_text=_("No names, no description of people."))

    class Meta:
        ordering = ["-date", "-id"]


class Person(models.Model):
    """Someone a team met: a generated reference; a code name or a name only when given, both encrypted."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="persons")
    reference = models.CharField(_("reference"), max_length=12, editable=False)
    code_name = EncryptedTextField(_("code name"), blank=True)
    name = EncryptedTextField(
        _("name"), blank=True, help_text=_("Only when the person asks for it and the team needs it.")
    )
    says_minor = models.BooleanField(_("says they are a minor"), default=False)
    consent_follow_up = models.CharField(
        _("being followed by the team"), max_length=8, choices=Consent.choices, blank=True, default=Consent.UNASKED
    )
    consent_shelter = models.CharField(
        _("referral to a shelter"), max_length=8, choices=Consent.choices, blank=True, default=Consent.UNASKED
    )
    consent_health = models.CharField(
        _("referral to health services"), max_length=8, choices=Consent.choices, blank=True, default=Consent.UNASKED
    )
    consent_legal = models.CharField(
        _("referral to legal help"), max_length=8, choices=Consent.choices, blank=True, default=Consent.UNASKED
    )
    first_contact_at = models.DateTimeField(_("first contact"))
    last_contact_at = models.DateTimeField(_("last contact"))
    engaged_at = models.DateTimeField(_("engaged"), null=True, blank=True)
    exited_at = models.DateTimeField(_("exited"), null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-last_contact_at", "id"]
        constraints = [models.UniqueConstraint(fields=["city", "reference"], name="outreach_person_unique_reference")]
        indexes = [models.Index(fields=["team", "exited_at"]), models.Index(fields=["last_contact_at"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_followed(self) -> bool:
        return self.consent_follow_up == Consent.GIVEN and self.exited_at is None


class PartnerConsent(models.Model):
    """The person's answer about one named partner organisation."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="partner_consents")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=8, choices=Consent.choices[1:])
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "organisation"], name="outreach_partner_consent_once")]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.organisation_id}={self.answer}"


class Encounter(CityRecord, Authored):
    """One contact: when, where (coarse), who (a person's reference), what was seen, needed and offered."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="encounters")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="encounters")
    occurred_at = models.DateTimeField(_("when"))
    district = models.ForeignKey(
        "territories.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    landmark = models.ForeignKey(
        Landmark, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("place")
    )
    grid_cell = models.CharField(_("grid cell"), max_length=16, blank=True, validators=[validate_grid_cell])
    composition = models.CharField(_("composition"), max_length=16, choices=Composition.choices)
    adults = models.PositiveSmallIntegerField(_("adults"), default=1, validators=[MaxValueValidator(50)])
    children = models.PositiveSmallIntegerField(_("children"), default=0, validators=[MaxValueValidator(50)])
    vulnerabilities = EncryptedTextField(_("vulnerabilities seen"), blank=True)  # JSON list of Vulnerability codes
    needs = models.JSONField(_("needs"), default=list, blank=True, validators=[validate_needs])
    language = models.ForeignKey(
        "languages.Language",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("language spoken"),
    )
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    offered = models.JSONField(_("offered"), default=list, blank=True, validators=[validate_offers])
    notes = EncryptedTextField(_("notes"), blank=True)
    client_key = models.UUIDField(null=True, blank=True, editable=False)
    coarsened_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "client_key"],
                condition=Q(client_key__isnull=False),
                name="outreach_encounter_idempotent",
            ),
        ]
        indexes = [models.Index(fields=["occurred_at"])]

    def vulnerability_codes(self) -> list[str]:
        return list(json.loads(self.vulnerabilities)) if self.vulnerabilities else []


class ReferralKind(models.TextChoices):
    SHELTER = "shelter", _("Shelter place")
    HEALTH = "health", _("Health centre")
    LEGAL = "legal", _("Legal service")
    CHILD_PROTECTION = "child_protection", _("Age assessment and child protection")
    PARTNER = "partner", _("Other partner")


class ReferralStatus(models.TextChoices):
    CREATED = "created", _("Created")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# HL7 BSeR: created → accepted / declined → scheduled → done / cancelled (cancelled possible until done).
REFERRAL_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReferralStatus.CREATED: (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.CANCELLED),
    ReferralStatus.ACCEPTED: (ReferralStatus.SCHEDULED, ReferralStatus.DONE, ReferralStatus.CANCELLED),
    ReferralStatus.SCHEDULED: (ReferralStatus.DONE, ReferralStatus.CANCELLED),
    ReferralStatus.DECLINED: (),
    ReferralStatus.DONE: (),
    ReferralStatus.CANCELLED: (),
}
OPEN_REFERRAL_STATUSES = (ReferralStatus.CREATED, ReferralStatus.ACCEPTED, ReferralStatus.SCHEDULED)


class Referral(CityRecord, Authored, Timestamped):
    """A hand-off to a partner carrying only what the person's consent allows; its outcome returns to the team."""

    person = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="referrals")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="referrals")
    partner = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="outreach_referrals",
        verbose_name=_("partner"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReferralKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.CREATED
    )
    unconditional = models.BooleanField(
        _("unconditional"), default=False, help_text=_("Shelter at once, before any assessment.")
    )
    shared = EncryptedTextField(blank=True)  # JSON: exactly what the consent allowed, frozen at creation
    district = models.ForeignKey(
        "territories.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    outcome = EncryptedTextField(_("outcome"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # A shelter referral answered with a bed: the shelters app's place request (composition and needs only).
    place_request = models.ForeignKey(
        "shelters.PlaceRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["partner", "status"]), models.Index(fields=["team", "status"])]

    def shared_data(self) -> dict[str, object]:
        return dict(json.loads(self.shared)) if self.shared else {}


class CampOperation(CityRecord, Authored):
    """An operation at a camp (an evacuation): everyone present recorded by household, each offered a place."""

    name = models.CharField(_("name"), max_length=120)
    landmark = models.ForeignKey(
        Landmark, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("place")
    )
    district = models.ForeignKey(
        "territories.District", on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    held_on = models.DateField(_("date"))
    teams = models.ManyToManyField(Team, related_name="camp_operations", verbose_name=_("teams"))
    hours_to_decide = models.PositiveSmallIntegerField(
        _("time given to decide (hours)"), default=48, validators=[MinValueValidator(1), MaxValueValidator(24 * 14)]
    )

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.name


class HouseholdDecision(models.TextChoices):
    PENDING = "pending", _("Deciding")
    ACCEPTED = "accepted", _("Accepted the place")
    DECLINED = "declined", _("Declined the place")


class CampHousehold(models.Model):
    operation = models.ForeignKey(CampOperation, on_delete=models.CASCADE, related_name="households")
    reference = models.CharField(_("reference"), max_length=12, editable=False)
    adults = models.PositiveSmallIntegerField(_("adults"), default=1, validators=[MaxValueValidator(50)])
    children = models.PositiveSmallIntegerField(_("children"), default=0, validators=[MaxValueValidator(50)])
    vulnerabilities = EncryptedTextField(blank=True)  # JSON list of Vulnerability codes
    needs = models.JSONField(_("needs"), default=list, blank=True, validators=[validate_needs])
    accommodation_offered = EncryptedTextField(_("accommodation offered"), blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    decide_by = models.DateTimeField(_("to decide by"), null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=HouseholdDecision.choices, default=HouseholdDecision.PENDING
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["operation", "id"]
        constraints = [models.UniqueConstraint(fields=["operation", "reference"], name="outreach_household_ref")]

    def __str__(self) -> str:
        return self.reference

    def vulnerability_codes(self) -> list[str]:
        return list(json.loads(self.vulnerabilities)) if self.vulnerabilities else []


# --- Interpreting ----------------------------------------------------------------------------------------------


class InterpreterKind(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteer")
    STUDENT = "student", _("INALCO student")
    ASSOCIATION = "association", _("Association staff")
    PROFESSIONAL = "professional", _("Professional service")


class Domain(models.TextChoices):
    ASYLUM = "asylum", _("Asylum")
    MEDICAL = "medical", _("Medical")
    LEGAL = "legal", _("Legal")
    EVERYDAY = "everyday", _("Everyday")


class Mode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")


class Urgency(models.IntegerChoices):
    WITHIN_WEEK = 1, _("Within a week")
    WITHIN_DAY = 2, _("Within a day")
    NOW = 3, _("Now")


class Gender(models.TextChoices):
    ANY = "", _("No preference")
    WOMAN = "woman", _("A woman")
    MAN = "man", _("A man")


class LanguageLevel(models.IntegerChoices):
    BASIC = 1, _("Basic conversation")
    FLUENT = 2, _("Fluent")
    PROFESSIONAL = 3, _("Professional interpreting")


class Interpreter(CityRecord, Timestamped):
    kind = models.CharField(_("kind"), max_length=12, choices=InterpreterKind.choices)
    display_name = models.CharField(_("name shown to requesters"), max_length=80)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outreach_interpreter_profiles",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    district = models.ForeignKey(
        "territories.District", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    capacity = models.PositiveSmallIntegerField(
        _("appointments per matching run"), default=2, validators=[MaxValueValidator(1000)]
    )
    domains = models.JSONField(_("domains"), default=list, blank=True)
    modes = models.JSONField(_("modes"), default=list, blank=True)
    available_weekdays = models.JSONField(_("days available"), default=list, blank=True)
    conflict_organisations = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("organisations they must not interpret for (conflict of interest)"),
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["display_name", "id"]

    def __str__(self) -> str:
        return self.display_name


class InterpreterLanguage(models.Model):
    """A credential: a language (and dialect) at a level."""

    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="languages")
    language = models.ForeignKey("languages.Language", on_delete=models.PROTECT, related_name="+")
    dialect = models.CharField(_("dialect"), max_length=40, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=LanguageLevel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["interpreter", "language", "dialect"], name="outreach_interpreter_language_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language_id}:{self.level}"


class InterpreterExclusion(models.Model):
    """A person this interpreter must not serve (known to them, a conflict, a complaint)."""

    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="exclusions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["interpreter", "person"], name="outreach_exclusion_once")]

    def __str__(self) -> str:
        return f"{self.interpreter_id}≠{self.person_id}"


class InterpretingStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an interpreter")
    MATCHED = "matched", _("Interpreter found")
    PROFESSIONAL = "professional", _("Sent to a professional service")
    UNMET = "unmet", _("Nobody could serve")
    CANCELLED = "cancelled", _("Cancelled")
    DONE = "done", _("Done")


class InterpretingRequest(CityRecord, Authored):
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("for"),
    )
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    language = models.ForeignKey(
        "languages.Language", on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    dialect = models.CharField(_("dialect"), max_length=40, blank=True)
    level_needed = models.PositiveSmallIntegerField(
        _("level needed"), choices=LanguageLevel.choices, default=LanguageLevel.FLUENT
    )
    domain = models.CharField(_("domain"), max_length=10, choices=Domain.choices, default=Domain.EVERYDAY)
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices, default=Mode.ON_SITE)
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=Urgency.choices, default=Urgency.WITHIN_DAY)
    gender_preference = models.CharField(_("interpreter's gender"), max_length=8, choices=Gender.choices, blank=True)
    district = models.ForeignKey(
        "territories.District",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("where"),
    )
    starts_at = models.DateTimeField(_("when"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=60, validators=[MinValueValidator(10), MaxValueValidator(480)]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=InterpretingStatus.choices, default=InterpretingStatus.OPEN
    )
    interpreter = models.ForeignKey(
        Interpreter, null=True, blank=True, on_delete=models.SET_NULL, related_name="assignments"
    )
    possible_at_request = models.PositiveIntegerField(default=0)
    score = models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    matched_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted by the interpreter"), null=True, blank=True)
    declined_by = models.ManyToManyField(Interpreter, blank=True, related_name="+")

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["city", "status"])]


# --- What the City sees --------------------------------------------------------------------------------------


class Metric(models.TextChoices):
    ENCOUNTERS = "encounters", _("Encounters")
    PEOPLE_MET = "people_met", _("People met for the first time")
    VULNERABILITY = "vulnerability", _("People met by vulnerability")
    MINORS_SHELTER_OFFERED = "minors_shelter", _("Young people offered shelter at once")
    REFERRALS = "referrals", _("Referrals by outcome")
    SHELTER_HOURS = "shelter_hours", _("Hours from referral to a shelter place")
    SHELTER_PLACED = "shelter_placed", _("Shelter places obtained")
    CAMP_HOUSEHOLDS = "camp_households", _("Camp households offered accommodation")
    INTERPRETING = "interpreting", _("Interpreting requests by language")
    INTERPRETING_UNMET = "interpreting_unmet", _("Unmet interpreting requests by language")


class WeeklyFigure(models.Model):
    """A count by district and ISO week that names nobody: the only outreach data the City reads."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    district_number = models.PositiveSmallIntegerField(default=0)  # 0: the whole city or not known
    week = models.DateField()  # the Monday
    metric = models.CharField(max_length=20, choices=Metric.choices)
    key = models.CharField(max_length=40, blank=True)
    value = models.BigIntegerField(default=0)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["week", "metric", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "district_number", "week", "metric", "key"], name="outreach_figure_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.week} {self.metric}:{self.key}={self.value}"
