"""Every row lock of volunteering, in one place. Every path takes them in this order, never the other way round:

1. the volunteer's profile (`profile_lock`), then their qualifications (`qualification_lock`);
2. a coordination proposal (`proposal_lock`), since answering it signs the volunteer up;
3. the mission (`mission_lock`);
4. the shift (`shift_lock`): every change of a shift's places starts here; a new sign-up takes it shared
   (`shift_signup_lock`, FOR KEY SHARE), since it can only take a place, never give one back;
5. the shift's sign-ups (`signup_lock`, `waitlist_head_lock`), only while holding the shift.

A city-wide job ("fill the gaps") takes no row of the city: it holds `core.locks.exclusive(f"gaps_fill:{pk}")`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Exists, OuterRef, QuerySet

from accueil.core.locks import key_share_rows

from .models import (
    Mission,
    MissionLanguage,
    QualificationType,
    Shift,
    ShiftProposal,
    Signup,
    SignupStatus,
    VolunteerProfile,
    VolunteerQualification,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from accueil.accounts.models import User
    from accueil.territories.models import City

    class _LockedShiftAnnotations(TypedDict):
        mission_has_languages: bool

    LockedShift = WithAnnotations[Shift, _LockedShiftAnnotations]


def profile_lock(*, user: User, city: City) -> VolunteerProfile | None:
    """The volunteer's profile in `city` (a person has one per city they volunteer in)."""
    return VolunteerProfile.objects.select_for_update().filter(user=user, city=city).first()


def qualification_lock(*, profile: VolunteerProfile, qualification: QualificationType) -> VolunteerQualification | None:
    return (
        VolunteerQualification.objects.select_for_update().filter(profile=profile, qualification=qualification).first()
    )


def proposal_lock(proposal_id: int) -> ShiftProposal:
    return ShiftProposal.objects.select_for_update().select_related("shift").get(pk=proposal_id)


def mission_lock(mission_id: int, *, related: tuple[str, ...] = ()) -> Mission:
    """The mission; rows joined through `related` (its organisation, to publish) are locked with it."""
    return Mission.objects.select_for_update().select_related(*related).get(pk=mission_id)


def _locked_shift_query(shift_id: int, city_id: int | None) -> QuerySet[Shift]:
    query = (
        Shift.objects.select_for_update(of=("self",))
        .select_related("city", "mission", "mission__organisation", "mission__required_qualification")
        .annotate(mission_has_languages=Exists(MissionLanguage.objects.filter(mission_id=OuterRef("mission_id"))))
        .filter(pk=shift_id)
    )
    return query.filter(city_id=city_id) if city_id is not None else query


def shift_lock(shift_id: int) -> LockedShift:
    """The shift row (only it, not its joined rows), with what a sign-up needs to know about its mission."""
    return cast("LockedShift", _locked_shift_query(shift_id, None).get())


def shift_signup_lock(shift_id: int, *, city_id: int | None = None) -> LockedShift | None:
    """The shift for a new sign-up (None when it is not one of `city_id`'s), under a key-share lock on PostgreSQL.

    New sign-ups of one shift hold it together: one that takes a place does so with a conditional update
    (`accepted_count < capacity`), one that joins the waiting list writes only its own row. Every change that gives
    places back or moves the waiting list (`shift_lock`, FOR UPDATE) waits for them, and they for it, so no new
    sign-up is written to the waiting list while a place is being freed."""
    with key_share_rows():
        return cast("LockedShift | None", _locked_shift_query(shift_id, city_id).first())


def signup_lock(signup_id: int, *, related: tuple[str, ...] = ()) -> Signup:
    """A sign-up, after its shift (`shift_lock`); rows joined through `related` are locked with it."""
    return Signup.objects.select_for_update().select_related(*related).get(pk=signup_id)


def waitlist_head_lock(*, shift: Shift, skipped: list[int]) -> Signup | None:
    """The first waitlisted sign-up of a locked shift not yet skipped, first come first served."""
    return (
        Signup.objects.select_for_update()
        .filter(shift=shift, status=SignupStatus.WAITLISTED)
        .exclude(pk__in=skipped)
        .select_related("volunteer")
        .order_by("created_at", "pk")
        .first()
    )
