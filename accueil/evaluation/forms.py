"""Forms of the evaluation pages: they validate input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AnswerOption, EvidenceKind, Framework, FrameworkNode, NodeKind, text_of


def _option_label(option: AnswerOption, language: str) -> str:
    return f"{text_of(option.texts, 'label', language)[0]} ({option.points:g})"


class AssessmentCreateForm(forms.Form):
    framework = forms.ModelChoiceField(label=_("Framework"), queryset=Framework.objects.none())
    cycle = forms.IntegerField(label=_("Cycle (year)"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, frameworks: list[Framework], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Framework.objects.filter(pk__in=[f.pk for f in frameworks])  # type: ignore[attr-defined]
        self.fields["framework"].label_from_instance = lambda f: f"{text_of(f.texts, 'title', 'fr')[0]} ({f.version})"  # type: ignore[attr-defined]
        self.fields["cycle"].initial = timezone.localdate().year


class AnswerForm(forms.Form):
    option = forms.ChoiceField(label=_("Answer"), widget=forms.RadioSelect)
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("What the city does, since when, with whom; the evidence is added below."),
    )

    def __init__(self, *args: Any, options: list[AnswerOption], language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = [(o.code, _option_label(o, language)) for o in options]  # type: ignore[attr-defined]


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of evidence"), choices=EvidenceKind.choices, widget=forms.RadioSelect)
    figure = forms.ChoiceField(label=_("Figure of the platform"), required=False)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    url = forms.URLField(label=_("Address (https://…)"), max_length=500, required=False, assume_scheme="https")

    def __init__(self, *args: Any, figure_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["figure"].choices = [("", "—"), *figure_choices]  # type: ignore[attr-defined]


class ReviewCommentForm(forms.Form):
    comment = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    option = forms.ChoiceField(label=_("The answer you would give (leave empty to agree)"), required=False)

    def __init__(self, *args: Any, options: list[AnswerOption], language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        option = self.fields["option"]
        assert isinstance(option, forms.ChoiceField)
        option.choices = [
            ("", _("I agree with the city's answer")),
            *((o.code, _option_label(o, language)) for o in options),
        ]


class ReviewCompleteForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of the review"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class PracticeForm(forms.Form):
    title = forms.CharField(label=_("Title (French)"), max_length=200)
    summary = forms.CharField(label=_("What it is (French)"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    audience = forms.CharField(label=_("For whom (French)"), max_length=300)
    results = forms.CharField(
        label=_("Results (French)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )
    contact_name = forms.CharField(label=_("Contact"), max_length=120)
    contact_email = forms.EmailField(label=_("Contact email"))
    objectives = forms.ModelMultipleChoiceField(
        label=_("Objectives it serves"),
        queryset=FrameworkNode.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["objectives"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = (
            FrameworkNode.objects.filter(kind=NodeKind.OBJECTIVE)
            .select_related("framework")
            .order_by("framework__key", "position")
        )
        field.label_from_instance = lambda n: (  # type: ignore[method-assign,assignment]
            f"{n.code} · {text_of(n.texts, 'short', language)[0] or text_of(n.texts, 'title', language)[0]}"
        )


class ExchangeForm(forms.Form):
    message = forms.CharField(
        label=_("What would you like to learn?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000
    )


class ExchangeAnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"), choices=[("accept", _("Accept")), ("decline", _("Decline"))], widget=forms.RadioSelect
    )
    answer = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 2}), max_length=3000, required=False
    )


class ProfileForm(forms.Form):
    foreign_born_percent = forms.DecimalField(
        label=_("Foreign-born residents (%)"), min_value=0, max_value=100, decimal_places=2, required=False
    )
    source = forms.CharField(label=_("Source of the figure"), max_length=300, required=False)
