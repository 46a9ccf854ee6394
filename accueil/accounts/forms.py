from django import forms
from django.utils.translation import gettext_lazy as _

from .models import SELF_SERVICE_ROLES, Role, User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "phone", "preferred_language"]
        help_texts = {
            "display_name": _("Only shown to organisations you work with. Leave empty to stay anonymous."),
        }
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}


class PersonSearchForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the person"), max_length=254)


class RoleChangeForm(forms.Form):
    """Grant or revoke one city role for one person (the coordinator's roles page)."""

    user = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class SelfRoleForm(forms.Form):
    """Take or give up a self-service role (volunteer, host, translator)."""

    role = forms.ChoiceField(choices=[(str(r), r.label) for r in Role if r in SELF_SERVICE_ROLES])
