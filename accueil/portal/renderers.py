"""How every form of the platform is drawn: one template for a field, one for a whole form.

A field is its label, its help text and its errors, each linked from the widget by `aria-describedby` (Django's own
field template), in a `div.field` that says whether it is invalid; a single checkbox comes before its label.
Templates write `{{ form }}` for a whole form or `{{ form.name.as_field_group }}` for one field.
"""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
