"""Forms of the proposal and resource pages; every write goes through the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accueil.organisations.models import Organisation
from accueil.territories.models import District

from .models_proposals import ProposalAnswerStatus
from .models_resources import ResourceVisibility
from .services_resources import MAX_FILE_BYTES


def _plan_measures(city: Any) -> Any:
    from accueil.plan.models import Measure

    return (
        Measure.objects.filter(city=city, published=True, commitment__published=True)
        .select_related("commitment")
        .order_by("commitment__number", "position", "pk")
    )


class MeasureChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.commitment.number}. {obj.shown.title}"


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Your proposal"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    district = forms.ModelChoiceField(label=_("District (optional)"), queryset=District.objects.none(), required=False)
    measures = MeasureChoiceField(
        label=_("Measures of the plan it relates to (optional)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, city: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(city=city).order_by("pk")  # type: ignore[attr-defined]
        self.fields["measures"].queryset = _plan_measures(city)  # type: ignore[attr-defined]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to the author)"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ProposalAnswerStatus.choices)
    answer = forms.CharField(
        label=_("Official answer"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class LinkMeasuresForm(forms.Form):
    measures = MeasureChoiceField(
        label=_("Measures this proposal feeds"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, city: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measures"].queryset = _plan_measures(city)  # type: ignore[attr-defined]


class ResourceSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    tag = forms.CharField(label=_("Tag"), max_length=40, required=False)


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=500, required=False)
    body = forms.CharField(
        label=_("Text"), max_length=50_000, required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, ODT, DOCX, PNG or JPEG; 10 MB at most."),
    )
    visibility = forms.ChoiceField(label=_("Visible to"), choices=ResourceVisibility.choices)
    tags = forms.CharField(label=_("Tags"), max_length=300, required=False, help_text=_("Separated by commas."))

    def __init__(
        self, *args: Any, organisations: Any = None, allow_city: bool = False, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Shared by"),
                queryset=organisations,
                required=not allow_city,
                empty_label=str(_("The City")) if allow_city else None,
            )
        if editing:
            self.fields["remove_file"] = forms.BooleanField(label=_("Remove the current file"), required=False)
            self.fields["note"] = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is too large: 10 MB at most."))
        return upload


def organisations_for_sharing(user: Any, city: Any, *, coordinator: bool) -> Any:
    qs = Organisation.objects.filter(city=city).order_by("name")
    return qs if coordinator else qs.filter(memberships__user=user)
