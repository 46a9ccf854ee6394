"""Putting a service's refusal on the form that asked for it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def attach_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Errors of fields the form shows go beside them; the others, and errors without a field, go on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
