"""Forms of the directory: public search, visitor reports, and the organisations' editing forms."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .categories import CATEGORY_TREE
from .models import Audience, ClosureReason, ReportKind

DAY_CHOICES = [
    ("", _("Any day")),
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


def category_choices(*, top_only: bool = False) -> list[tuple[str, Any]]:
    choices: list[tuple[str, Any]] = [("", _("All needs"))]
    for code, (name, parent) in CATEGORY_TREE.items():
        if top_only and parent:
            continue
        choices.append((code, name))
    return choices


def site_language_choices() -> list[tuple[str, Any]]:
    return [("", _("Any language"))] + [(code, name) for code, name in settings.LANGUAGES]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("What do you need?"), required=False, max_length=120)
    category = forms.ChoiceField(label=_("Need"), required=False, choices=category_choices)
    where = forms.CharField(
        label=_("Near (postcode, district or address)"),
        required=False,
        max_length=200,
        help_text=_("For example 75018 or 18"),
    )
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    day = forms.ChoiceField(label=_("Open on"), required=False, choices=DAY_CHOICES)
    language = forms.ChoiceField(label=_("Language spoken on site"), required=False, choices=site_language_choices)
    audience = forms.ChoiceField(label=_("For"), required=False, choices=[("", _("Everyone")), *Audience.choices])


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What happened?"), choices=ReportKind.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Tell us more (optional, do not write your name)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ServiceForm(forms.Form):
    name = forms.CharField(label=_("Name (in French)"), max_length=200)
    description = forms.CharField(
        label=_("What is offered (in French)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    place = forms.ChoiceField(label=_("Place"))
    categories = forms.MultipleChoiceField(
        label=_("Needs"), choices=lambda: category_choices()[1:], widget=forms.CheckboxSelectMultiple
    )
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"), required=False, choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(label=_("Languages spoken on site"), required=False, choices=[])
    interpreting = forms.BooleanField(label=_("Interpreting available"), required=False)
    is_free = forms.BooleanField(label=_("Free of charge"), required=False, initial=True)
    appointment_required = forms.BooleanField(label=_("Appointment required"), required=False)
    documents = forms.CharField(label=_("Documents to bring"), required=False, max_length=300)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=32)
    email = forms.EmailField(label=_("Email"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    open_on_public_holidays = forms.BooleanField(label=_("Open on public holidays"), required=False)

    def __init__(self, *args: Any, places: list[Any], languages: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["place"]).choices = [(str(p.pk), p.name) for p in places]
        languages_field = cast(forms.MultipleChoiceField, self.fields["languages"])
        languages_field.choices = [(lang.code, str(lang)) for lang in languages]
        languages_field.widget = forms.CheckboxSelectMultiple(choices=languages_field.choices)


class PlaceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(label=_("Street address"), max_length=255)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, max_digits=8, decimal_places=5, min_value=-90, max_value=90
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, max_digits=8, decimal_places=5, min_value=-180, max_value=180
    )
    wheelchair_accessible = forms.BooleanField(label=_("Wheelchair accessible"), required=False)
    accessibility = forms.CharField(label=_("Accessibility details"), required=False, max_length=300)
    directions = forms.CharField(label=_("How to get there"), required=False, max_length=300)

    def __init__(self, *args: Any, districts: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["district"]).choices = [("", "—")] + [
            (str(d.pk), d.name) for d in districts
        ]


class HoursForm(forms.Form):
    """Weekly hours as text, one line per period: "0 09:00-12:00" (0 = Monday … 6 = Sunday)."""

    hours = forms.CharField(
        label=_("Opening hours"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("One line per period: day number (0 = Monday … 6 = Sunday), then hours, e.g. 0 09:00-12:30"),
    )

    def clean_hours(self) -> list[tuple[int, Any, Any]]:
        import datetime as dt

        periods = []
        for number, line in enumerate((self.cleaned_data.get("hours") or "").splitlines(), 1):
            line = line.strip()
            if not line:
                continue
            try:
                day, span = line.split(None, 1)
                start, end = span.replace(" ", "").split("-")
                opens, closes = dt.time.fromisoformat(start), dt.time.fromisoformat(end)
                weekday = int(day)
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(number)s is not like “0 09:00-12:00”.") % {"number": number}
                ) from None
            if not 0 <= weekday <= 6 or closes <= opens:
                raise forms.ValidationError(_("Line %(number)s: check the day and the hours.") % {"number": number})
            periods.append((weekday, opens, closes))
        return periods


class ClosureForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.ChoiceField(label=_("Reason"), choices=ClosureReason.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The last day must be on or after the first day."))
        return data
