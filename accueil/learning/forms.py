"""Forms of the learning app: catalogue filters, an application, a class, a placement test, attendance."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accueil.languages.models import Language
from accueil.organisations.models import Organisation
from accueil.territories.models import City, District

from .models import Course, CourseKind, Day, Level, Period, WomenOnly

DAY_CHOICES = [(str(day.value), day.label) for day in Day]
PERIOD_CHOICES = [(str(period.value), period.label) for period in Period]
DISTANCE_CHOICES = [("2", _("2 km")), ("5", _("5 km")), ("10", _("10 km")), ("50", _("Anywhere in the city"))]


def _mask(values: list[str]) -> int:
    mask = 0
    for value in values:
        mask |= int(value)
    return mask


class DistrictChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CatalogueFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("What for"), required=False, choices=[("", _("All kinds")), *CourseKind.choices])
    level = forms.TypedChoiceField(
        label=_("My level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any level")), *Level.choices],
    )
    district = forms.TypedChoiceField(label=_("District"), required=False, coerce=int, empty_value=None, choices=[])
    day = forms.TypedChoiceField(
        label=_("Day"), required=False, coerce=int, empty_value=None, choices=[("", _("Any day")), *DAY_CHOICES]
    )
    period = forms.TypedChoiceField(
        label=_("Time of day"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any time")), *PERIOD_CHOICES],
    )
    childcare = forms.BooleanField(label=_("Childcare offered"), required=False)
    women_only = forms.BooleanField(label=_("Women-only groups"), required=False)
    free = forms.BooleanField(label=_("Free"), required=False)
    with_places = forms.BooleanField(label=_("With places left"), required=False)

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district_field = self.fields["district"]
        assert isinstance(district_field, forms.TypedChoiceField)
        district_field.choices = [("", _("Anywhere"))] + [
            (str(d.number), d.name) for d in District.objects.filter(city=city).order_by("number")
        ]


class ApplicationForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you want to learn?"), choices=CourseKind.choices)
    level = forms.TypedChoiceField(
        label=_("Your level in French"),
        coerce=int,
        choices=Level.choices,
        help_text=_("If you do not know, choose A0: a partner will test your level at the first class."),
    )
    district = DistrictChoiceField(label=_("Near which district?"), queryset=District.objects.none())
    max_km = forms.TypedChoiceField(label=_("How far can you go?"), coerce=int, choices=DISTANCE_CHOICES, initial="5")
    days = forms.MultipleChoiceField(
        label=_("Which days are you free?"), choices=DAY_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    periods = forms.MultipleChoiceField(
        label=_("At what time of day?"), choices=PERIOD_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    needs_childcare = forms.BooleanField(label=_("I need childcare during the class"), required=False)
    women_only = forms.ChoiceField(label=_("Groups"), choices=WomenOnly.choices, initial=WomenOnly.NO)
    free_only = forms.BooleanField(label=_("Free classes only"), required=False, initial=True)
    phone = forms.CharField(
        label=_("Phone to be told of a place (optional)"),
        required=False,
        max_length=30,
        help_text=_("Stored encrypted; only the partners of your classes see it."),
    )

    def __init__(self, *args: Any, city: City, level_known: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district_field = self.fields["district"]
        assert isinstance(district_field, forms.ModelChoiceField)
        district_field.queryset = District.objects.filter(city=city).order_by("number")
        if level_known:
            del self.fields["level"]

    def clean_days(self) -> int:
        return _mask(self.cleaned_data["days"])

    def clean_periods(self) -> int:
        return _mask(self.cleaned_data["periods"])

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not all(ch.isdigit() or ch in "+ .-" for ch in phone):
            raise ValidationError(_("Write the phone number with digits only."))
        return phone


class CourseForm(forms.ModelForm):
    days_list = forms.MultipleChoiceField(label=_("Days"), choices=DAY_CHOICES, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Course
        fields = [
            "organisation",
            "title",
            "description",
            "kind",
            "level_required",
            "level_reached",
            "starts_at",
            "ends_at",
            "start_date",
            "end_date",
            "address",
            "district",
            "contact_phone",
            "places",
            "childcare",
            "women_only",
            "cost_eur",
            "requirements",
            "support_languages",
        ]
        widgets = {
            "starts_at": forms.TimeInput(attrs={"type": "time"}),
            "ends_at": forms.TimeInput(attrs={"type": "time"}),
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "support_languages": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, city: City, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation_field = self.fields["organisation"]
        assert isinstance(organisation_field, forms.ModelChoiceField)
        organisation_field.queryset = organisations
        district_field = self.fields["district"]
        assert isinstance(district_field, forms.ModelChoiceField)
        district_field.queryset = District.objects.filter(city=city).order_by("number")
        languages = self.fields["support_languages"]
        assert isinstance(languages, forms.ModelMultipleChoiceField)
        languages.queryset = Language.objects.order_by("code")
        self.fields["start_date"].initial = dt.date.today()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        required, reached = data.get("level_required"), data.get("level_reached")
        if required is not None and reached is not None and reached < required:
            self.add_error("level_reached", _("The level reached cannot be below the level required."))
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The last session cannot come before the first."))
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The class must end after it starts."))
        return data

    def clean_days_list(self) -> int:
        return _mask(self.cleaned_data["days_list"])

    def _post_clean(self) -> None:
        # The service validates the whole model; here only the form's own fields are checked.
        pass


class ReferForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("For the organisation"), queryset=Organisation.objects.none())
    district = DistrictChoiceField(label=_("District"), queryset=District.objects.none(), required=False)
    phone = forms.CharField(label=_("Phone (optional, encrypted)"), required=False, max_length=30)
    shares_path = forms.BooleanField(label=_("The learner agrees that partners see their path"), required=False)

    def __init__(self, *args: Any, city: City, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation_field = self.fields["organisation"]
        assert isinstance(organisation_field, forms.ModelChoiceField)
        organisation_field.queryset = organisations
        district_field = self.fields["district"]
        assert isinstance(district_field, forms.ModelChoiceField)
        district_field.queryset = District.objects.filter(city=city).order_by("number")


class PlacementTestForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Tested by"), queryset=Organisation.objects.none())
    oral = forms.TypedChoiceField(label=_("Speaking and listening"), coerce=int, choices=Level.choices)
    reading = forms.TypedChoiceField(label=_("Reading"), coerce=int, choices=Level.choices)
    writing = forms.TypedChoiceField(label=_("Writing"), coerce=int, choices=Level.choices)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation_field = self.fields["organisation"]
        assert isinstance(organisation_field, forms.ModelChoiceField)
        organisation_field.queryset = organisations


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.CharField(label=_("Topic"), required=False, max_length=200)

    def __init__(self, *args: Any, enrolments: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"] = forms.MultipleChoiceField(
            label=_("Present"),
            required=False,
            choices=[(str(e.pk), e.learner.reference) for e in enrolments],
            widget=forms.CheckboxSelectMultiple,
        )


class PlacementRunForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of class"), choices=CourseKind.choices)
    extra_km = forms.TypedChoiceField(
        label=_("Widen the distance each learner gave by"),
        coerce=int,
        choices=[("0", _("0 km (as they asked)")), ("2", _("2 km")), ("5", _("5 km"))],
        initial="0",
    )
