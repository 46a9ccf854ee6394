"""Forms of the mentoring pages; writes go through `services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accueil.languages.models import Language
from accueil.territories.models import City, District

from .models import WEEKDAYS, Need, Outcome
from .services import BeneficiaryDetails


class BeneficiaryForm(forms.Form):
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages the person speaks"),
        queryset=Language.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False, empty_label=_("Not known")
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs"), choices=Need.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    available_weekdays = forms.TypedMultipleChoiceField(
        label=_("Days available"), choices=WEEKDAYS, coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    availability_notes = forms.CharField(label=_("Availability"), max_length=300, required=False)
    sensitive_notes = forms.CharField(
        label=_("Confidential notes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Seen only by your organisation; stored encrypted. Never shown to the mentor. No names."),
    )

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(city=city).order_by("number")  # type: ignore[attr-defined]

    def details(self) -> BeneficiaryDetails:
        data = self.cleaned_data
        return BeneficiaryDetails(
            languages=list(data["languages"]),
            district=data["district"],
            needs=list(data["needs"]),
            available_weekdays=list(data["available_weekdays"]),
            availability_notes=data["availability_notes"],
            sensitive_notes=data["sensitive_notes"],
        )


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=24 * 60)
    topics = forms.CharField(label=_("Topics"), max_length=300)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    outcome_notes = forms.CharField(
        label=_("Outcome notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
