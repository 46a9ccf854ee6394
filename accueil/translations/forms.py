"""Forms of the translation workflow."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TARGET_LANGUAGES


class LanguageFilterForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("All languages")), *TARGET_LANGUAGES], required=False
    )


class ProposalForm(forms.Form):
    text = forms.CharField(label=_("Your translation"), widget=forms.Textarea(attrs={"rows": 8}), max_length=50_000)


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[("publish", _("Publish")), ("reject", _("Reject")), ("revalidate", _("Still correct: re-validate"))],
    )
    comment = forms.CharField(
        label=_("Comment for the translator"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class TranslatorLanguageForm(forms.Form):
    email = forms.EmailField(label=_("Translator's email address"))
    language = forms.ChoiceField(label=_("Language"), choices=TARGET_LANGUAGES)
    is_reviewer = forms.BooleanField(label=_("Expert translator: may publish and reject"), required=False)
