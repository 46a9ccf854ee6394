"""Labels of audiences, statuses and the reasons given with each place, in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.translation import gettext_lazy as _

from ..models import Audience, Availability, BedStatus, BuildingStage, ReservationStatus

register = template.Library()

REASONS = {
    "audience_served": _("for this household"),
    "unconditional": _("unconditional reception"),
    "private_unit": _("a room for the household alone"),
    "step_free": _("step-free access"),
    "same_district": _("in the same district"),
    "stale": _("figures not confirmed for more than a day"),
}


@register.filter
def audience_labels(codes: Iterable[str]) -> str:
    labels = dict(Audience.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes)


@register.filter
def audience_label(code: str) -> str:
    return str(dict(Audience.choices).get(code, code))


@register.filter
def reason_label(code: str) -> str:
    return str(REASONS.get(code, code))


@register.filter
def availability_label(code: str) -> str:
    return str(dict(Availability.choices).get(code, code))


@register.filter
def bed_status_label(code: str) -> str:
    return str(dict(BedStatus.choices).get(code, code))


@register.filter
def stage_label(code: str) -> str:
    return str(dict(BuildingStage.choices).get(code, code))


@register.filter
def reservation_status_label(code: str) -> str:
    return str(dict(ReservationStatus.choices).get(code, code))


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key, 0)
