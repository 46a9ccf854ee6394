"""Donations in kind and the civic fund: catalogue, collection points, stock and its ledger, pledges, needs of
partner sites, delivery runs; campaigns, donations, calls for projects, applications, scores and allocations.

Data only: every write goes through `services.py`, every read that is more than a lookup through `selectors.py`.
Names of categories and items are written by the city in French (`name`); other languages are translations in
`accueil.translations` (`TRANSLATED`, registered by the app's config), shown as `item.shown.name`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accueil.core.models import Authored, CityRecord
from accueil.directory.models import WeeklyHours
from accueil.translations.shown import ShownTexts


class Level(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")


class Unit(models.TextChoices):
    PIECE = "piece", _("piece")
    PAIR = "pair", _("pair")
    PACK = "pack", _("pack")
    KIT = "kit", _("kit")
    CARD = "card", _("card")


class Condition(models.TextChoices):
    NEW = "new", _("New")
    GOOD = "good", _("Good, usable")
    WORN = "worn", _("Worn, not usable")


class ItemCategory(ShownTexts, models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="item_categories")
    code = models.SlugField(max_length=40)
    name = models.CharField(_("name (French)"), max_length=120)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["city", "name"]
        constraints = [models.UniqueConstraint(fields=["city", "code"], name="donations_category_unique_code")]

    def __str__(self) -> str:
        return str(self.shown.name)


class Item(ShownTexts, models.Model):
    """A kind of goods. `accepted` is the city-wide switch: off means not accepted at any point."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="donation_items")
    category = models.ForeignKey(ItemCategory, on_delete=models.PROTECT, related_name="items")
    code = models.SlugField(max_length=60)
    name = models.CharField(_("name (French)"), max_length=120)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices, default=Unit.PIECE)
    sizes = models.JSONField(_("sizes"), default=list, blank=True)
    is_kit = models.BooleanField(_("kit made of other items"), default=False)
    accepted = models.BooleanField(_("accepted in the city"), default=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["city", "name"]
        constraints = [models.UniqueConstraint(fields=["city", "code"], name="donations_item_unique_code")]

    def __str__(self) -> str:
        return str(self.shown.name)


class KitComponent(models.Model):
    kit = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="components")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"), default=1, validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["kit", "item"]
        constraints = [
            models.UniqueConstraint(fields=["kit", "item"], name="donations_kit_component_unique"),
            models.CheckConstraint(condition=~Q(kit=F("item")), name="donations_kit_not_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.kit_id} ⊃ {self.quantity} × {self.item_id}"


class PriorityItem(models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="priority_items")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="priorities")
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, default=Level.NORMAL)

    class Meta:
        ordering = ["city", "item__name"]
        constraints = [models.UniqueConstraint(fields=["city", "item"], name="donations_priority_unique")]

    def __str__(self) -> str:
        return f"{self.item_id} ({self.level})"


class CollectionPoint(CityRecord):
    """A drop-off place in a district. `accepting` off is the stop switch: nothing is accepted there."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="collection_points")
    district = models.ForeignKey("territories.District", on_delete=models.PROTECT, related_name="collection_points")
    slug = models.SlugField(max_length=80)
    name = models.CharField(_("name"), max_length=160)
    address = models.CharField(_("address"), max_length=255)
    managed_by = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="collection_points"
    )
    accepting = models.BooleanField(_("accepting donations"), default=True)
    capacity = models.PositiveIntegerField(_("storage capacity (units)"), default=500)

    class Meta:
        ordering = ["city", "district__number", "name"]
        constraints = [models.UniqueConstraint(fields=["city", "slug"], name="donations_point_unique_slug")]

    def __str__(self) -> str:
        return self.name


class OpeningHours(WeeklyHours):
    """A collection point's weekly opening period (the weekday and the validation: `WeeklyHours`)."""

    OPENS = "opens"
    CLOSES = "closes"

    point = models.ForeignKey(CollectionPoint, on_delete=models.CASCADE, related_name="opening_hours")
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["point", "weekday", "opens"]
        constraints = [models.CheckConstraint(condition=Q(closes__gt=F("opens")), name="donations_hours_order")]


class RuleStatus(models.TextChoices):
    NEEDED = "needed", _("Needed")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class PointItemRule(models.Model):
    point = models.ForeignKey(CollectionPoint, on_delete=models.CASCADE, related_name="rules")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="point_rules")
    status = models.CharField(_("status"), max_length=16, choices=RuleStatus.choices)
    quantity_needed = models.PositiveIntegerField(_("quantity needed"), default=0)

    class Meta:
        ordering = ["point", "item__name"]
        constraints = [models.UniqueConstraint(fields=["point", "item"], name="donations_rule_unique")]

    def __str__(self) -> str:
        return f"{self.point_id}/{self.item_id}: {self.status}"


class Stock(models.Model):
    """Running total of the ledger for one item (and size) at one point; never negative (database check)."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="donation_stocks")
    point = models.ForeignKey(CollectionPoint, on_delete=models.CASCADE, related_name="stocks")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="stocks")
    size = models.CharField(_("size"), max_length=20, blank=True, default="")
    quantity = models.IntegerField(_("quantity"), default=0)
    last_received_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["point", "item__name", "size"]
        constraints = [
            models.UniqueConstraint(fields=["point", "item", "size"], name="donations_stock_unique"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="donations_stock_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.point_id}/{self.item_id}/{self.size}: {self.quantity}"


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    DISPATCH = "dispatch", _("Dispatch")
    ADJUSTMENT = "adjustment", _("Adjustment")


class StockMovement(models.Model):
    """The ledger: `delta` is signed (receipts positive, dispatches negative)."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="donation_movements")
    point = models.ForeignKey(CollectionPoint, on_delete=models.CASCADE, related_name="movements")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="movements")
    size = models.CharField(max_length=20, blank=True, default="")
    kind = models.CharField(_("kind"), max_length=12, choices=MovementKind.choices)
    delta = models.IntegerField(_("quantity"))
    condition = models.CharField(_("condition"), max_length=8, choices=Condition.choices, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    pledge = models.ForeignKey("Pledge", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    run = models.ForeignKey("DeliveryRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=~Q(delta=0), name="donations_movement_not_zero")]

    def __str__(self) -> str:
        return f"{self.kind} {self.delta} of {self.item_id} at {self.point_id}"


class PledgeStatus(models.TextChoices):
    PLEDGED = "pledged", _("Pledged")
    RECEIVED = "received", _("Received")
    CANCELLED = "cancelled", _("Cancelled")


class Pledge(CityRecord):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="donation_pledges")
    point = models.ForeignKey(CollectionPoint, on_delete=models.CASCADE, related_name="pledges")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="pledges")
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1), MaxValueValidator(1000)])
    slot_start = models.DateTimeField(_("drop-off from"))
    slot_end = models.DateTimeField(_("drop-off until"))
    donor_name = models.CharField(_("your first name (optional)"), max_length=80, blank=True)
    donor_email = models.EmailField(_("your email (optional)"), blank=True)
    status = models.CharField(max_length=12, choices=PledgeStatus.choices, default=PledgeStatus.PLEDGED)
    code = models.CharField(max_length=12, unique=True)

    class Meta:
        ordering = ["slot_start", "pk"]
        constraints = [models.CheckConstraint(condition=Q(slot_end__gt=F("slot_start")), name="donations_slot_order")]

    def __str__(self) -> str:
        return self.code


class NeedStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    COMMITTED = "committed", _("Committed")
    IN_TRANSIT = "in_transit", _("In transit")
    DELIVERED = "delivered", _("Delivered")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_NEED_STATUSES = (NeedStatus.REQUESTED, NeedStatus.COMMITTED, NeedStatus.IN_TRANSIT)


class Need(CityRecord, Authored):
    """A site's request. committed (planned in a run) + in transit + delivered never exceed the quantity."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="donation_needs")
    site = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="donation_needs")
    district = models.ForeignKey(
        "territories.District", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="needs")
    size = models.CharField(_("size"), max_length=20, blank=True, default="")
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1), MaxValueValidator(100000)])
    urgency = models.CharField(_("urgency"), max_length=8, choices=Level.choices, default=Level.NORMAL)
    needed_by = models.DateField(_("needed by"))
    expires_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=NeedStatus.choices, default=NeedStatus.REQUESTED)
    quantity_committed = models.PositiveIntegerField(default=0)
    quantity_in_transit = models.PositiveIntegerField(default=0)
    quantity_delivered = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["needed_by", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=F("quantity_committed") + F("quantity_in_transit") + F("quantity_delivered")),
                name="donations_need_within_quantity",
            ),
            models.CheckConstraint(
                condition=Q(quantity_committed__gte=0, quantity_in_transit__gte=0, quantity_delivered__gte=0),
                name="donations_need_quantities_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"Need #{self.pk}: {self.quantity} × {self.item_id}"

    @property
    def quantity_open(self) -> int:
        return self.quantity - self.quantity_committed - self.quantity_in_transit - self.quantity_delivered


class Vehicle(models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="donation_vehicles")
    name = models.CharField(_("name"), max_length=80)
    capacity_units = models.PositiveIntegerField(_("capacity (units)"), validators=[MinValueValidator(1)])
    electric = models.BooleanField(_("electric"), default=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["city", "name"]

    def __str__(self) -> str:
        return self.name


class RunStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PICKED_UP = "picked_up", _("Picked up")
    DELIVERED = "delivered", _("Delivered")


class DeliveryRun(models.Model):
    """One trip of a vehicle: pick up at one point, drop at one or more sites."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="donation_runs")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="runs")
    point = models.ForeignKey(CollectionPoint, on_delete=models.PROTECT, related_name="runs")
    driver = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="donation_runs"
    )
    status = models.CharField(max_length=12, choices=RunStatus.choices, default=RunStatus.PLANNED)
    driver_reasons = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"Run #{self.pk} ({self.status})"


class DeliveryLine(models.Model):
    run = models.ForeignKey(DeliveryRun, on_delete=models.CASCADE, related_name="lines")
    need = models.ForeignKey(Need, on_delete=models.PROTECT, related_name="delivery_lines")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    size = models.CharField(max_length=20, blank=True, default="")
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    score = models.FloatField(default=0)
    reasons = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["run", "pk"]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.item_id} → need {self.need_id}"


# --- The fund --------------------------------------------------------------------------------------------------------


class Campaign(models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="fund_campaigns")
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    foundation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="fund_campaigns"
    )
    goal = models.DecimalField(_("goal (€)"), max_digits=12, decimal_places=2, default=0)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-starts_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Donation(CityRecord):
    """A gift recorded by the foundation's staff. The payment is handled by the foundation: no card data here."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="fund_donations")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="donations")
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0.01)])
    donor_name = models.CharField(_("donor name"), max_length=120, blank=True)
    consent_to_be_named = models.BooleanField(_("the donor agrees to be named publicly"), default=False)
    received_on = models.DateField(_("received on"))
    reference = models.CharField(_("foundation receipt reference"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="donations_donation_positive")]

    def __str__(self) -> str:
        return f"Donation #{self.pk}: {self.amount}"


class CallStatus(models.TextChoices):
    OPEN = "open", _("Open for applications")
    REVIEW = "review", _("Under review")
    ALLOCATED = "allocated", _("Allocated")


class CallForProjects(models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="fund_calls")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="calls")
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    budget = models.DecimalField(_("budget (€)"), max_digits=12, decimal_places=2)
    cap_per_organisation = models.DecimalField(_("cap per organisation (€)"), max_digits=12, decimal_places=2)
    closes_on = models.DateField(_("closes on"))
    status = models.CharField(max_length=12, choices=CallStatus.choices, default=CallStatus.OPEN)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-closes_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Application(CityRecord):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="fund_applications")
    call = models.ForeignKey(CallForProjects, on_delete=models.CASCADE, related_name="applications")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="fund_applications"
    )
    project = models.CharField(_("project"), max_length=160)
    summary = models.TextField(_("summary"), blank=True, max_length=3000)
    district = models.ForeignKey("territories.District", on_delete=models.PROTECT, related_name="+")
    sector = models.ForeignKey(
        "organisations.Sector", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    amount_requested = models.DecimalField(
        _("amount requested (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(1)]
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["call", "created_at", "pk"]

    def __str__(self) -> str:
        return self.project


class Score(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(_("score (0–10)"), validators=[MaxValueValidator(10)])
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    class Meta:
        ordering = ["application", "reviewer"]
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="donations_score_unique"),
            models.CheckConstraint(condition=Q(value__lte=10), name="donations_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.value}"


class Allocation(models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="fund_allocations")
    call = models.ForeignKey(CallForProjects, on_delete=models.CASCADE, related_name="allocations")
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="allocation")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    rank = models.PositiveIntegerField()
    reasons = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["call", "rank"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="donations_allocation_positive")]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.amount}"


class Sponsor(models.Model):
    """A company or patron ready to support projects: its interests are matched with the fund's applications."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="fund_sponsors")
    name = models.CharField(_("name"), max_length=160)
    sectors = models.ManyToManyField("organisations.Sector", blank=True, related_name="+", verbose_name=_("sectors"))
    districts = models.ManyToManyField(
        "territories.District", blank=True, related_name="+", verbose_name=_("districts")
    )
    budget = models.DecimalField(_("budget (€)"), max_digits=12, decimal_places=2, default=0)
    capacity = models.PositiveSmallIntegerField(
        _("projects it can support"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["city", "name"]

    def __str__(self) -> str:
        return self.name


class SponsorContact(models.Model):
    """A coordinator put a sponsor in contact with a project; the project's organisation then sees the contact."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="fund_sponsor_contacts")
    sponsor = models.ForeignKey(Sponsor, on_delete=models.CASCADE, related_name="contacts")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="sponsor_contacts")
    score = models.FloatField(default=0)
    reasons = models.JSONField(default=list, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["sponsor", "application"], name="donations_sponsor_contact_unique")
        ]

    def __str__(self) -> str:
        return f"{self.sponsor_id} → {self.application_id}"


# The translatable fields of each model, registered with ``accueil.translations`` by the app's config.
TRANSLATED: dict[type[models.Model], tuple[str, ...]] = {ItemCategory: ("name",), Item: ("name",)}
