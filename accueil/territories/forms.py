"""Forms of city onboarding: thin, the services check everything again."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .services import CityDraft


class CityForm(forms.Form):
    name = forms.CharField(label=_("Name of the city"), max_length=120)
    slug = forms.SlugField(
        label=_("Short name"), max_length=60, help_text=_("Lower-case letters, digits and hyphens: lyon, berlin.")
    )
    domain = forms.CharField(
        label=_("Host name"), max_length=200, help_text=_("Where the city's pages are served: lyon.example.org.")
    )
    country = forms.CharField(
        label=_("Country code"), max_length=2, min_length=2, help_text=_("Two letters (ISO 3166): FR, DE, ES, IT.")
    )
    holiday_subdivision = forms.CharField(
        label=_("Region of the holiday calendar"),
        max_length=10,
        required=False,
        help_text=_("Only where a region has its own public holidays: BY for Bavaria, CT for Catalonia."),
    )
    timezone = forms.CharField(label=_("Time zone"), max_length=64, help_text=_("For example Europe/Berlin."))
    languages = forms.MultipleChoiceField(
        label=_("Languages offered"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    latitude = forms.DecimalField(
        label=_("Latitude of the centre"), min_value=-90, max_value=90, max_digits=8, decimal_places=5
    )
    longitude = forms.DecimalField(
        label=_("Longitude of the centre"), min_value=-180, max_value=180, max_digits=8, decimal_places=5
    )
    population = forms.IntegerField(label=_("Population"), min_value=0, max_value=100_000_000, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, autonym in settings.LANGUAGES:
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name in %(language)s") % {"language": autonym},
                max_length=120,
                required=False,
            )
            self.fields[f"name_{code}"].widget.attrs.update(
                {"lang": code, "dir": "rtl" if code in settings.LANGUAGES_BIDI else "ltr"}
            )

    def clean_country(self) -> str:
        return str(self.cleaned_data["country"]).strip().upper()

    def clean_holiday_subdivision(self) -> str:
        return str(self.cleaned_data["holiday_subdivision"]).strip().upper()

    def clean_domain(self) -> str:
        return str(self.cleaned_data["domain"]).strip().lower().rstrip(".")

    def clean_timezone(self) -> str:
        return str(self.cleaned_data["timezone"]).strip()

    def draft(self) -> CityDraft:
        data = self.cleaned_data
        return CityDraft(
            slug=data["slug"],
            name=data["name"],
            domain=data["domain"],
            country=data["country"],
            holiday_subdivision=data["holiday_subdivision"],
            timezone=data["timezone"],
            languages=list(data["languages"]),
            latitude=Decimal(data["latitude"]),
            longitude=Decimal(data["longitude"]),
            population=data.get("population"),
            names={code: data.get(f"name_{code}") or "" for code, _name in settings.LANGUAGES},
        )


class DistrictsForm(forms.Form):
    content = forms.CharField(
        label=_("Districts (CSV)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "dir": "ltr", "lang": "en"}),
        help_text=_(
            "One district a line after the header: number, name, code, postcodes, latitude, longitude, population. "
            "Only number and name are required; postcodes are separated by spaces."
        ),
    )
    upload = forms.FileField(label=_("Or a CSV file"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("upload")
        if upload is not None:
            if upload.size > 200_000:
                raise forms.ValidationError(_("The file is too large (at most 200 kB)."))
            try:
                data["content"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("The file must be UTF-8 text.")) from None
        if not (data.get("content") or "").strip():
            raise forms.ValidationError(_("Paste the districts or choose a file."))
        return data


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the coordinator"), max_length=254)
