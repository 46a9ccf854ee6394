"""The end of an edit page's POST: save through the service, then say so and show the saved item's page.

`save_then_redirect(request, form, save, message=..., url_name=...)` runs ``save`` once the form is valid; a
refusal (a `ValidationError` of the service) goes on the form and the caller shows the form again.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .refusals import refusal_to_form


def save_then_redirect(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[], models.Model],
    *,
    message: str,
    url_name: str,
) -> HttpResponse | None:
    """``save``, then ``message`` and a redirect to ``url_name`` with the saved item's pk; None on a refusal."""
    try:
        saved = save()
    except ValidationError as exc:
        refusal_to_form(form, exc)
        return None
    messages.success(request, message)
    return redirect(url_name, pk=saved.pk)
