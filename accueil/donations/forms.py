"""Forms of the donations pages: validation and clear messages; the services do the writing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .models import Condition, Level, OpeningHours, RuleStatus, Unit

if TYPE_CHECKING:
    from accueil.organisations.models import Organisation, Sector
    from accueil.territories.models import District

    from .models import Campaign, Item, ItemCategory


def pledge_slots(
    *, hours: list[OpeningHours], today: dt.date | None = None, days: int = 14
) -> list[tuple[str, str, dt.datetime, dt.datetime]]:
    """Drop-off slots over the next `days` days from the point's weekly opening hours: (value, label, start, end)."""
    today = today or timezone.localdate()
    now = timezone.now()
    slots = []
    for offset in range(days):
        day = today + dt.timedelta(days=offset)
        for row in hours:
            if row.weekday != day.weekday():
                continue
            start = timezone.make_aware(dt.datetime.combine(day, row.opens))
            end = timezone.make_aware(dt.datetime.combine(day, row.closes))
            if end <= now:
                continue
            value = f"{day.isoformat()}T{row.opens:%H:%M}/{row.closes:%H:%M}"
            label = f"{formats.date_format(day, 'l j F')}, {row.opens:%H:%M}–{row.closes:%H:%M}"
            slots.append((value, label, start, end))
    return slots


class PledgeForm(forms.Form):
    item: forms.ModelChoiceField[Item] = forms.ModelChoiceField(
        label=_("What you bring"), queryset=None, empty_label=_("Choose an item")
    )
    quantity = forms.IntegerField(label=_("How many"), min_value=1, max_value=1000, initial=1)
    slot = forms.ChoiceField(label=_("When you come"))
    donor_name = forms.CharField(label=_("Your first name (optional)"), max_length=80, required=False)
    donor_email = forms.EmailField(
        label=_("Your email (optional)"),
        required=False,
        help_text=_("Only used to remind you of your drop-off; never shown."),
    )

    def __init__(self, *args: Any, items: Any, slots: list[tuple[str, str, dt.datetime, dt.datetime]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["item"]).queryset = items
        self._slots = {value: (start, end) for value, _label, start, end in slots}
        cast(forms.ChoiceField, self.fields["slot"]).choices = [(value, label) for value, label, _s, _e in slots]

    def clean_slot(self) -> tuple[dt.datetime, dt.datetime]:
        value = self.cleaned_data["slot"]
        if value not in self._slots:
            raise forms.ValidationError(_("Choose one of the time slots offered."))
        return self._slots[value]


class ReceiptForm(forms.Form):
    item: forms.ModelChoiceField[Item] = forms.ModelChoiceField(
        label=_("Item"), queryset=None, empty_label=_("Choose an item")
    )
    size = forms.CharField(label=_("Size"), max_length=20, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100_000, initial=1)
    condition = forms.ChoiceField(label=_("Condition"), choices=Condition.choices, initial=Condition.GOOD)

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["item"]).queryset = items


class DispatchForm(forms.Form):
    stock = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Quantity to send"), min_value=1, max_value=100_000)
    note = forms.CharField(label=_("Where it goes"), max_length=200, required=False)


class NeedForm(forms.Form):
    item: forms.ModelChoiceField[Item] = forms.ModelChoiceField(
        label=_("Item"), queryset=None, empty_label=_("Choose an item")
    )
    size = forms.CharField(label=_("Size (optional)"), max_length=20, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100_000)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Level.choices, initial=Level.NORMAL)
    needed_by = forms.DateField(label=_("Needed by"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["item"]).queryset = items


# --- Catalogue, rules, fund and sponsors -----------------------------------------------------------------------------


class CategoryForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("Lower-case letters, digits and hyphens."))
    name = forms.CharField(label=_("Name (French)"), max_length=120)


class ItemForm(forms.Form):
    category: forms.ModelChoiceField[ItemCategory] = forms.ModelChoiceField(
        label=_("Category"), queryset=None, empty_label=_("Choose a category")
    )
    code = forms.SlugField(label=_("Code"), max_length=60, help_text=_("Lower-case letters, digits and hyphens."))
    name = forms.CharField(label=_("Name (French)"), max_length=120)
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    sizes = forms.CharField(
        label=_("Sizes (optional)"),
        max_length=400,
        required=False,
        help_text=_("Separated by commas, for example: S, M, L, XL."),
    )
    is_kit = forms.BooleanField(label=_("This item is a kit made of other items"), required=False)

    def __init__(self, *args: Any, categories: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["category"]).queryset = categories

    def clean_sizes(self) -> list[str]:
        return [size.strip() for size in self.cleaned_data["sizes"].split(",") if size.strip()]


class KitComponentForm(forms.Form):
    component: forms.ModelChoiceField[Item] = forms.ModelChoiceField(
        label=_("Item in the kit"), queryset=None, empty_label=_("Choose an item")
    )
    quantity = forms.IntegerField(
        label=_("Quantity in one kit"), min_value=0, max_value=1000, initial=1, help_text=_("0 removes it.")
    )

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["component"]).queryset = items


class PriorityForm(forms.Form):
    item: forms.ModelChoiceField[Item] = forms.ModelChoiceField(
        label=_("Item"), queryset=None, empty_label=_("Choose an item")
    )
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("Not a priority")), *list(Level.choices)], required=False
    )

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["item"]).queryset = items


class RuleForm(forms.Form):
    item: forms.ModelChoiceField[Item] = forms.ModelChoiceField(
        label=_("Item"), queryset=None, empty_label=_("Choose an item")
    )
    status = forms.ChoiceField(
        label=_("Rule"), choices=[("", _("No rule (remove)")), *list(RuleStatus.choices)], required=False
    )
    quantity_needed = forms.IntegerField(
        label=_("Quantity needed"), min_value=0, max_value=100_000, initial=0, required=False
    )

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["item"]).queryset = items

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("status") == RuleStatus.NEEDED and not data.get("quantity_needed"):
            self.add_error("quantity_needed", _("Say how many are needed."))
        return data


class DonationForm(forms.Form):
    """What the foundation's staff record. The payment is made with the foundation: no card field, ever."""

    campaign: forms.ModelChoiceField[Campaign] = forms.ModelChoiceField(
        label=_("Campaign"), queryset=None, empty_label=_("Choose a campaign")
    )
    amount = forms.DecimalField(label=_("Amount (€)"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2)
    received_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}))
    donor_name = forms.CharField(label=_("Donor name (optional)"), max_length=120, required=False)
    consent_to_be_named = forms.BooleanField(label=_("The donor agrees to be named publicly"), required=False)
    reference = forms.CharField(label=_("Foundation receipt reference (optional)"), max_length=60, required=False)

    def __init__(self, *args: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["campaign"]).queryset = campaigns


class CallForm(forms.Form):
    campaign: forms.ModelChoiceField[Campaign] = forms.ModelChoiceField(
        label=_("Funded by the campaign"), queryset=None, empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    budget = forms.DecimalField(label=_("Budget (€)"), min_value=Decimal(1), max_digits=12, decimal_places=2)
    cap_per_organisation = forms.DecimalField(
        label=_("Cap per organisation (€)"), min_value=Decimal(1), max_digits=12, decimal_places=2
    )
    closes_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["campaign"]).queryset = campaigns


class ApplicationForm(forms.Form):
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, empty_label=None
    )
    project = forms.CharField(label=_("Project"), max_length=160)
    district: forms.ModelChoiceField[District] = forms.ModelChoiceField(
        label=_("District"), queryset=None, empty_label=_("Choose a district")
    )
    sector: forms.ModelChoiceField[Sector] = forms.ModelChoiceField(
        label=_("Sector (optional)"), queryset=None, required=False
    )
    amount_requested = forms.DecimalField(
        label=_("Amount requested (€)"), min_value=Decimal(1), max_digits=12, decimal_places=2
    )
    summary = forms.CharField(
        label=_("Description"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5}), required=False
    )

    def __init__(self, *args: Any, organisations: Any, districts: Any, sectors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = districts
        cast(forms.ModelChoiceField, self.fields["sector"]).queryset = sectors


class ScoreForm(forms.Form):
    application = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.IntegerField(label=_("Score (0–10)"), min_value=0, max_value=10)
    comment = forms.CharField(label=_("Comment (optional)"), max_length=500, required=False)


class SponsorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    sectors: forms.ModelMultipleChoiceField[Sector] = forms.ModelMultipleChoiceField(
        label=_("Sectors of interest"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    districts: forms.ModelMultipleChoiceField[District] = forms.ModelMultipleChoiceField(
        label=_("Districts of interest"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    budget = forms.DecimalField(label=_("Budget (€)"), min_value=Decimal(0), max_digits=12, decimal_places=2)
    capacity = forms.IntegerField(label=_("Projects it can support"), min_value=1, max_value=100, initial=1)
    contact_name = forms.CharField(label=_("Contact person"), max_length=120, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)

    def __init__(self, *args: Any, sectors: Any, districts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["sectors"]).queryset = sectors
        cast(forms.ModelChoiceField, self.fields["districts"]).queryset = districts
