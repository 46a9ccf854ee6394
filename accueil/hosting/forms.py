"""Forms of the hosting pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accueil.languages.models import Language
from accueil.organisations.models import Organisation
from accueil.territories.models import District

from .models import (
    MAX_MONTHS,
    MIN_MONTHS,
    AlternativeKind,
    Composition,
    IncidentKind,
    Intermediation,
    NoticeBy,
    OfferKind,
    Urgency,
)

DATE = forms.DateInput(attrs={"type": "date"})


def _associations(city: Any) -> Any:
    return Organisation.objects.filter(city=city, verification="verified").order_by("name")


def _field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


def _choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class HostOfferForm(forms.Form):
    kind = forms.ChoiceField(
        choices=OfferKind.choices, widget=forms.RadioSelect, label=_("What you offer"), initial=OfferKind.ROOM
    )
    district = forms.ModelChoiceField(queryset=District.objects.none(), label=_("District"))
    address = forms.CharField(
        max_length=255, label=_("Address"), help_text=_("Seen only by the association that verifies you.")
    )
    rooms = forms.IntegerField(min_value=1, max_value=10, initial=1, label=_("Rooms for guests"))
    beds = forms.IntegerField(min_value=1, max_value=12, initial=1, label=_("Beds for guests"))
    resident_men = forms.IntegerField(min_value=0, max_value=20, initial=0, label=_("Adult men living there"))
    resident_women = forms.IntegerField(min_value=0, max_value=20, initial=0, label=_("Adult women living there"))
    resident_children = forms.IntegerField(min_value=0, max_value=20, initial=0, label=_("Children living there"))
    step_free = forms.BooleanField(required=False, label=_("Step-free access"))
    has_pets = forms.BooleanField(required=False, label=_("Pets live there"))
    accepts_guest_pets = forms.BooleanField(required=False, label=_("Guests may come with a pet"))
    accepts_children = forms.BooleanField(required=False, initial=True, label=_("Children are welcome"))
    accepts_men = forms.BooleanField(required=False, initial=True, label=_("Adult men are welcome"))
    languages = forms.ModelMultipleChoiceField(
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Languages spoken"),
    )
    available_from = forms.DateField(widget=DATE, label=_("Available from"))
    available_until = forms.DateField(widget=DATE, required=False, label=_("Available until"))
    min_months = forms.IntegerField(
        min_value=MIN_MONTHS, max_value=MAX_MONTHS, initial=MIN_MONTHS, label=_("Shortest stay (months)")
    )
    max_months = forms.IntegerField(
        min_value=MIN_MONTHS, max_value=MAX_MONTHS, initial=MAX_MONTHS, label=_("Longest stay (months)")
    )
    can_offer = forms.CharField(
        max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("What else you can offer")
    )
    verifier = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Association that verifies and supports you")
    )
    operator = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label=_("Approved rental operator (vacant flat only)")
    )
    intermediation = forms.ChoiceField(
        choices=[("", "—"), *Intermediation.choices],
        required=False,
        label=_("How the flat is let (vacant flat only)"),
        help_text=_(
            "Either way the operator guarantees the rent, signs the agreement and supports the household; "
            "the household pays a share that depends on its income."
        ),
    )
    surface_m2 = forms.IntegerField(min_value=9, max_value=400, required=False, label=_("Surface (m²)"))
    monthly_rent = forms.IntegerField(
        min_value=0, max_value=10_000, required=False, label=_("Rent asked per month (euros, charges included)")
    )

    def __init__(self, *args: Any, city: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "district").queryset = District.objects.filter(city=city).order_by("number")
        _field(self, "verifier").queryset = _associations(city).filter(type="association")
        _field(self, "operator").queryset = _associations(city)
        self.fields["available_from"].initial = timezone.localdate()
        _field(self, "languages").queryset = Language.objects.order_by("name_en")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("min_months") and data.get("max_months") and data["min_months"] > data["max_months"]:
            self.add_error("max_months", _("The longest stay cannot be shorter than the shortest."))
        if data.get("rooms") and data.get("beds") and data["rooms"] > data["beds"]:
            self.add_error("beds", _("Count at least one bed per room."))
        start, end = data.get("available_from"), data.get("available_until")
        if start and end and end < start:
            self.add_error("available_until", _("The end comes after the start."))
        if data.get("kind") == OfferKind.VACANT_FLAT and not data.get("operator"):
            self.add_error("operator", _("A vacant flat is let through an approved operator: choose one."))
        if data.get("kind") == OfferKind.VACANT_FLAT and not data.get("intermediation"):
            self.add_error("intermediation", _("Say how the operator lets the flat."))
        return data


class HostOfferEditForm(HostOfferForm):
    """The same questions once the offer is sent, less what cannot change (what is offered, who verifies)."""

    def __init__(self, *args: Any, city: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, city=city, **kwargs)
        self.offer_kind = kind
        del self.fields["kind"]
        del self.fields["verifier"]
        if kind == OfferKind.VACANT_FLAT:
            for name in ("resident_men", "resident_women", "resident_children"):
                del self.fields[name]
        else:
            for name in ("operator", "intermediation", "surface_m2", "monthly_rent"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        self.cleaned_data["kind"] = self.offer_kind
        data = super().clean()
        data.pop("kind", None)
        return data


class VerificationForm(forms.Form):
    identity_seen = forms.BooleanField(required=False, label=_("Identity document seen"))
    visit_on = forms.DateField(required=False, widget=DATE, label=_("Home visited on"))
    reference_checked = forms.BooleanField(required=False, label=_("Reference checked"))
    note = forms.CharField(max_length=500, required=False, label=_("Note"))
    decision = forms.ChoiceField(
        choices=[
            ("in_progress", _("Save the checks")),
            ("verified", _("Verify the offer")),
            ("refused", _("Refuse the offer")),
        ],
        widget=forms.RadioSelect,
        initial="in_progress",
        label=_("Decision"),
    )


class HouseholdForm(forms.Form):
    composition = forms.ChoiceField(choices=Composition.choices, label=_("Household"))
    adults = forms.IntegerField(min_value=0, max_value=12, initial=1, label=_("Adults"))
    children = forms.IntegerField(min_value=0, max_value=12, initial=0, label=_("Children"))
    pregnancy = forms.BooleanField(required=False, label=_("Pregnancy"))
    step_free_needed = forms.BooleanField(required=False, label=_("Needs step-free access"))
    medical_needs = forms.BooleanField(required=False, label=_("Medical needs"))
    has_pet = forms.BooleanField(required=False, label=_("Comes with a pet"))
    languages = forms.ModelMultipleChoiceField(
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Languages spoken"),
    )
    services_district = forms.ModelChoiceField(
        queryset=District.objects.none(), required=False, label=_("District of their services and school")
    )
    needed_from = forms.DateField(widget=DATE, label=_("Needed from"))
    months_needed = forms.IntegerField(min_value=1, max_value=24, initial=6, label=_("Months needed"))
    name = forms.CharField(
        max_length=200,
        required=False,
        label=_("Name (only if you need it)"),
        help_text=_("Leave empty if you can: a reference is enough. A name is encrypted and every read is recorded."),
    )
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Support association"))

    def __init__(self, *args: Any, city: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "services_district").queryset = District.objects.filter(city=city).order_by("number")
        _field(self, "organisation").queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
        self.fields["needed_from"].initial = timezone.localdate()
        _field(self, "languages").queryset = Language.objects.order_by("name_en")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("adults") or 0) + (data.get("children") or 0) == 0:
            raise forms.ValidationError(_("A household has at least one person."))
        return data


class FollowUpForm(forms.Form):
    notes = forms.CharField(
        max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Notes (encrypted)")
    )
    concern = forms.BooleanField(required=False, label=_("A concern to follow"))
    done_on = forms.DateField(widget=DATE, required=False, label=_("Visit or call on"))


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(choices=IncidentKind.choices, label=_("What happened"))
    urgency = forms.ChoiceField(choices=Urgency.choices, initial=Urgency.MEDIUM, label=_("Urgency"))
    description = forms.CharField(
        max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Description (encrypted)")
    )


class NoticeForm(forms.Form):
    by = forms.ChoiceField(choices=NoticeBy.choices, label=_("Who gives notice"))
    days = forms.IntegerField(min_value=0, max_value=90, initial=14, label=_("Notice period (days)"))


class HostNoticeForm(forms.Form):
    days = forms.IntegerField(min_value=0, max_value=90, initial=14, label=_("Notice period (days)"))


class AlternativeForm(forms.Form):
    kind = forms.ChoiceField(choices=AlternativeKind.choices, label=_("Where the household goes next"))
    note = forms.CharField(max_length=500, required=False, label=_("Details"))


def today() -> dt.date:
    return timezone.localdate()
