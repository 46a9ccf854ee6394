"""One way to show a service's refusal: beside the field it names, on top of the form, or as page messages."""

from __future__ import annotations

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from accueil.core.refusals import refusal_messages, refusal_text, refusal_to_form, refusal_to_messages


class ShiftForm(forms.Form):
    starts_at = forms.CharField(required=False)
    capacity = forms.IntegerField(required=False)


def by_field() -> ValidationError:
    return ValidationError(
        {"capacity": ["Too small.", "Not a round number."], "city": ["Another city."], "__all__": ["Overlaps."]}
    )


def test_messages_of_a_refusal_by_field_in_the_order_raised():
    assert refusal_messages(by_field()) == ["Too small.", "Not a round number.", "Another city.", "Overlaps."]


def test_messages_of_a_refusal_without_fields():
    assert refusal_messages(ValidationError("Full.")) == ["Full."]
    assert refusal_messages(ValidationError(["Full.", "Closed."])) == ["Full.", "Closed."]
    assert refusal_messages(ValidationError("%(n)s places left.", params={"n": 3})) == ["3 places left."]


def test_refusal_as_one_line():
    assert refusal_text(ValidationError(["Full.", "Closed."])) == "Full. Closed."
    assert refusal_text(by_field()) == "Too small. Not a round number. Another city. Overlaps."


def test_errors_go_beside_the_fields_the_form_shows_and_the_others_on_top():
    form = ShiftForm(data={"starts_at": "", "capacity": "3"})
    assert form.is_valid()
    refusal_to_form(form, by_field())
    assert form.errors["capacity"] == ["Too small.", "Not a round number."]
    assert form.non_field_errors() == ["Another city.", "Overlaps."]
    assert "city" not in form.errors
    assert not form.is_valid()


def test_a_refusal_without_fields_goes_on_top_of_the_form():
    form = ShiftForm(data={})
    assert form.is_valid()
    refusal_to_form(form, ValidationError(["Full.", "Closed."]))
    assert form.non_field_errors() == ["Full.", "Closed."]
    assert list(form.errors) == ["__all__"]


def test_each_message_becomes_an_error_in_the_page_message_region():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    refusal_to_messages(request, by_field())
    shown = [(message.level_tag, message.message) for message in get_messages(request)]
    assert shown == [
        ("error", "Too small."),
        ("error", "Not a round number."),
        ("error", "Another city."),
        ("error", "Overlaps."),
    ]
