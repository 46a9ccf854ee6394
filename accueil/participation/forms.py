"""Forms of the event pages; writes go through `services`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from accueil.territories.models import District

from .models import Event, EventKind
from .services import EventDetails

if TYPE_CHECKING:
    from accueil.territories.models import City


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *EventKind.choices])
    district = forms.ModelChoiceField(
        label=_("District"), required=False, queryset=District.objects.none(), empty_label=_("All districts")
    )

    def __init__(self, *args: Any, city: City | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.filter(city=city).order_by("number")  # type: ignore[attr-defined]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EventForm(forms.ModelForm):
    organiser_choice = forms.ChoiceField(label=_("Organised by"), required=True)
    online_url = forms.URLField(label=_("online link"), required=False, assume_scheme="https")

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "address",
            "district",
            "online_url",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "grants_qualification",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "registration_opens_at": DateTimeInput(),
            "registration_closes_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, city: City, organisers: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from accueil.volunteering.models import QualificationType

        self.fields["district"].queryset = District.objects.filter(city=city).order_by("number")  # type: ignore[attr-defined]
        self.fields["grants_qualification"].queryset = QualificationType.objects.filter(city=city)  # type: ignore[attr-defined]
        if organisers is None:
            del self.fields["organiser_choice"]
        else:
            self.fields["organiser_choice"].choices = organisers  # type: ignore[attr-defined]

    def details(self) -> EventDetails:
        """The cleaned fields, as the services take them."""
        return cast(
            EventDetails, {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}
        )


class AttendanceForm(forms.Form):
    registration = forms.IntegerField(widget=forms.HiddenInput)
    attended = forms.TypedChoiceField(
        label=_("Attended"), choices=[("yes", _("Came")), ("no", _("Did not come"))], coerce=lambda v: v == "yes"
    )
