"""Forms of the plan pages; every write goes through ``services``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from accueil.accounts.models import User
from accueil.organisations.models import Organisation

from . import sources
from .models import (
    ActionStatus,
    BudgetLine,
    Commitment,
    Cornerstone,
    Indicator,
    IndicatorSource,
    Measure,
    MeasurePartner,
    MeasureStatus,
    Official,
    Plan,
    Pledge,
    Project,
)

if TYPE_CHECKING:
    from accueil.territories.models import City

MAX_CSV_BYTES = 1_000_000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = [
            "title",
            "description",
            "status",
            "weight",
            "parent",
            "position",
            "owner_organisation",
            "published",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, commitment: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = Measure.objects.filter(commitment=commitment, parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = parents
        cast(forms.ModelChoiceField, self.fields["owner_organisation"]).queryset = Organisation.objects.filter(
            city=commitment.city
        ).order_by("name")
        cast(forms.IntegerField, self.fields["weight"]).min_value = 1
        self.fields["weight"].widget.attrs["min"] = 1


class MeasureStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)


class IndicatorForm(forms.ModelForm):
    computed_source = forms.ChoiceField(label=_("Computed from"), required=False)

    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "baseline",
            "target",
            "deadline",
            "direction",
            "source",
            "computed_source",
            "published",
        ]
        widgets = {"deadline": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["computed_source"]).choices = [("", "—"), *sources.choices()]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("source") == IndicatorSource.COMPUTED and not data.get("computed_source"):
            self.add_error("computed_source", _("Choose the source a computed indicator reads."))
        if data.get("source") != IndicatorSource.COMPUTED:
            data["computed_source"] = None
        return data


class ValueForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=4)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ValuesImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("One line per value: date (YYYY-MM-DD), value, note. A header line is allowed."),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("The file is too large (1 MB at most)."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("The file must be encoded in UTF-8.")) from exc


class ReviewForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ActionItemForm(forms.Form):
    """The owner is a partner organisation, a platform user (by email address), or a written name."""

    text = forms.CharField(label=_("Action"), max_length=500)
    owner_organisation = forms.ModelChoiceField(
        label=_("Owner organisation"), queryset=Organisation.objects.none(), required=False
    )
    owner_email = forms.EmailField(label=_("Or owner: email address of a platform user"), required=False)
    owner = forms.CharField(label=_("Or owner's name"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, city: City | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if city is not None:
            cast(forms.ModelChoiceField, self.fields["owner_organisation"]).queryset = Organisation.objects.filter(
                city=city
            ).order_by("name")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        email = data.pop("owner_email", "")
        data["owner_user"] = None
        if email:
            user = User.objects.filter(email__iexact=email, is_active=True).first()
            if user is None:
                self.add_error("owner_email", _("No platform user has this email address."))
            data["owner_user"] = user
        named = data.get("owner_organisation") or data.get("owner_user") or (data.get("owner") or "").strip()
        if not named and not self.errors:
            raise forms.ValidationError(_("Name the owner: a person, an organisation or a written name."))
        return data


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["label", "year", "planned", "spent"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = cast(forms.IntegerField, self.fields["year"])
        year.min_value = 2000
        year.max_value = 2100
        self.fields["year"].validators += [MinValueValidator(2000), MaxValueValidator(2100)]
        for name in ("planned", "spent"):
            self.fields[name].validators.append(MinValueValidator(0))


class PartnerForm(forms.ModelForm):
    class Meta:
        model = MeasurePartner
        fields = ["organisation", "name", "role", "note"]
        labels = {"organisation": _("Registered organisation"), "name": _("Or name (not registered)")}

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = cast(forms.ModelChoiceField, self.fields["organisation"])
        organisation.queryset = Organisation.objects.filter(city=city).order_by("name")


def _commitments_as_checkboxes(form: forms.ModelForm, plan: Plan) -> None:
    """The ``commitments`` field offers the plan's commitments, in order, as checkboxes."""
    commitments = cast(forms.ModelMultipleChoiceField, form.fields["commitments"])
    commitments.queryset = Commitment.objects.filter(plan=plan).order_by("number")
    # The stubs type the choices getter as the setter's input union; at run time it is the model choice iterator.
    commitments.widget = forms.CheckboxSelectMultiple(choices=commitments.choices)  # type: ignore[arg-type]


class PledgeForm(forms.ModelForm):
    class Meta:
        model = Pledge
        fields = [
            "organisation",
            "stakeholder",
            "text",
            "made_on",
            "event_name",
            "status",
            "progress",
            "commitments",
            "published",
        ]
        widgets = {
            "made_on": DateInput(),
            "text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = cast(forms.ModelChoiceField, self.fields["organisation"])
        organisation.queryset = Organisation.objects.filter(city=plan.city).order_by("name")
        _commitments_as_checkboxes(self, plan)


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["title", "lead_official", "portfolio", "commitments"]

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["lead_official"]).queryset = Official.objects.filter(city=plan.city)
        _commitments_as_checkboxes(self, plan)


class OfficialForm(forms.ModelForm):
    class Meta:
        model = Official
        fields = ["name", "role", "portfolio"]


class PlanCreateForm(forms.Form):
    title = forms.CharField(label=_("Title of the plan"), max_length=300)
    adopted_on = forms.DateField(label=_("adopted on"), required=False, widget=DateInput())


class TreeItemForm(forms.Form):
    """A new cornerstone or commitment: its title, description and weight."""

    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    weight = forms.IntegerField(
        label=_("Weight"), min_value=1, max_value=100, initial=1, validators=[MinValueValidator(1)]
    )


class CommitmentCreateForm(TreeItemForm):
    cornerstone = forms.ModelChoiceField(label=_("Cornerstone"), queryset=Cornerstone.objects.none())

    def __init__(self, *args: Any, plan: Plan | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["cornerstone"])
        field.queryset = (
            Cornerstone.objects.filter(plan=plan).order_by("number") if plan else Cornerstone.objects.none()
        )
        self.order_fields(["cornerstone", "title", "description", "weight"])
