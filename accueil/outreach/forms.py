"""Forms of the outreach pages; every write goes through `services`."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accueil.languages.models import Language
from accueil.organisations.models import Organisation
from accueil.shelters.models import Audience, Site
from accueil.territories.models import District

from .models import (
    AreaKind,
    Composition,
    Consent,
    Domain,
    Gender,
    HouseholdDecision,
    InterpreterKind,
    Landmark,
    LanguageLevel,
    Mode,
    Need,
    Offer,
    ReferralKind,
    ReferralStatus,
    Team,
    Urgency,
    Vulnerability,
)
from .places import is_grid_cell
from .services import Consents

if TYPE_CHECKING:
    from accueil.territories.models import City

CONSENT_CHOICES = [(Consent.UNASKED, _("Not asked")), (Consent.GIVEN, _("Agrees")), (Consent.REFUSED, _("Refuses"))]


def _consent_field(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=CONSENT_CHOICES, required=False, widget=forms.RadioSelect, initial=Consent.UNASKED
    )


class ConsentFields(forms.Form):
    consent_follow_up = _consent_field(_("Being followed by the team"))
    consent_shelter = _consent_field(_("Referral to a shelter"))
    consent_health = _consent_field(_("Referral to health services"))
    consent_legal = _consent_field(_("Referral to legal help"))

    partner_fields: list[tuple[str, Organisation]]

    def add_partner_fields(self, partners: list[Organisation]) -> None:
        self.partner_fields = []
        for organisation in partners:
            name = f"partner_{organisation.pk}"
            self.fields[name] = _consent_field(organisation.name)
            self.partner_fields.append((name, organisation))

    def consents(self) -> Consents:
        data = self.cleaned_data
        return Consents(
            follow_up=data.get("consent_follow_up") or "",
            shelter=data.get("consent_shelter") or "",
            health=data.get("consent_health") or "",
            legal=data.get("consent_legal") or "",
            partners={org.pk: data[name] for name, org in getattr(self, "partner_fields", []) if data.get(name)},
        )


class EncounterForm(ConsentFields):
    """One page, usable with a thumb: the person, the place, what was seen, needed, offered, and consent."""

    client_key = forms.UUIDField(widget=forms.HiddenInput)
    reference = forms.CharField(
        label=_("Reference of a person already met"),
        max_length=12,
        required=False,
        help_text=_("Leave empty for a first meeting."),
    )
    code_name = forms.CharField(
        label=_("Code name"), max_length=40, required=False, help_text=_("Optional; the person may choose it.")
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        required=False,
        help_text=_("Only if the person asks and the team needs it. Stored encrypted."),
    )
    says_minor = forms.BooleanField(label=_("Says they are under 18"), required=False)
    landmark = forms.ModelChoiceField(
        label=_("Place"), queryset=Landmark.objects.none(), required=False, empty_label=_("Another place (grid cell)")
    )
    grid_cell = forms.CharField(
        label=_("Grid cell"),
        max_length=16,
        required=False,
        help_text=_("Filled in by the phone when it knows where it is; never a precise point."),
    )
    composition = forms.ChoiceField(
        label=_("Composition"), choices=Composition.choices, widget=forms.RadioSelect, initial=Composition.ALONE
    )
    adults = forms.IntegerField(label=_("Adults"), min_value=0, max_value=50, initial=1)
    children = forms.IntegerField(label=_("Children"), min_value=0, max_value=50, initial=0)
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnerabilities seen"),
        choices=Vulnerability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs"), choices=Need.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    language = forms.ModelChoiceField(
        label=_("Language spoken"), queryset=Language.objects.all(), required=False, empty_label=_("Not known")
    )
    interpreter_needed = forms.BooleanField(label=_("An interpreter is needed"), required=False)
    offered = forms.MultipleChoiceField(
        label=_("Offered"), choices=Offer.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("Notes"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Stored encrypted and erased after 30 days."),
    )

    def __init__(self, *args: Any, team: Team, reference: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["landmark"].queryset = Landmark.objects.filter(city=team.city).order_by("name")  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial["client_key"] = uuid.uuid4()
            self.initial.setdefault("reference", reference)
        self.add_partner_fields(list(team.organisations.order_by("name")))

    def clean_grid_cell(self) -> str:
        value = str(self.cleaned_data.get("grid_cell") or "").strip().upper()
        if value and not is_grid_cell(value):
            raise forms.ValidationError(_("A grid cell reads like G-1234-567."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("landmark") and not data.get("grid_cell") and "grid_cell" not in self.errors:
            self.add_error("landmark", _("Choose a place or give a grid cell."))
        return data


class ConsentForm(ConsentFields):
    def __init__(self, *args: Any, partners: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_partner_fields(partners)


class ReferralForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReferralKind.choices)
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Organisation.objects.filter(city=city).order_by("name")  # type: ignore[attr-defined]


class ReferralMoveForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=ReferralStatus.choices[1:])
    scheduled_for = forms.DateTimeField(
        label=_("Scheduled for"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    outcome = forms.CharField(
        label=_("Outcome for the team"),
        max_length=500,
        required=False,
        help_text=_("For example: placed at site X tonight; seen by the doctor."),
    )


class ReferralPlaceForm(forms.Form):
    """The shelter partner reserves beds at one of its open sites for a shelter referral."""

    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none(), empty_label=None)
    audience = forms.ChoiceField(label=_("The place is for"), choices=Audience.choices)
    hold_hours = forms.IntegerField(
        label=_("Hold the place for (hours)"),
        min_value=1,
        max_value=48,
        initial=3,
        help_text=_("Without an arrival in time, the beds are freed for someone else."),
    )

    def __init__(self, *args: Any, sites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["site"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = sites


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    area_kind = forms.ChoiceField(label=_("Area"), choices=AreaKind.choices)
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.none(), required=False)
    area_name = forms.CharField(label=_("Special area"), max_length=120, required=False)
    schedule = forms.CharField(label=_("Schedule"), max_length=200, required=False)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages spoken"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    minor_shelter_partner = forms.ModelChoiceField(
        label=_("Shelter partner for young people"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(city=city).order_by("number")  # type: ignore[attr-defined]
        organisations = Organisation.objects.filter(city=city).order_by("name")
        self.fields["organisations"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["minor_shelter_partner"].queryset = organisations  # type: ignore[attr-defined]


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("Email address of an outreach worker"))
    is_lead = forms.BooleanField(label=_("Team lead"), required=False)


class RoundForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    landmarks = forms.ModelMultipleChoiceField(
        label=_("Places covered"), queryset=Landmark.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    done = forms.BooleanField(label=_("Done"), required=False)

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["landmarks"].queryset = Landmark.objects.filter(city=city).order_by("name")  # type: ignore[attr-defined]


class CampOperationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.none())
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    hours_to_decide = forms.IntegerField(
        label=_("Time given to decide (hours)"), min_value=1, max_value=336, initial=48
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"), queryset=Team.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(city=city).order_by("number")  # type: ignore[attr-defined]
        self.fields["teams"].queryset = Team.objects.filter(city=city, active=True)  # type: ignore[attr-defined]


class HouseholdForm(forms.Form):
    adults = forms.IntegerField(label=_("Adults"), min_value=0, max_value=50, initial=1)
    children = forms.IntegerField(label=_("Children"), min_value=0, max_value=50, initial=0)
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnerabilities seen"),
        choices=Vulnerability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs"), choices=Need.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    accommodation_offered = forms.CharField(label=_("Accommodation offered"), max_length=200, required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=HouseholdDecision.choices[1:])


class PersonEditForm(forms.Form):
    """The pseudonymous part of a person's record; consents have their own form."""

    code_name = forms.CharField(
        label=_("Code name"), max_length=80, required=False, help_text=_("A name the team uses; not their own.")
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        required=False,
        help_text=_("Only when the person asks for it and the team needs it."),
    )
    says_minor = forms.BooleanField(label=_("Says they are under 18"), required=False)


class LandmarkForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("A place everyone knows: a station exit, a square, a bridge. Never an address."),
    )
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.none())
    area_kind = forms.ChoiceField(label=_("Area"), choices=AreaKind.choices)

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(city=city).order_by("number")  # type: ignore[attr-defined]


class InterpreterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=InterpreterKind.choices)
    display_name = forms.CharField(label=_("Name shown to requesters"), max_length=80)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    district = forms.ModelChoiceField(label=_("District"), queryset=District.objects.none(), required=False)
    capacity = forms.IntegerField(label=_("Appointments per matching run"), min_value=0, max_value=1000, initial=2)
    modes = forms.MultipleChoiceField(label=_("Modes"), choices=Mode.choices, widget=forms.CheckboxSelectMultiple)
    domains = forms.MultipleChoiceField(
        label=_("Domains"), choices=Domain.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    language = forms.ModelChoiceField(label=_("Language"), queryset=Language.objects.all())
    dialect = forms.CharField(label=_("Dialect"), max_length=40, required=False)
    level = forms.TypedChoiceField(label=_("Level"), choices=LanguageLevel.choices, coerce=int)
    second_language = forms.ModelChoiceField(
        label=_("Second language"), queryset=Language.objects.all(), required=False
    )
    second_level = forms.TypedChoiceField(
        label=_("Level"), choices=LanguageLevel.choices, coerce=int, required=False, empty_value=None
    )
    conflict_organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations they must not interpret for (conflict of interest)"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(city=city).order_by("number")  # type: ignore[attr-defined]
        self.fields["conflict_organisations"].queryset = Organisation.objects.filter(city=city).order_by("name")  # type: ignore[attr-defined]

    def credentials(self) -> list[tuple[Language, str, int]]:
        data = self.cleaned_data
        found = [(data["language"], data["dialect"], data["level"])]
        if data.get("second_language") and data.get("second_level"):
            found.append((data["second_language"], "", data["second_level"]))
        return found


class InterpretingRequestForm(forms.Form):
    language = forms.ModelChoiceField(label=_("Language"), queryset=Language.objects.all())
    dialect = forms.CharField(label=_("Dialect"), max_length=40, required=False)
    level_needed = forms.TypedChoiceField(
        label=_("Level needed"), choices=LanguageLevel.choices, coerce=int, initial=LanguageLevel.FLUENT
    )
    domain = forms.ChoiceField(label=_("Domain"), choices=Domain.choices, initial=Domain.EVERYDAY)
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices, initial=Mode.ON_SITE)
    urgency = forms.TypedChoiceField(
        label=_("Urgency"), choices=Urgency.choices, coerce=int, initial=Urgency.WITHIN_DAY
    )
    gender_preference = forms.ChoiceField(label=_("Interpreter's gender"), choices=Gender.choices, required=False)
    district = forms.ModelChoiceField(label=_("Where"), queryset=District.objects.none(), required=False)
    starts_at = forms.DateTimeField(label=_("When"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=10, max_value=480, initial=60)
    team = forms.ModelChoiceField(label=_("For my team"), queryset=Team.objects.none(), required=False)
    organisation = forms.ModelChoiceField(
        label=_("For my organisation"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, city: City, teams: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(city=city).order_by("number")  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial["starts_at"] = timezone.localtime().replace(second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M")
