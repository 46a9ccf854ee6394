from collections.abc import Collection
from typing import Any

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

    def __init__(self, *args: Any, exclude_roles: Collection[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(code, label) for code, label in Role.choices if code not in exclude_roles]


class SelfRoleForm(forms.Form):
    """Take or give up a self-service role (volunteer, host, translator)."""

    role = forms.ChoiceField(choices=[(str(r), r.label) for r in Role if r in SELF_SERVICE_ROLES])
