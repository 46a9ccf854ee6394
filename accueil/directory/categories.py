"""The directory's taxonomy: needs and their sub-categories, named through the code catalogue.

Names are translated by gettext like the rest of the interface, so a category reads the same in every language
without waiting for a translator. ``Category`` rows mirror this tree (see ``services.categories_sync``).
"""

from __future__ import annotations

import uuid

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# code -> (name, parent code or "")
CATEGORY_TREE: dict[str, tuple[Promise, str]] = {
    "eat": (_("Eat"), ""),
    "eat-meals": (_("Free meals"), "eat"),
    "eat-food-parcels": (_("Food parcels and grocery"), "eat"),
    "sleep": (_("Sleep"), ""),
    "sleep-emergency": (_("Emergency shelter"), "sleep"),
    "sleep-day-centre": (_("Day centre"), "sleep"),
    "wash": (_("Wash"), ""),
    "wash-showers": (_("Showers and baths"), "wash"),
    "wash-laundry": (_("Laundry"), "wash"),
    "health": (_("Health"), ""),
    "health-doctor": (_("Doctor and care"), "health"),
    "health-pass": (_("Hospital care without coverage (PASS)"), "health"),
    "health-mental": (_("Mental health"), "health"),
    "legal": (_("Legal help"), ""),
    "legal-access-point": (_("Legal access point"), "legal"),
    "legal-mediation": (_("Mediation and paperwork (PIMMS)"), "legal"),
    "asylum": (_("Asylum procedure"), ""),
    "asylum-registration": (_("Asylum registration"), "asylum"),
    "asylum-support": (_("Help with the asylum application"), "asylum"),
    "french": (_("French classes"), ""),
    "french-adults": (_("French classes for adults"), "french"),
    "school": (_("Children's school"), ""),
    "work": (_("Work"), ""),
    "work-training": (_("Training and job search"), "work"),
    "phone": (_("Phone and internet"), ""),
    "phone-charging": (_("Phone charging and wifi"), "phone"),
    "clothes": (_("Clothes"), ""),
    "orientation": (_("Reception and orientation"), ""),
}


def category_name(code: str) -> str:
    entry = CATEGORY_TREE.get(code)
    return str(entry[0]) if entry else code


def top_level_codes() -> list[str]:
    return [code for code, (_name, parent) in CATEGORY_TREE.items() if not parent]


def root_code(code: str) -> str:
    while code in CATEGORY_TREE and CATEGORY_TREE[code][1]:
        code = CATEGORY_TREE[code][1]
    return code


def category_uuid(code: str) -> uuid.UUID:
    """Stable identifier of a category, the same on every installation (published in the HSDS taxonomy)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://accueil.invalid/taxonomy/{code}")
