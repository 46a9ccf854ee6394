"""Forms of the volunteering pages: they validate input and hand clean data to services."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accueil.languages.models import Language
from accueil.territories.models import District
from accueil.territories.places import district_from_text

from .models import (
    Acceptance,
    LanguageLevel,
    Mission,
    MissionCategory,
    QualificationType,
    Skill,
    VolunteerProfile,
)
from .services.missions import MissionFields
from .services.profiles import ProfileFields

if TYPE_CHECKING:
    from accueil.territories.models import City

LANGUAGE_ROWS = 4
MISSION_LANGUAGE_ROWS = 3


class SkillChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return gettext(obj.name)


class LanguageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.native_name} — {gettext(obj.name_en)}"


def _language_queryset() -> Any:
    return Language.objects.order_by("name_en")


class MissionFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *MissionCategory.choices]
    )
    skill = forms.ChoiceField(label=_("Skill"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    near = forms.CharField(
        label=_("Near"),
        required=False,
        max_length=200,
        help_text=_("A postcode (75011), a district (11e) or an address with its postcode"),
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    max_hours = forms.ChoiceField(
        label=_("Time I can give"),
        required=False,
        choices=[
            ("", _("Any length")),
            ("1", _("Up to 1 hour")),
            ("2", _("Up to 2 hours")),
            ("4", _("Up to 4 hours")),
            ("8", _("Up to a day")),
        ],
    )
    remote = forms.ChoiceField(
        label=_("Where"),
        required=False,
        choices=[("", _("On site or remote")), ("yes", _("Remote only")), ("no", _("On site only"))],
    )
    no_requirement = forms.BooleanField(
        label=_("Only missions with no requirement (no training, background check or language level)"),
        required=False,
    )

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.city = city
        self.fields["skill"].choices = [("", _("All skills"))] + [  # type: ignore[attr-defined]
            (s.code, gettext(s.name)) for s in Skill.objects.order_by("name")
        ]
        self.fields["language"].choices = [("", _("All languages"))] + [  # type: ignore[attr-defined]
            (lang.code, f"{lang.native_name} — {gettext(lang.name_en)}") for lang in _language_queryset()
        ]
        self.fields["district"].choices = [("", _("All districts"))] + [  # type: ignore[attr-defined]
            (str(d.pk), d.name) for d in District.objects.filter(city=city).order_by("number")
        ]

    def clean_near(self) -> District | None:
        text = (self.cleaned_data.get("near") or "").strip()
        if not text:
            return None
        district = district_from_text(self.city, text)
        if district is None:
            raise forms.ValidationError(
                _(
                    "We could not find a district in “%(text)s”. Enter a postcode (for example 75011), "
                    "a district number (11e) or an address with its postcode."
                ),
                code="unknown_place",
                params={"text": text},
            )
        return district

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class VolunteerProfileForm(forms.ModelForm):
    skills = SkillChoiceField(
        label=_("My skills"),
        queryset=Skill.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    districts = forms.ModelMultipleChoiceField(
        label=_("Districts where I can help"),
        queryset=District.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = VolunteerProfile
        fields = [
            "birth_year",
            "hours_per_month",
            "remote_ok",
            "civic_service",
            "solidarity_reserve",
            "safeguarding_expires_on",
            "bio_for_organisations",
            "skills",
            "districts",
        ]
        widgets = {
            "safeguarding_expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "bio_for_organisations": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, city: City | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = District.objects.filter(city=city).order_by("number")  # type: ignore[attr-defined]
        self.fields["birth_year"].required = True
        for i in range(LANGUAGE_ROWS):
            self.fields[f"language_{i}"] = LanguageChoiceField(
                label=_("Language %(n)s") % {"n": i + 1}, queryset=_language_queryset(), required=False
            )
            self.fields[f"level_{i}"] = forms.TypedChoiceField(
                label=_("Level for language %(n)s") % {"n": i + 1},
                choices=[("", "—"), *LanguageLevel.choices],
                coerce=int,
                required=False,
            )
        for day in range(7):
            self.fields[f"from_{day}"] = forms.TimeField(
                label=_("%(day)s from") % {"day": WEEKDAYS[day]},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
            self.fields[f"to_{day}"] = forms.TimeField(
                label=_("%(day)s until") % {"day": WEEKDAYS[day]},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
        if self.instance.pk:
            for i, row in enumerate(self.instance.languages.all()[:LANGUAGE_ROWS]):
                self.initial[f"language_{i}"] = row.language_id
                self.initial[f"level_{i}"] = row.level
            for slot in self.instance.availabilities.all():
                self.initial.setdefault(f"from_{slot.weekday}", slot.start_time)
                self.initial.setdefault(f"to_{slot.weekday}", slot.end_time)

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data.get("birth_year")
        if year is not None and not (timezone.now().year - 110 <= year <= timezone.now().year - 14):
            raise forms.ValidationError(
                _("Enter a year of birth between %(min)s and %(max)s.")
                % {
                    "min": timezone.now().year - 110,
                    "max": timezone.now().year - 14,
                }
            )
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        languages: list[tuple[Language, int]] = []
        for i in range(LANGUAGE_ROWS):
            language, level = data.get(f"language_{i}"), data.get(f"level_{i}")
            if language and not level:
                self.add_error(f"level_{i}", _("Choose a level for this language."))
            elif level and not language:
                self.add_error(f"language_{i}", _("Choose the language for this level."))
            elif language and level:
                languages.append((language, level))
        slots: list[tuple[int, dt.time, dt.time]] = []
        for day in range(7):
            start, end = data.get(f"from_{day}"), data.get(f"to_{day}")
            if bool(start) != bool(end):
                self.add_error(f"to_{day}", _("Give both times, or neither."))
            elif start and end:
                if end <= start:
                    self.add_error(f"to_{day}", _("The end time must be after the start time."))
                else:
                    slots.append((day, start, end))
        data["language_rows"] = languages
        data["availability_rows"] = slots
        return data

    def details(self) -> ProfileFields:
        """The cleaned fields of the profile itself, as the services take them."""
        return cast(ProfileFields, {name: self.cleaned_data.get(name) for name in ProfileFields.__optional_keys__})

    def language_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"language_{i}"], self[f"level_{i}"]) for i in range(LANGUAGE_ROWS)]

    def availability_rows(self) -> list[tuple[Any, Any, Any]]:
        return [(WEEKDAYS[d], self[f"from_{d}"], self[f"to_{d}"]) for d in range(7)]


class MissionForm(forms.ModelForm):
    skills = SkillChoiceField(
        label=_("Skills wanted"),
        queryset=Skill.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Mission
        fields = [
            "title",
            "description",
            "category",
            "skills",
            "address",
            "district",
            "remote",
            "works_with_minors",
            "vulnerable_people",
            "min_age",
            "required_qualification",
            "acceptance",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, city: City | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(city=city).order_by("number")  # type: ignore[attr-defined]
        self.fields["required_qualification"].queryset = QualificationType.objects.filter(city=city)  # type: ignore[attr-defined]
        self.fields["acceptance"].choices = Acceptance.choices  # type: ignore[attr-defined]
        for i in range(MISSION_LANGUAGE_ROWS):
            self.fields[f"language_{i}"] = LanguageChoiceField(
                label=_("Language %(n)s") % {"n": i + 1}, queryset=_language_queryset(), required=False
            )
            self.fields[f"level_{i}"] = forms.TypedChoiceField(
                label=_("Minimum level for language %(n)s") % {"n": i + 1},
                choices=[("", "—"), *LanguageLevel.choices],
                coerce=int,
                required=False,
            )
        if self.instance.pk:
            for i, row in enumerate(self.instance.languages.all()[:MISSION_LANGUAGE_ROWS]):
                self.initial[f"language_{i}"] = row.language_id
                self.initial[f"level_{i}"] = row.min_level

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        languages = []
        for i in range(MISSION_LANGUAGE_ROWS):
            language, level = data.get(f"language_{i}"), data.get(f"level_{i}")
            if language and not level:
                self.add_error(f"level_{i}", _("Choose a level for this language."))
            elif language and level:
                languages.append((language, level))
        if data.get("category") == MissionCategory.INTERPRETING and len({lang.pk for lang, _lvl in languages}) < 2:
            self.add_error("language_1", _("An interpreting mission needs at least two languages."))
        data["language_rows"] = languages
        if not data.get("remote") and not data.get("address") and not data.get("district"):
            self.add_error("address", _("Give an address or a district, or mark the mission as remote."))
        return data

    def language_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"language_{i}"], self[f"level_{i}"]) for i in range(MISSION_LANGUAGE_ROWS)]

    def details(self) -> MissionFields:
        """The cleaned fields of the mission itself, as the services take them."""
        return cast(MissionFields, {name: self.cleaned_data.get(name) for name in self.Meta.fields if name != "skills"})


class ShiftScheduleForm(forms.Form):
    date = forms.DateField(label=_("Date of the first shift"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=10_000, initial=5)
    repeat_until = forms.DateField(
        label=_("Repeat every week until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, city: City | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tz = zoneinfo.ZoneInfo(getattr(city, "timezone", None) or "Europe/Paris")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            if end <= start:
                self.add_error("end_time", _("The shift must end after it starts."))
                return data
            data["starts_at"] = dt.datetime.combine(day, start).replace(tzinfo=self.tz)
            data["ends_at"] = dt.datetime.combine(day, end).replace(tzinfo=self.tz)
            if data["starts_at"] <= timezone.now():
                self.add_error("date", _("The shift must be in the future."))
            until = data.get("repeat_until")
            if until and until < day:
                self.add_error("repeat_until", _("The end of the repetition is before the first shift."))
            if until and (until - day).days > 7 * 104:
                self.add_error("repeat_until", _("Repeat for two years at most."))
        return data


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=10_000)


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        label=_("Came"),
        choices=[("yes", _("Came")), ("no", _("Did not come"))],
        coerce=lambda v: v == "yes",
    )
    hours = forms.DecimalField(label=_("Hours"), required=False, min_value=0, max_value=24, decimal_places=2)


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
