"""The city's reception plan: cornerstones, commitments, measures, indicators and their values, reviews.

Translatable texts: the field (``title``, ``description``, …) holds the French text, the plan's language of
record; other languages are translations in ``accueil.translations`` (``TRANSLATED`` lists the fields, registered
by the app's config). Templates show ``obj.shown.title``, the text in the reader's language, French when no
translation is published yet (see ``accueil.translations.shown``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accueil.core.models import CityRecord, Timestamped
from accueil.translations.shown import ShownTexts


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    CLOSED = "closed", _("Closed")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    PARTNER = "partner", _("Partner")
    FUNDER = "funder", _("Funder")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")


class IndicatorSource(models.TextChoices):
    MANUAL = "manual", _("Entered by the owner")
    IMPORT = "import", _("Imported")
    COMPUTED = "computed", _("Computed from the platform's data")


class Provenance(models.TextChoices):
    ENTERED = "entered", _("Entered")
    IMPORTED = "imported", _("Imported")
    COMPUTED = "computed", _("Computed")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FROZEN = "frozen", _("Frozen")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Plan(ShownTexts, CityRecord):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(_("title (French)"), max_length=300)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.ADOPTED)

    class Meta:
        ordering = ["city", "-adopted_on", "pk"]

    def __str__(self) -> str:
        return str(self.shown.title)


class Official(ShownTexts, models.Model):
    """An elected official who leads part of the plan (in Paris, a deputy mayor)."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="plan_officials")
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role (French)"), max_length=400, blank=True)
    portfolio = models.CharField(_("portfolio"), max_length=400, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["city", "name"], name="plan_official_unique_name")]

    def __str__(self) -> str:
        return self.name


class Cornerstone(ShownTexts, models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="cornerstones")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title (French)"), max_length=300)
    description = models.TextField(_("description (French)"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_cornerstone_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.shown.title}"


class Commitment(ShownTexts, models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="commitments")
    cornerstone = models.ForeignKey(Cornerstone, on_delete=models.CASCADE, related_name="commitments")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title (French)"), max_length=300)
    description = models.TextField(_("description (French)"), blank=True)
    lead_officials = models.ManyToManyField(
        Official, blank=True, related_name="commitments", verbose_name=_("lead officials")
    )
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_commitment_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.shown.title}"

    def get_absolute_url(self) -> str:
        return reverse("plan:commitment", kwargs={"number": self.number})


class Project(ShownTexts, models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(_("title (French)"), max_length=300)
    lead_official = models.ForeignKey(
        Official, null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    portfolio = models.CharField(_("portfolio"), max_length=400, blank=True)
    commitments = models.ManyToManyField(Commitment, blank=True, related_name="projects")

    class Meta:
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return str(self.shown.title)


class Measure(ShownTexts, CityRecord, Timestamped):
    """A result the plan promises. Its primary key is its stable public id (proposals and exports refer to it);
    its public page is ``get_absolute_url()``. ``parent`` makes it a sub-result of another measure."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="measures")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children", verbose_name=_("part of")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title (French)"), max_length=300)
    description = models.TextField(_("description (French)"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1, help_text=_("Shown next to the measure."))
    owner_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_measures",
        verbose_name=_("owner organisation"),
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_measures",
        verbose_name=_("owner"),
    )
    published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["commitment", "position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(weight__gte=1), name="plan_measure_weight_positive")]

    def __str__(self) -> str:
        return str(self.shown.title)

    def get_absolute_url(self) -> str:
        return reverse("plan:measure", kwargs={"pk": self.pk})


class MeasurePartner(models.Model):
    """A partner of a measure, or of the whole commitment when ``measure`` is empty. ``organisation`` links to the
    partner registry when the partner is registered; ``name`` is kept for the others."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="partners")
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_roles"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=12, choices=PartnerRole.choices, default=PartnerRole.PARTNER)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["commitment", "measure", "role", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(organisation__isnull=False) | ~Q(name=""), name="plan_partner_named")
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.organisation.name if self.organisation is not None else self.name


class Pledge(ShownTexts, models.Model):
    """A commitment made by a stakeholder (e.g. at the civic conference), tracked with a status like a measure."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="pledges")
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_pledges"
    )
    stakeholder = models.CharField(_("stakeholder"), max_length=300, blank=True)
    text = models.TextField(_("pledge (French)"))
    made_on = models.DateField(_("made on"), null=True, blank=True)
    event_name = models.CharField(_("event"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Leave empty when the pledge's progress is not measured."),
    )
    commitments = models.ManyToManyField(Commitment, blank=True, related_name="pledges")
    published = models.BooleanField(_("published"), default=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["plan", "made_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(stakeholder=""), name="plan_pledge_named"
            ),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100), name="plan_pledge_progress_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder_name}: {self.shown.text.text[:60]}"

    @property
    def stakeholder_name(self) -> str:
        return self.organisation.name if self.organisation is not None else self.stakeholder


class BudgetLine(models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="budget_lines")
    label = models.CharField(_("label"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    planned = models.DecimalField(_("planned (€)"), max_digits=14, decimal_places=2, default=0)
    spent = models.DecimalField(_("spent (€)"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        ordering = ["measure", "year", "label"]
        constraints = [
            models.CheckConstraint(condition=Q(planned__gte=0) & Q(spent__gte=0), name="plan_budget_non_negative")
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.year})"


class Indicator(ShownTexts, models.Model):
    """What is measured for a measure (or a whole commitment). Computed indicators read a registered source in
    ``accueil.plan.sources`` live; their values are stored only in review snapshots."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators")
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name (French)"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=4, default=0)
    target = models.DecimalField(_("target"), max_digits=16, decimal_places=4, null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE)
    source = models.CharField(
        _("source"), max_length=10, choices=IndicatorSource.choices, default=IndicatorSource.MANUAL
    )
    computed_source = models.CharField(_("computed from"), max_length=80, blank=True, null=True)
    published = models.BooleanField(_("published"), default=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["measure", "commitment", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(measure__isnull=False) & Q(commitment__isnull=True))
                | (Q(measure__isnull=True) & Q(commitment__isnull=False)),
                name="plan_indicator_one_parent",
            ),
            models.CheckConstraint(
                condition=Q(source="computed", computed_source__isnull=False) | ~Q(source="computed"),
                name="plan_indicator_computed_has_source",
            ),
        ]

    def __str__(self) -> str:
        return str(self.shown.name)

    @property
    def is_computed(self) -> bool:
        return self.source == IndicatorSource.COMPUTED


class IndicatorValue(CityRecord):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    provenance = models.CharField(
        _("provenance"), max_length=10, choices=Provenance.choices, default=Provenance.ENTERED
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["indicator", "date", "pk"]
        indexes = [models.Index(fields=["indicator", "-date", "-id"], name="plan_value_latest")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.date}: {self.value}"


class Review(models.Model):
    """The twice-yearly platform meeting. Freezing it writes its immutable snapshot."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=8, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    frozen_at = models.DateTimeField(null=True, blank=True, editable=False)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["plan", "-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plan:review", kwargs={"pk": self.pk})

    @property
    def is_frozen(self) -> bool:
        return self.status == ReviewStatus.FROZEN


class ReviewSnapshot(models.Model):
    """Everything as it stood at the review date: written once by ``review_freeze``, never updated."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="snapshot")
    taken_on = models.DateField()
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.review} @ {self.taken_on}"


class Decision(models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"), max_length=2000)
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["review", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionItem(models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="action_items")
    text = models.CharField(_("action"), max_length=500)
    owner = models.CharField(_("owner"), max_length=200)
    owner_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_action_items"
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["review", "due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


# The translatable fields of each model, registered with ``accueil.translations`` by the app's config.
TRANSLATED: dict[type[models.Model], tuple[str, ...]] = {
    Plan: ("title",),
    Official: ("role",),
    Cornerstone: ("title", "description"),
    Commitment: ("title", "description"),
    Project: ("title",),
    Measure: ("title", "description"),
    Pledge: ("text",),
    Indicator: ("name",),
}
