"""Safeguarding rules and preferences of hosting, framework-free: one household and one place at a time.

The safeguarding rules are HARD: a pair that breaks one has no edge in the matching instance, whatever its
score would be. They are written here once, plainly, pair by pair; `edges.py` computes the same rules over whole
arrays for speed, and the tests hold the two together (and check every proposal against these functions).

Hard rules, hosting offers:
- no household in an unverified home (`unverified_home`);
- no minor, and no young person awaiting an age assessment, in private hosting (`minor_in_private_hosting`);
- no woman alone or woman with children in a home whose adults are men only (`woman_with_men_only_home`);
- the host's declared limits: number of guests, children, adult men, pets, dates (`too_many_guests`,
  `children_not_welcome`, `men_not_welcome`, `pet_not_welcome`, `not_available_in_time`, `window_too_short`);
- step-free access when the household needs it (`no_step_free_access`).
Hard rules, shelter units: those of `accueil.shelters.eligibility` (room, audience, units for minors, access).

Preferences, as points: shared languages, distance from the home to the household's services and school,
dates, length, accessibility for pregnancy or medical needs, children in the home, hosting before shelter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from accueil.shelters.eligibility import HouseholdNeeds, UnitFacts
from accueil.shelters.eligibility import refusals as unit_refusals

DAYS_PER_MONTH = 30
START_GRACE_DAYS = 30  # a home free within a month of the date needed still counts as in time

MINOR_COMPOSITIONS = frozenset({"unaccompanied_minor", "young_awaiting_assessment"})
WOMEN_ONLY_COMPOSITIONS = frozenset({"woman_alone", "woman_with_children"})
WITH_ADULT_MEN = frozenset({"man_alone", "couple", "family", "adults"})

# Which shelter audience a household is.
AUDIENCE_OF = {
    "man_alone": "men_alone",
    "woman_alone": "women_alone",
    "woman_with_children": "women_with_children",
    "couple": "families",
    "family": "families",
    "adults": "families",
    "young_awaiting_assessment": "young_awaiting_assessment",
    "unaccompanied_minor": "minors",
}


@dataclass(frozen=True)
class HouseholdFacts:
    id: int
    composition: str
    adults: int
    children: int
    needed_from: int  # proleptic ordinal of the date
    months_needed: int = 6
    step_free_needed: bool = False
    has_pet: bool = False
    pregnancy: bool = False
    medical_needs: bool = False
    languages: frozenset[str] = frozenset()
    district: int | None = None

    @property
    def size(self) -> int:
        return self.adults + self.children


@dataclass(frozen=True)
class OfferFacts:
    id: int
    verified: bool
    beds: int
    resident_men: int
    resident_women: int
    available_from: int  # ordinal
    available_until: int | None = None
    min_months: int = 3
    max_months: int = 12
    resident_children: int = 0
    step_free: bool = False
    accepts_children: bool = True
    accepts_men: bool = True
    accepts_guest_pets: bool = False
    languages: frozenset[str] = frozenset()
    district: int | None = None


@dataclass(frozen=True)
class ShelterUnitFacts:
    unit: UnitFacts
    district: int | None = None


def offer_refusals(household: HouseholdFacts, offer: OfferFacts) -> list[str]:
    problems: list[str] = []
    if not offer.verified:
        problems.append("unverified_home")
    if household.composition in MINOR_COMPOSITIONS:
        problems.append("minor_in_private_hosting")
    if household.composition in WOMEN_ONLY_COMPOSITIONS and offer.resident_men > 0 and offer.resident_women == 0:
        problems.append("woman_with_men_only_home")
    if household.size > offer.beds:
        problems.append("too_many_guests")
    if household.children > 0 and not offer.accepts_children:
        problems.append("children_not_welcome")
    if household.composition in WITH_ADULT_MEN and not offer.accepts_men:
        problems.append("men_not_welcome")
    if household.has_pet and not offer.accepts_guest_pets:
        problems.append("pet_not_welcome")
    if household.step_free_needed and not offer.step_free:
        problems.append("no_step_free_access")
    if offer.available_from > household.needed_from + START_GRACE_DAYS:
        problems.append("not_available_in_time")
    start = max(household.needed_from, offer.available_from)
    if offer.available_until is not None and offer.available_until < start + offer.min_months * DAYS_PER_MONTH:
        problems.append("window_too_short")
    return problems


def household_needs(household: HouseholdFacts) -> HouseholdNeeds:
    return HouseholdNeeds(
        audience=AUDIENCE_OF[household.composition], size=household.size, step_free_needed=household.step_free_needed
    )


def shelter_refusals(household: HouseholdFacts, place: ShelterUnitFacts) -> list[str]:
    return unit_refusals(place.unit, household_needs(household))


def distance_points(millis: Mapping[tuple[int, int], int], a: int | None, b: int | None) -> int:
    if a is None or b is None:
        return 0
    return millis.get((a, b), 0)


def offer_criteria(
    household: HouseholdFacts, offer: OfferFacts, distance_millis: Mapping[tuple[int, int], int]
) -> dict[str, int]:
    """Points in thousandths, by criterion (the order is the order shown)."""
    shared = len(household.languages & offer.languages)
    start = max(household.needed_from, offer.available_from)
    delay = start - household.needed_from
    criteria = {
        "hosting": 2000,
        "shared_language": 3000 if shared else 0,
        "more_languages": 500 * min(shared - 1, 2) if shared > 1 else 0,
        "near_services": distance_points(distance_millis, offer.district, household.district),
        "dates": 1000 if delay <= 7 else 500,
        "length": 1000 if offer.max_months >= household.months_needed else 0,
        "accessibility": 500 if offer.step_free and (household.pregnancy or household.medical_needs) else 0,
        "children_in_home": 500 if household.children and offer.resident_children else 0,
    }
    return criteria


def shelter_criteria(
    household: HouseholdFacts, place: ShelterUnitFacts, distance_millis: Mapping[tuple[int, int], int]
) -> dict[str, int]:
    return {
        "shelter": 1000,
        "near_services": distance_points(distance_millis, place.district, household.district),
        "accessibility": 500 if place.unit.step_free and (household.pregnancy or household.medical_needs) else 0,
    }
