"""Forms of the shelters pages: what a partner, an operator or the property team types."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accueil.languages.models import Language
from accueil.organisations.models import Organisation
from accueil.territories.models import Departement, District

from .models import Audience, Availability, BedStatus, BuildingKind, BuildingStage, HouseholdType, OwnerKind, Reception


def _field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


def _choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class PlaceRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("For the organisation"))
    audience = forms.ChoiceField(choices=Audience.choices, label=_("Who needs a place"))
    adults = forms.IntegerField(min_value=0, max_value=12, initial=1, label=_("Adults"))
    children = forms.IntegerField(min_value=0, max_value=12, initial=0, label=_("Children"))
    pregnancy = forms.BooleanField(required=False, label=_("Pregnancy"))
    step_free_needed = forms.BooleanField(required=False, label=_("Needs step-free access"))
    medical_needs = forms.BooleanField(required=False, label=_("Medical needs"))
    language = forms.ModelChoiceField(queryset=Language.objects.all(), required=False, label=_("Language spoken"))
    district = forms.ModelChoiceField(
        queryset=District.objects.none(), required=False, label=_("Where the household is now")
    )
    reference = forms.CharField(
        max_length=40,
        required=False,
        label=_("Your reference (optional, no name)"),
        help_text=_("Leave empty to get one. Never a name: no name, status or nationality is asked."),
    )

    def __init__(self, *args: Any, organisations: Any, city: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "organisation").queryset = organisations
        _field(self, "district").queryset = District.objects.filter(city=city)
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("adults") or 0) + (data.get("children") or 0) == 0:
            raise forms.ValidationError(_("A household has at least one person."))
        return data


class ReserveForm(forms.Form):
    site = forms.IntegerField(widget=forms.HiddenInput)
    unit = forms.IntegerField(widget=forms.HiddenInput)
    hold_hours = forms.IntegerField(min_value=1, max_value=48, initial=3, label=_("Hold the place for (hours)"))


class BedStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(s, label) for s, label in BedStatus.choices if s in ("available", "blocked", "out_of_service")],
        label=_("New status"),
    )
    reason = forms.CharField(max_length=200, required=False, label=_("Reason (required to block)"))


class UnitForm(forms.Form):
    name = forms.CharField(max_length=120, label=_("Name of the room or unit"))
    household_type = forms.ChoiceField(choices=HouseholdType.choices, label=_("Household type"))
    audiences = forms.MultipleChoiceField(
        choices=Audience.choices, widget=forms.CheckboxSelectMultiple, label=_("Audiences served")
    )
    reception = forms.ChoiceField(choices=Reception.choices, label=_("Reception"))
    availability = forms.ChoiceField(choices=Availability.choices, label=_("Availability"))
    beds = forms.IntegerField(min_value=1, max_value=500, label=_("Beds"))
    is_private = forms.BooleanField(required=False, label=_("Let to one household at a time"))
    step_free = forms.BooleanField(required=False, label=_("Step-free access"))


class BuildingForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name"))
    kind = forms.ChoiceField(choices=BuildingKind.choices, label=_("Kind"))
    address = forms.CharField(max_length=255, label=_("Address"))
    district = forms.ModelChoiceField(queryset=District.objects.none(), required=False, label=_("District"))
    departement = forms.ModelChoiceField(queryset=Departement.objects.none(), required=False, label=_("Département"))
    surface_m2 = forms.IntegerField(min_value=1, max_value=1_000_000, required=False, label=_("Surface (m²)"))
    condition = forms.CharField(max_length=300, required=False, label=_("State of the building"))
    works_needed = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Works needed"))
    owner_kind = forms.ChoiceField(choices=OwnerKind.choices, label=_("Owner"))
    owner_name = forms.CharField(max_length=200, required=False, label=_("Owner's name"))
    available_from = forms.DateField(
        required=False, label=_("Available from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    available_until = forms.DateField(
        required=False, label=_("Available until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    estimated_places = forms.IntegerField(min_value=0, max_value=10_000, required=False, label=_("Estimated places"))
    proposed_by = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False, label=_("Proposed by"))

    def __init__(self, *args: Any, city: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "district").queryset = District.objects.filter(city=city)
        _field(self, "departement").queryset = Departement.objects.filter(city=city)
        _field(self, "proposed_by").queryset = organisations


class BuildingStageForm(forms.Form):
    to_stage = forms.ChoiceField(choices=BuildingStage.choices, label=_("Next stage"))
    note = forms.CharField(max_length=500, required=False, label=_("Why (kept with the decision)"))
    operator = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label=_("Operator of the site (to open it)")
    )

    def __init__(self, *args: Any, city: Any, stages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "to_stage").choices = [(s, label) for s, label in BuildingStage.choices if s in stages]
        _field(self, "operator").queryset = Organisation.objects.filter(city=city, verification="verified").order_by(
            "name"
        )


class SiteForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name"))
    operator = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Operator"))
    address = forms.CharField(max_length=255, required=False, label=_("Address"))
    district = forms.ModelChoiceField(queryset=District.objects.none(), required=False, label=_("District"))
    departement = forms.ModelChoiceField(queryset=Departement.objects.none(), required=False, label=_("Département"))
    services = forms.CharField(max_length=500, required=False, label=_("Services on site"))
    step_free = forms.BooleanField(required=False, label=_("Step-free access"))

    def __init__(self, *args: Any, city: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "operator").queryset = Organisation.objects.filter(city=city, verification="verified").order_by(
            "name"
        )
        _field(self, "district").queryset = District.objects.filter(city=city)
        _field(self, "departement").queryset = Departement.objects.filter(city=city)
