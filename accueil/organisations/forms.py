"""Forms of the partner registry; they only validate input, services do the writing."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from accueil.languages.models import Language
from accueil.territories.models import City, District

from .catalogue import sector_label
from .models import MembershipRole, Organisation, OrganisationType, Sector, TokenScopes, Verification
from .registry_csv import MAX_IMPORT_BYTES


class SectorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Sector) -> str:
        return sector_label(obj.code)


class LanguageChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Language) -> str:
        return obj.native_name


class DistrictChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: District) -> str:
        return obj.name


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    type = forms.ChoiceField(label=_("Type"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    district = forms.TypedChoiceField(label=_("District served"), required=False, coerce=int, empty_value=None)
    language = forms.ChoiceField(label=_("Language spoken"), required=False)
    verified = forms.BooleanField(label=_("Verified organisations only"), required=False)

    def __init__(self, *args: Any, city: City | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        every: list[tuple[Any, Any]] = [("", _("All"))]
        fields: dict[str, Any] = self.fields
        fields["type"].choices = every + list(OrganisationType.choices)
        fields["sector"].choices = every + sorted(
            ((sector.code, sector_label(sector.code)) for sector in Sector.objects.all()), key=lambda item: item[1]
        )
        districts = District.objects.filter(city=city).order_by("number") if city else District.objects.none()
        fields["district"].choices = every + [(district.number, district.name) for district in districts]
        fields["language"].choices = every + [
            (language.code, language.native_name) for language in Language.objects.order_by("native_name")
        ]

    def filters(self) -> dict[str, Any]:
        """The valid filters; a filter with a bad value is left out (the form shows the error)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        return {
            "q": data.get("q") or "",
            "type": data.get("type") or "",
            "sector": data.get("sector") or "",
            "district": data.get("district"),
            "language": data.get("language") or "",
            "verified_only": bool(data.get("verified")),
        }


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, max_length=200, assume_scheme="https")
    sectors = SectorChoiceField(
        label=_("Sectors"), queryset=Sector.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    districts = DistrictChoiceField(
        label=_("Districts served"),
        queryset=District.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = LanguageChoiceField(
        label=_("Languages spoken"),
        queryset=Language.objects.order_by("native_name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organisation
        fields = ["name", "acronym", "type", "description", "email", "phone", "website", "address"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.city = city
        self.instance.city = city
        districts = cast(forms.ModelMultipleChoiceField, self.fields["districts"])
        districts.queryset = District.objects.filter(city=city).order_by("number")
        if self.instance.pk:
            self.initial.setdefault("sectors", list(self.instance.sectors.all()))
            self.initial.setdefault("districts", list(self.instance.districts.all()))
            self.initial.setdefault("languages", list(self.instance.languages.all()))

    def _post_clean(self) -> None:
        # The service validates the model (full_clean) inside its transaction; the unique name is checked here
        # so the person sees the message next to the field.
        name = self.cleaned_data.get("name")
        if name:
            clash = Organisation.objects.filter(city=self.city, name=name).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("name", _("An organisation with this name is already in the registry."))


class VerificationForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[(Verification.VERIFIED, _("Verify")), (Verification.REJECTED, _("Do not verify"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (required when not verifying)"), required=False, max_length=500, widget=forms.Textarea
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == Verification.REJECTED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for not verifying this organisation."))
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER)


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name of the token"), max_length=80, help_text=_("For example: our website"))
    scopes = forms.ChoiceField(
        label=_("What the token may do"),
        choices=TokenScopes.choices,
        initial=TokenScopes.READ,
        required=False,
        widget=forms.RadioSelect,
    )

    def clean_scopes(self) -> TokenScopes:
        """Left out, the token only reads."""
        return TokenScopes(self.cleaned_data.get("scopes") or TokenScopes.READ)


class RegistryImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("UTF-8, with the same columns as the export."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 2 MB)."))
        return upload
