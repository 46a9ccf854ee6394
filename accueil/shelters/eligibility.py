"""Which units may take which household, and why: the hard rules of shelter places, framework-free.

A unit takes a household when it has room (a private unit: enough free beds for the whole household; a shared
unit: one free bed, for a person alone), serves the household's audience (or receives unconditionally, except
minors and young people awaiting an age assessment, who only go where they are expected; a unit for minors takes
no adult), and has step-free
access when the household needs it. Nothing here asks for an administrative status or a nationality.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import AUDIENCE_BITS, PROTECTED_AUDIENCES, Reception


@dataclass(frozen=True)
class UnitFacts:
    unit_id: int
    audiences: int
    reception: str
    is_private: bool
    step_free: bool
    free_beds: int


@dataclass(frozen=True)
class HouseholdNeeds:
    audience: str
    size: int
    step_free_needed: bool = False


def refusals(unit: UnitFacts, household: HouseholdNeeds) -> list[str]:
    """Codes of the hard rules the pair breaks (empty: the unit may take the household)."""
    problems: list[str] = []
    if unit.is_private:
        if unit.free_beds < household.size:
            problems.append("not_enough_beds")
    elif household.size != 1:
        problems.append("shared_unit_for_one_person")
    elif unit.free_beds < 1:
        problems.append("not_enough_beds")
    served = bool(unit.audiences & AUDIENCE_BITS[household.audience])
    if not served and (unit.reception == Reception.EXCLUSIVE or household.audience in PROTECTED_AUDIENCES):
        problems.append("audience_not_served")
    if unit.audiences & AUDIENCE_BITS["minors"] and household.audience not in PROTECTED_AUDIENCES:
        problems.append("unit_reserved_for_minors")
    if household.step_free_needed and not unit.step_free:
        problems.append("no_step_free_access")
    return problems


def is_eligible(unit: UnitFacts, household: HouseholdNeeds) -> bool:
    return not refusals(unit, household)
