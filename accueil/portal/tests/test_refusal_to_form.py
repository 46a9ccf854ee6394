"""A service's refusal lands on the form: beside the fields it names, on top otherwise."""

from django import forms
from django.core.exceptions import ValidationError

from accueil.core.refusals import refusal_to_form


class NameForm(forms.Form):
    name = forms.CharField()


def test_field_errors_go_beside_their_field_and_the_others_on_top() -> None:
    form = NameForm({"name": "Ada"})
    assert form.is_valid()
    refusal_to_form(form, ValidationError({"name": ["Already taken."], "city": ["Not your city."]}))
    assert form.errors == {"name": ["Already taken."], "__all__": ["Not your city."]}
    assert "name" not in form.cleaned_data


def test_an_error_without_a_field_goes_on_top() -> None:
    form = NameForm({"name": "Ada"})
    assert form.is_valid()
    refusal_to_form(form, ValidationError(["First problem.", "Second problem."]))
    assert form.errors == {"__all__": ["First problem.", "Second problem."]}
