"""Factories for mentoring: beneficiaries and volunteers able to mentor (profile with languages)."""

from __future__ import annotations

from typing import Any

from accueil.languages.models import Language
from accueil.mentoring.models import Beneficiary
from accueil.testing.factories import UserFactory, second_factor_enrol
from accueil.testing.volunteering_factories import VolunteerProfileFactory
from accueil.volunteering.models import Availability, Skill, VolunteerLanguage


def language(code: str) -> Language:
    return Language.objects.get_or_create(code=code, defaults={"name_en": code, "native_name": code})[0]


def beneficiary_make(*, organisation: Any, languages: list[str], district: Any = None, **fields: Any) -> Beneficiary:
    """A beneficiary row (no service, no audit): use `services.beneficiary_create` to test creation."""
    import secrets

    beneficiary = Beneficiary.objects.create(
        city=organisation.city,
        organisation=organisation,
        pseudonym="B-" + secrets.token_hex(3).upper(),
        district=district,
        needs=fields.pop("needs", []),
        **fields,
    )
    beneficiary.languages.set([language(code) for code in languages])
    return beneficiary


def mentor_make(
    *,
    city: Any,
    languages: dict[str, int],
    districts: list[Any] | None = None,
    weekdays: list[int] | None = None,
    skills: list[str] | None = None,
    **user_fields: Any,
) -> Any:
    """A volunteer with a profile: `languages` maps a code to a level (1=A1 … 6=C2, 7=native)."""
    import datetime as dt

    user = UserFactory(**user_fields)
    second_factor_enrol(user)  # a mentor reads meeting notes once paired
    profile = VolunteerProfileFactory(user=user, city=city)
    for code, level in languages.items():
        VolunteerLanguage.objects.create(profile=profile, language=language(code), level=level)
    if districts:
        profile.districts.set(districts)
    for day in weekdays or []:
        Availability.objects.create(profile=profile, weekday=day, start_time=dt.time(9), end_time=dt.time(12))
    if skills:
        profile.skills.set([Skill.objects.get_or_create(code=c, defaults={"name": c})[0] for c in skills])
    return user
