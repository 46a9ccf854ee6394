"""Pseudonymous households (a reference; a name only when needed, encrypted, its reads audited)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from accueil.accounts.models import User
from accueil.audit.services import audit_record
from accueil.territories.models import District

from .. import events, policies
from ..models import (
    Household,
)

if TYPE_CHECKING:
    from accueil.languages.models import Language
    from accueil.organisations.models import Organisation

from .common import forbidden as _forbidden


def _reference() -> str:
    return "H-" + secrets.token_hex(3).upper()


@transaction.atomic
def household_create(
    *,
    organisation: Organisation,
    acting_user: User,
    composition: str,
    adults: int = 1,
    children: int = 0,
    pregnancy: bool = False,
    step_free_needed: bool = False,
    medical_needs: bool = False,
    has_pet: bool = False,
    languages: Iterable[Language] = (),
    services_district: District | None = None,
    needed_from: dt.date | None = None,
    months_needed: int = 6,
    name: str = "",
    reference: str = "",
    is_demo: bool = False,
) -> Household:
    """The support association records a household: a reference, its composition and needs; a name only if
    the association needs one (encrypted)."""
    if not policies.is_member_of(user=acting_user, organisation=organisation):
        raise _forbidden()
    household = Household(
        city=organisation.city,
        organisation=organisation,
        reference=reference.strip() or _reference(),
        name=name.strip(),
        composition=composition,
        adults=adults,
        children=children,
        pregnancy=pregnancy,
        step_free_needed=step_free_needed,
        medical_needs=medical_needs,
        has_pet=has_pet,
        services_district=services_district,
        needed_from=needed_from or timezone.localdate(),
        months_needed=months_needed,
        is_demo=is_demo,
    )
    household.full_clean()
    household.save()
    household.languages.set(list(languages))
    audit_record(
        action=events.HOUSEHOLD_CREATED,
        actor=acting_user,
        city=organisation.city,
        target=household,
        data={"with_name": bool(household.name)},
    )
    return household


def household_name_read(*, household: Household, acting_user: User) -> str:
    """The household's name, for its support association only; every read is written to the audit log."""
    if not policies.can_read_name(user=acting_user, household=household):
        raise _forbidden()
    audit_record(action=events.HOUSEHOLD_NAME_READ, actor=acting_user, city=household.city, target=household)
    return household.name
