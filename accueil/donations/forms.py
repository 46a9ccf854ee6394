"""Forms of the donations pages: validation and clear messages; the services do the writing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .models import Condition, Level, OpeningHours


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
    item = forms.ModelChoiceField(label=_("What you bring"), queryset=None, empty_label=_("Choose an item"))
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
        self.fields["item"].queryset = items
        self._slots = {value: (start, end) for value, _label, start, end in slots}
        self.fields["slot"].choices = [(value, label) for value, label, _s, _e in slots]

    def clean_slot(self) -> tuple[dt.datetime, dt.datetime]:
        value = self.cleaned_data["slot"]
        if value not in self._slots:
            raise forms.ValidationError(_("Choose one of the time slots offered."))
        return self._slots[value]


class ReceiptForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Item"), queryset=None, empty_label=_("Choose an item"))
    size = forms.CharField(label=_("Size"), max_length=20, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100_000, initial=1)
    condition = forms.ChoiceField(label=_("Condition"), choices=Condition.choices, initial=Condition.GOOD)

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class DispatchForm(forms.Form):
    stock = forms.IntegerField(widget=forms.HiddenInput)
    quantity = forms.IntegerField(label=_("Quantity to send"), min_value=1, max_value=100_000)
    note = forms.CharField(label=_("Where it goes"), max_length=200, required=False)


class NeedForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Item"), queryset=None, empty_label=_("Choose an item"))
    size = forms.CharField(label=_("Size (optional)"), max_length=20, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100_000)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Level.choices, initial=Level.NORMAL)
    needed_by = forms.DateField(label=_("Needed by"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, items: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items
