"""One way to turn a refusal (a `ValidationError` raised by a service) into what a person reads.

`refusal_messages(exc)` is the flat list of translated messages; `refusal_to_form(form, exc)` puts each message
beside the field it names (errors of fields the form does not show, and errors without a field, go on top);
`refusal_to_messages(request, exc)` adds them to the page's message region.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def refusal_messages(exc: ValidationError) -> list[str]:
    """Every message of the refusal, field errors first in the order the service raised them."""
    if hasattr(exc, "error_dict"):
        return [str(message) for errors in exc.message_dict.values() for message in errors]
    return [str(message) for message in exc.messages]


def refusal_text(exc: ValidationError) -> str:
    """The refusal as one line of text (messages joined by a space)."""
    return " ".join(refusal_messages(exc))


def refusal_to_form(form: forms.BaseForm, exc: ValidationError) -> None:
    """Errors of fields the form shows go beside them; the others, and errors without a field, go on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def refusal_to_messages(request: HttpRequest, exc: ValidationError) -> None:
    """Each message of the refusal as an error in the page's message region."""
    for message in refusal_messages(exc):
        messages.error(request, message)
