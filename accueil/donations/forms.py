"""Forms of the donations pages: validation and clear messages; the services do the writing."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .models import Condition, Level, OpeningHours, RuleStatus, Unit

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest
    from django.http.request import QueryDict

    from .models import Item, ItemCategory


def bound_data(request: HttpRequest, action: str) -> QueryDict | None:
    """The posted data for the form of `action` on a page with several forms (each posts its `action`)."""
    return request.POST if request.method == "POST" and request.POST.get("action") == action else None


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


class ItemChoiceForm(forms.Form):
    """A form that picks one of `items`, the catalogue items its page offers, in its `ITEM_FIELD`."""

    ITEM_FIELD: ClassVar[str] = "item"
    item: forms.ModelChoiceField[Item] | None = forms.ModelChoiceField(
        label=_("Item"), queryset=None, empty_label=_("Choose an item")
    )

    def __init__(self, *args: Any, items: QuerySet[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields[self.ITEM_FIELD]).queryset = items


class PledgeForm(ItemChoiceForm):
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

    def __init__(self, *args: Any, slots: list[tuple[str, str, dt.datetime, dt.datetime]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._slots = {value: (start, end) for value, _label, start, end in slots}
        cast(forms.ChoiceField, self.fields["slot"]).choices = [(value, label) for value, label, _s, _e in slots]

    def clean_slot(self) -> tuple[dt.datetime, dt.datetime]:
        value = self.cleaned_data["slot"]
        if value not in self._slots:
            raise forms.ValidationError(_("Choose one of the time slots offered."))
        return self._slots[value]


class ReceiptForm(ItemChoiceForm):
    size = forms.CharField(label=_("Size"), max_length=20, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100_000, initial=1)
    condition = forms.ChoiceField(label=_("Condition"), choices=Condition.choices, initial=Condition.GOOD)


class DispatchForm(forms.Form):
    stock = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Quantity to send"), min_value=1, max_value=100_000)
    note = forms.CharField(label=_("Where it goes"), max_length=200, required=False)


class NeedForm(ItemChoiceForm):
    size = forms.CharField(label=_("Size (optional)"), max_length=20, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100_000)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Level.choices, initial=Level.NORMAL)
    needed_by = forms.DateField(label=_("Needed by"), widget=forms.DateInput(attrs={"type": "date"}))


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


class KitComponentForm(ItemChoiceForm):
    ITEM_FIELD = "component"
    item = None
    component: forms.ModelChoiceField[Item] = forms.ModelChoiceField(
        label=_("Item in the kit"), queryset=None, empty_label=_("Choose an item")
    )
    quantity = forms.IntegerField(
        label=_("Quantity in one kit"), min_value=0, max_value=1000, initial=1, help_text=_("0 removes it.")
    )


class PriorityForm(ItemChoiceForm):
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("Not a priority")), *list(Level.choices)], required=False
    )


class RuleForm(ItemChoiceForm):
    status = forms.ChoiceField(
        label=_("Rule"), choices=[("", _("No rule (remove)")), *list(RuleStatus.choices)], required=False
    )
    quantity_needed = forms.IntegerField(
        label=_("Quantity needed"), min_value=0, max_value=100_000, initial=0, required=False
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("status") == RuleStatus.NEEDED and not data.get("quantity_needed"):
            self.add_error("quantity_needed", _("Say how many are needed."))
        return data
