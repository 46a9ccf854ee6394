"""Sectors of the partner registry. Labels are translated in the interface through these lazy strings."""

from django.utils.translation import gettext_lazy as _

SECTORS = {
    "housing": _("Housing"),
    "health": _("Health"),
    "legal": _("Legal help"),
    "language": _("French and languages"),
    "employment": _("Employment"),
    "education": _("Education"),
    "culture": _("Culture"),
    "sport": _("Sport"),
    "food": _("Food"),
    "hygiene": _("Hygiene"),
    "child_protection": _("Child protection"),
    "social": _("Social support"),
    "administrative": _("Administrative help"),
    "interpreting": _("Interpreting"),
    "digital": _("Digital access"),
    "transport": _("Transport"),
    "emergency": _("Emergency shelter"),
    "donations": _("Donations"),
}


def sector_label(code: str) -> str:
    return str(SECTORS.get(code, code))
