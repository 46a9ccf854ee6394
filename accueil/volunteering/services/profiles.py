"""Volunteer profiles (skills, languages, availability, districts) and qualifications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record

from ..locks import profile_lock, qualification_lock
from ..models import (
    Availability,
    QualificationType,
    VolunteerLanguage,
    VolunteerProfile,
    VolunteerQualification,
)

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.languages.models import Language
    from accueil.territories.models import City, District

    from ..models import Skill


def first_per_language(languages: Iterable[tuple[Language, int]]) -> list[tuple[Language, int]]:
    """(language, level) rows with each language once: the first row given for it wins."""
    rows: dict[str, tuple[Language, int]] = {}
    for language, level in languages:
        rows.setdefault(language.pk, (language, level))
    return list(rows.values())


class ProfileFields(TypedDict, total=False):
    """What a volunteer says about themselves: the keyword arguments of `volunteer_profile_save`."""

    birth_year: int | None
    hours_per_month: int
    remote_ok: bool
    civic_service: bool
    solidarity_reserve: bool
    safeguarding_expires_on: dt.date | None
    bio_for_organisations: str


@transaction.atomic
def volunteer_profile_save(
    *,
    user: User,
    city: City,
    acting_user: User,
    skills: Iterable[Skill] | None = None,
    districts: Iterable[District] | None = None,
    languages: Sequence[tuple[Language, int]] | None = None,
    availabilities: Sequence[tuple[int, dt.time, dt.time]] | None = None,
    **fields: Unpack[ProfileFields],
) -> VolunteerProfile:
    """Creates or updates the volunteer's profile; lists given replace the previous ones."""
    if acting_user.pk != user.pk:
        raise ValidationError(_("You can only edit your own profile."))
    profile = profile_lock(user=user, city=city)
    if profile is None:
        profile = VolunteerProfile(user=user, city=city)
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    if skills is not None:
        profile.skills.set(skills)
    if districts is not None:
        profile.districts.set([d for d in districts if d.city_id == profile.city_id])
    if languages is not None:
        profile.languages.all().delete()
        for language, level in first_per_language(languages):
            row = VolunteerLanguage(profile=profile, language=language, level=level)
            row.full_clean()
            row.save()
    if availabilities is not None:
        profile.availabilities.all().delete()
        for weekday, start, end in availabilities:
            slot = Availability(profile=profile, weekday=weekday, start_time=start, end_time=end)
            slot.full_clean()
            slot.save()
    audit_record(action="volunteering.profile_saved", actor=acting_user, city=profile.city, target=profile)
    return profile


@transaction.atomic
def qualification_grant(
    *, profile: VolunteerProfile, qualification: QualificationType, acting_user: User, source: str
) -> VolunteerQualification:
    """Grants (or renews) a qualification; idempotent: a second grant only moves the expiry date forward."""
    now = timezone.now()
    expires_on = now.date() + dt.timedelta(days=qualification.validity_days) if qualification.validity_days else None
    row = qualification_lock(profile=profile, qualification=qualification)
    if row is None:
        row = VolunteerQualification(profile=profile, qualification=qualification)
    row.granted_at = now
    row.expires_on = expires_on
    row.source = source[:80]
    row.full_clean(validate_constraints=False)
    row.save()
    audit_record(
        action="volunteering.qualification_granted",
        actor=acting_user,
        city=profile.city,
        target=row,
        data={"qualification": qualification.code, "source": source},
    )
    return row


@transaction.atomic
def volunteer_qualification_grant(
    *, user: User, city: City, qualification: QualificationType, acting_user: User, source: str
) -> VolunteerQualification:
    """Grants a qualification earned elsewhere (a training's attendance) to a person, creating their volunteer
    profile in `city` when they have none yet."""
    profile = VolunteerProfile.objects.filter(user=user, city=city).first()
    if profile is None:
        profile = VolunteerProfile(user=user, city=city)
        profile.full_clean()
        profile.save()
        audit_record(
            action="volunteering.profile_created",
            actor=acting_user,
            city=city,
            target=profile,
            data={"source": source},
        )
    return qualification_grant(profile=profile, qualification=qualification, acting_user=acting_user, source=source)
