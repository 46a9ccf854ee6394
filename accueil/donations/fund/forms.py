"""Forms of the fund's pages: validation and clear messages; `fund.services` does the writing."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accueil.organisations.models import Organisation, Sector
    from accueil.territories.models import District

    from .models import Campaign


class _CampaignForm(forms.Form):
    """A form whose `campaign` field offers the campaigns the page passes in."""

    def __init__(self, *args: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["campaign"]).queryset = campaigns


class DonationForm(_CampaignForm):
    """What the foundation's staff record. The payment is made with the foundation: no card field, ever."""

    campaign: forms.ModelChoiceField[Campaign] = forms.ModelChoiceField(
        label=_("Campaign"), queryset=None, empty_label=_("Choose a campaign")
    )
    amount = forms.DecimalField(label=_("Amount (€)"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2)
    received_on = forms.DateField(label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}))
    donor_name = forms.CharField(label=_("Donor name (optional)"), max_length=120, required=False)
    consent_to_be_named = forms.BooleanField(label=_("The donor agrees to be named publicly"), required=False)
    reference = forms.CharField(label=_("Foundation receipt reference (optional)"), max_length=60, required=False)


class CallForm(_CampaignForm):
    campaign: forms.ModelChoiceField[Campaign] = forms.ModelChoiceField(
        label=_("Funded by the campaign"), queryset=None, empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    budget = forms.DecimalField(label=_("Budget (€)"), min_value=Decimal(1), max_digits=12, decimal_places=2)
    cap_per_organisation = forms.DecimalField(
        label=_("Cap per organisation (€)"), min_value=Decimal(1), max_digits=12, decimal_places=2
    )
    closes_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}))


class ApplicationForm(forms.Form):
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, empty_label=None
    )
    project = forms.CharField(label=_("Project"), max_length=160)
    district: forms.ModelChoiceField[District] = forms.ModelChoiceField(
        label=_("District"), queryset=None, empty_label=_("Choose a district")
    )
    sector: forms.ModelChoiceField[Sector] = forms.ModelChoiceField(
        label=_("Sector (optional)"), queryset=None, required=False
    )
    amount_requested = forms.DecimalField(
        label=_("Amount requested (€)"), min_value=Decimal(1), max_digits=12, decimal_places=2
    )
    summary = forms.CharField(
        label=_("Description"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5}), required=False
    )

    def __init__(self, *args: Any, organisations: Any, districts: Any, sectors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = districts
        cast(forms.ModelChoiceField, self.fields["sector"]).queryset = sectors


class ScoreForm(forms.Form):
    application = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.IntegerField(label=_("Score (0–10)"), min_value=0, max_value=10)
    comment = forms.CharField(label=_("Comment (optional)"), max_length=500, required=False)


class SponsorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    sectors: forms.ModelMultipleChoiceField[Sector] = forms.ModelMultipleChoiceField(
        label=_("Sectors of interest"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    districts: forms.ModelMultipleChoiceField[District] = forms.ModelMultipleChoiceField(
        label=_("Districts of interest"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    budget = forms.DecimalField(label=_("Budget (€)"), min_value=Decimal(0), max_digits=12, decimal_places=2)
    capacity = forms.IntegerField(label=_("Projects it can support"), min_value=1, max_value=100, initial=1)
    contact_name = forms.CharField(label=_("Contact person"), max_length=120, required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)

    def __init__(self, *args: Any, sectors: Any, districts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["sectors"]).queryset = sectors
        cast(forms.ModelChoiceField, self.fields["districts"]).queryset = districts
