from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "phone", "preferred_language"]
        help_texts = {
            "display_name": _("Only shown to organisations you work with. Leave empty to stay anonymous."),
        }
