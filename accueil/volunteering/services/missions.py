"""Missions and their shifts: create, update, publish, pause, close, duplicate."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.core.timewindow import horizon_date, schedule_check
from accueil.organisations.models import Organisation

from ..locks import mission_lock, shift_lock
from ..models import (
    ACTIVE_SIGNUP_STATUSES,
    Mission,
    MissionCategory,
    MissionLanguage,
    MissionStatus,
    Shift,
    Signup,
)

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.languages.models import Language
    from accueil.territories.models import City, District

    from ..models import QualificationType, Skill
from ..policies import can_publish_missions
from .profiles import first_per_language
from .signups import _promote_waitlisted

MAX_SHIFTS_PER_SCHEDULE = 200
MAX_SHIFT_LENGTH = dt.timedelta(hours=24)


def _set_mission_languages(mission: Mission, languages: Sequence[tuple[Language, int]]) -> None:
    mission.languages.all().delete()
    for language, level in first_per_language(languages):
        row = MissionLanguage(mission=mission, language=language, min_level=level)
        row.full_clean()
        row.save()


def _check_mission_languages(category: str, languages: Sequence[tuple[Language, int]] | None) -> None:
    if category == MissionCategory.INTERPRETING and len({lang.pk for lang, _level in (languages or [])}) < 2:
        raise ValidationError({"languages": _("An interpreting mission needs at least two languages.")})


class MissionFields(TypedDict, total=False):
    """What an organisation says about a mission: the keyword arguments of `mission_create` and `mission_update`
    (an update changes only the ones it is given)."""

    title: str
    description: str
    category: str
    address: str
    district: District | None
    remote: bool
    works_with_minors: bool
    vulnerable_people: bool
    min_age: int
    required_qualification: QualificationType | None
    acceptance: str


@transaction.atomic
def mission_create(
    *,
    organisation: Organisation,
    acting_user: User | None,
    skills: Iterable[Skill] = (),
    languages: Sequence[tuple[Language, int]] = (),
    is_demo: bool = False,
    **fields: Unpack[MissionFields],
) -> Mission:
    """Creates a draft mission for the organisation."""
    mission = Mission(
        city=organisation.city,
        organisation=organisation,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        is_demo=is_demo,
    )
    for name, value in fields.items():
        setattr(mission, name, value)
    _validate_mission_refs(mission)
    _check_mission_languages(mission.category, languages)
    mission.full_clean()
    mission.save()
    mission.skills.set(list(skills))
    _set_mission_languages(mission, languages)
    audit_record(action="volunteering.mission_created", actor=acting_user, city=mission.city, target=mission)
    return mission


def _validate_mission_refs(mission: Mission) -> None:
    if mission.district is not None and mission.district.city_id != mission.city_id:
        raise ValidationError({"district": _("This district is not in the mission's city.")})
    if mission.required_qualification is not None and mission.required_qualification.city_id != mission.city_id:
        raise ValidationError({"required_qualification": _("Unknown training.")})


@transaction.atomic
def mission_update(
    *,
    mission: Mission,
    acting_user: User | None,
    skills: Iterable[Skill] | None = None,
    languages: Sequence[tuple[Language, int]] | None = None,
    **fields: Unpack[MissionFields],
) -> Mission:
    mission = mission_lock(mission.pk)
    if mission.status == MissionStatus.CLOSED:
        raise ValidationError(_("A closed mission cannot be changed."))
    for name, value in fields.items():
        setattr(mission, name, value)
    _validate_mission_refs(mission)
    if languages is not None:
        _check_mission_languages(mission.category, languages)
    elif mission.category == MissionCategory.INTERPRETING:
        _check_mission_languages(
            mission.category, [(ml.language, ml.min_level) for ml in mission.languages.select_related("language")]
        )
    mission.full_clean()
    mission.save()
    if skills is not None:
        mission.skills.set(list(skills))
    if languages is not None:
        _set_mission_languages(mission, languages)
    audit_record(
        action="volunteering.mission_updated",
        actor=acting_user,
        city=mission.city,
        target=mission,
        data={"fields": sorted(fields)},
    )
    return mission


ALLOWED_TRANSITIONS = {
    MissionStatus.DRAFT: {MissionStatus.PUBLISHED, MissionStatus.CLOSED},
    MissionStatus.PUBLISHED: {MissionStatus.PAUSED, MissionStatus.CLOSED},
    MissionStatus.PAUSED: {MissionStatus.PUBLISHED, MissionStatus.CLOSED},
    MissionStatus.CLOSED: set(),
}


@transaction.atomic
def mission_set_status(*, mission: Mission, acting_user: User | None, status: str) -> Mission:
    """draft → published ⇄ paused → closed. Only verified organisations publish."""
    mission = mission_lock(mission.pk, related=("organisation",))
    if status not in ALLOWED_TRANSITIONS.get(MissionStatus(mission.status), set()):
        raise ValidationError(
            _("A mission cannot go from “%(old)s” to “%(new)s”.")
            % {"old": mission.get_status_display(), "new": dict(MissionStatus.choices).get(status, status)}
        )
    if status == MissionStatus.PUBLISHED and not can_publish_missions(mission.organisation):
        raise ValidationError(_("Only verified organisations can publish missions."))
    old = mission.status
    mission.status = status
    mission.save(update_fields=["status", "updated_at"])
    audit_record(
        action="volunteering.mission_status_changed",
        actor=acting_user,
        city=mission.city,
        target=mission,
        data={"from": old, "to": status},
    )
    return mission


def _check_shift_window(*, starts_at: dt.datetime, ends_at: dt.datetime, new_start: bool) -> None:
    """A shift starts within the sensible window (`core.timewindow`) and lasts at most a day."""
    schedule_check(
        starts_at=starts_at,
        ends_at=ends_at,
        longest=MAX_SHIFT_LENGTH,
        too_long=_("A shift lasts at most %(hours)s hours.") % {"hours": 24},
        new_start=new_start,
    )


def _localise(city: City, value: dt.datetime) -> dt.datetime:
    tz = zoneinfo.ZoneInfo(getattr(city, "timezone", None) or "Europe/Paris")
    return value.astimezone(tz)


@transaction.atomic
def shifts_create(
    *,
    mission: Mission,
    acting_user: User | None,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    repeat_weekly_until: dt.date | None = None,
    is_demo: bool = False,
) -> list[Shift]:
    """One shift, or one per week (same local wall-clock time) from `starts_at` up to `repeat_weekly_until`."""
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValidationError(_("Times must include a time zone."))
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A shift must end after it starts.")})
    _check_shift_window(starts_at=starts_at, ends_at=ends_at, new_start=True)
    if repeat_weekly_until is not None and repeat_weekly_until > horizon_date():
        raise ValidationError({"repeat_until": _("The start cannot be more than two years ahead.")})
    if mission.status == MissionStatus.CLOSED:
        raise ValidationError(_("A closed mission cannot get new shifts."))
    local_start = _localise(mission.city, starts_at)
    local_end = _localise(mission.city, ends_at)
    tz = local_start.tzinfo
    duration_local = local_end.replace(tzinfo=None) - local_start.replace(tzinfo=None)
    first_day = local_start.date()
    last_day = repeat_weekly_until or first_day
    if last_day < first_day:
        raise ValidationError({"repeat_until": _("The end of the repetition is before the first shift.")})
    created: list[Shift] = []
    day = first_day
    while day <= last_day:
        if len(created) >= MAX_SHIFTS_PER_SCHEDULE:
            raise ValidationError(
                _("At most %(count)s shifts can be created at once.") % {"count": MAX_SHIFTS_PER_SCHEDULE}
            )
        naive_start = dt.datetime.combine(day, local_start.time().replace(tzinfo=None))
        start = naive_start.replace(tzinfo=tz)
        end = (naive_start + duration_local).replace(tzinfo=tz)
        shift = Shift(
            city=mission.city, mission=mission, starts_at=start, ends_at=end, capacity=capacity, is_demo=is_demo
        )
        shift.full_clean()
        shift.save()
        created.append(shift)
        day += dt.timedelta(days=7)
    audit_record(
        action="volunteering.shifts_created",
        actor=acting_user,
        city=mission.city,
        target=mission,
        data={"count": len(created), "capacity": capacity},
    )
    return created


@transaction.atomic
def shift_update(
    *,
    shift: Shift,
    acting_user: User,
    capacity: int | None = None,
    starts_at: dt.datetime | None = None,
    ends_at: dt.datetime | None = None,
) -> Shift:
    """Changes places or times. Fewer places than confirmed volunteers is refused; more places promote the waitlist."""
    shift = shift_lock(shift.pk)
    if capacity is not None:
        if capacity < shift.accepted_count:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(accepted)s volunteers are already confirmed: the shift cannot have fewer places. "
                        "Cancel or decline sign-ups first."
                    )
                    % {"accepted": shift.accepted_count}
                }
            )
        shift.capacity = capacity
    new_start = starts_at is not None and starts_at != shift.starts_at
    if starts_at is not None:
        shift.starts_at = starts_at
    if ends_at is not None:
        shift.ends_at = ends_at
    if new_start or ends_at is not None:
        _check_shift_window(starts_at=shift.starts_at, ends_at=shift.ends_at, new_start=new_start)
    shift.full_clean()
    try:
        with transaction.atomic():
            shift.save(update_fields=["capacity", "starts_at", "ends_at"])
            if starts_at is not None or ends_at is not None:
                Signup.objects.filter(shift=shift).update(starts_at=shift.starts_at, ends_at=shift.ends_at)
    except IntegrityError as exc:
        raise ValidationError(_("This change conflicts with volunteers' other shifts or confirmed places.")) from exc
    _promote_waitlisted(shift)
    audit_record(
        action="volunteering.shift_updated",
        actor=acting_user,
        city=shift.city,
        target=shift,
        data={"capacity": shift.capacity, "starts_at": shift.starts_at.isoformat()},
    )
    return shift


@transaction.atomic
def shift_delete(*, shift: Shift, acting_user: User) -> None:
    shift = shift_lock(shift.pk)
    if shift.signups.filter(status__in=ACTIVE_SIGNUP_STATUSES).exists():
        raise ValidationError(_("Volunteers are signed up for this shift: it cannot be deleted."))
    audit_record(action="volunteering.shift_deleted", actor=acting_user, city=shift.city, target=shift)
    shift.delete()


@transaction.atomic
def mission_duplicate(*, mission: Mission, acting_user: User) -> Mission:
    """A new draft with the same details, skills and languages, and the future shift pattern moved after the last one.

    Each future shift of the original is copied one week after the original's last shift's week span, so the
    same weekly pattern continues; past shifts are not copied.
    """
    source = Mission.objects.select_related("organisation", "city").get(pk=mission.pk)
    copy = mission_create(
        organisation=source.organisation,
        acting_user=acting_user,
        title=(_("%(title)s (copy)") % {"title": source.title})[:200],
        description=source.description,
        category=source.category,
        address=source.address,
        district=source.district,
        remote=source.remote,
        works_with_minors=source.works_with_minors,
        vulnerable_people=source.vulnerable_people,
        min_age=source.min_age,
        required_qualification=source.required_qualification,
        acceptance=source.acceptance,
        skills=list(source.skills.all()),
        languages=[(ml.language, ml.min_level) for ml in source.languages.select_related("language")],
    )
    now = timezone.now()
    future = list(source.shifts.filter(starts_at__gt=now).order_by("starts_at"))
    if future:
        span_weeks = ((future[-1].starts_at - future[0].starts_at).days // 7) + 1
        offset = dt.timedelta(weeks=span_weeks)
        for shift in future:
            new = Shift(
                city=copy.city,
                mission=copy,
                starts_at=shift.starts_at + offset,
                ends_at=shift.ends_at + offset,
                capacity=shift.capacity,
            )
            new.full_clean()
            new.save()
    audit_record(
        action="volunteering.mission_duplicated",
        actor=acting_user,
        city=copy.city,
        target=copy,
        data={"from": source.pk},
    )
    return copy
