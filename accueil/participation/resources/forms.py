"""Forms of the resource library pages; every write goes through the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accueil.organisations.models import Organisation

from ..models import ResourceVisibility
from .services import MAX_FILE_BYTES


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
        self,
        *args: Any,
        organisations: QuerySet[Organisation] | None = None,
        allow_city: bool = False,
        editing: bool = False,
        **kwargs: Any,
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
