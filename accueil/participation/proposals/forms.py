"""Forms of the proposal pages; every write goes through the services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accueil.territories.models import City, District

from ..models import ProposalAnswerStatus

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accueil.plan.models import Measure


def _plan_measures(city: City) -> QuerySet[Measure]:
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

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
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

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measures"].queryset = _plan_measures(city)  # type: ignore[attr-defined]
