"""Every write of the volunteering app.

Sign-up and capacity: the shift row is locked first (`select_for_update`), the place is taken with a conditional
`F()` update (`accepted_count < capacity`), and the sign-up row is inserted in a savepoint so that the database's
own constraints (one active sign-up per shift and volunteer; no overlapping booked sign-ups on PostgreSQL) turn a
lost race into a clear refusal and roll the place back. Locking order is always: shift, then sign-ups.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import zoneinfo
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.organisations.models import Organisation

from .eligibility import eligibility_problems
from .models import (
    ACTIVE_SIGNUP_STATUSES,
    BOOKED_SIGNUP_STATUSES,
    Acceptance,
    Availability,
    CalendarToken,
    Mission,
    MissionCategory,
    MissionLanguage,
    MissionStatus,
    Notification,
    NotificationChannel,
    NotificationKind,
    ProposalStatus,
    QualificationType,
    Shift,
    ShiftProposal,
    Signup,
    SignupSource,
    SignupStatus,
    VolunteerLanguage,
    VolunteerProfile,
    VolunteerQualification,
)
from .policies import can_publish_missions

MAX_SHIFTS_PER_SCHEDULE = 200


class SignupRefused(Exception):
    """A sign-up or sign-up change the volunteer or organisation can act on; `status` is the HTTP status to use."""

    def __init__(self, code: str, message: str, status: int = 409, details: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.details = details


# --- Notifications (outbox) ----------------------------------------------------------------------------------------


def notification_enqueue(
    *,
    city: Any,
    user: Any,
    kind: str,
    dedupe_key: str,
    payload: dict[str, Any] | None = None,
    scheduled_for: dt.datetime | None = None,
    channel: str = NotificationChannel.EMAIL,
) -> None:
    """Adds a message to the outbox unless one with the same dedupe_key exists (idempotent, no error)."""
    Notification.objects.bulk_create(
        [
            Notification(
                city=city,
                user=user,
                kind=kind,
                channel=channel,
                dedupe_key=dedupe_key[:200],
                scheduled_for=scheduled_for or timezone.now(),
                payload=payload or {},
            )
        ],
        ignore_conflicts=True,
    )


def _signup_payload(signup: Signup) -> dict[str, Any]:
    shift = signup.shift
    return {
        "signup_id": signup.pk,
        "shift_id": shift.pk,
        "mission_id": shift.mission_id,
        "mission_title": shift.mission.title,
        "organisation": shift.mission.organisation.name,
        "starts_at": shift.starts_at.isoformat(),
        "ends_at": shift.ends_at.isoformat(),
        "address": shift.mission.address,
    }


def _notify_signup(signup: Signup, kind: str) -> None:
    notification_enqueue(
        city=signup.city,
        user=signup.volunteer,
        kind=kind,
        dedupe_key=f"{kind}:{signup.pk}:{signup.status}:{int(timezone.now().timestamp())}"
        if kind == NotificationKind.DECISION
        else f"{kind}:{signup.pk}",
        payload={**_signup_payload(signup), "status": signup.status},
    )


# --- Volunteer profile ---------------------------------------------------------------------------------------------


@transaction.atomic
def volunteer_profile_save(
    *,
    user: Any,
    city: Any,
    acting_user: Any,
    fields: dict[str, Any],
    skills: Iterable[Any] | None = None,
    districts: Iterable[Any] | None = None,
    languages: Sequence[tuple[Any, int]] | None = None,
    availabilities: Sequence[tuple[int, dt.time, dt.time]] | None = None,
) -> VolunteerProfile:
    """Creates or updates the volunteer's profile; lists given replace the previous ones."""
    if acting_user.pk != user.pk:
        raise ValidationError(_("You can only edit your own profile."))
    profile = VolunteerProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        profile = VolunteerProfile(user=user, city=city)
    allowed = {
        "birth_year",
        "hours_per_month",
        "remote_ok",
        "civic_service",
        "solidarity_reserve",
        "safeguarding_expires_on",
        "bio_for_organisations",
    }
    for name, value in fields.items():
        if name in allowed:
            setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    if skills is not None:
        profile.skills.set(skills)
    if districts is not None:
        profile.districts.set([d for d in districts if d.city_id == profile.city_id])
    if languages is not None:
        profile.languages.all().delete()
        seen: set[str] = set()
        for language, level in languages:
            if language.pk in seen:
                continue
            seen.add(language.pk)
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
    *, profile: VolunteerProfile, qualification: QualificationType, acting_user: Any, source: str
) -> VolunteerQualification:
    """Grants (or renews) a qualification; idempotent: a second grant only moves the expiry date forward."""
    now = timezone.now()
    expires_on = now.date() + dt.timedelta(days=qualification.validity_days) if qualification.validity_days else None
    held = VolunteerQualification.objects.select_for_update().filter(profile=profile, qualification=qualification)
    row = held.first()
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


# --- Missions and shifts -------------------------------------------------------------------------------------------


def _set_mission_languages(mission: Mission, languages: Sequence[tuple[Any, int]]) -> None:
    mission.languages.all().delete()
    seen: set[str] = set()
    for language, level in languages:
        if language.pk in seen:
            continue
        seen.add(language.pk)
        row = MissionLanguage(mission=mission, language=language, min_level=level)
        row.full_clean()
        row.save()


def _check_mission_languages(category: str, languages: Sequence[tuple[Any, int]] | None) -> None:
    if category == MissionCategory.INTERPRETING and len({lang.pk for lang, _level in (languages or [])}) < 2:
        raise ValidationError({"languages": _("An interpreting mission needs at least two languages.")})


MISSION_FIELDS = (
    "title",
    "description",
    "category",
    "address",
    "district",
    "remote",
    "works_with_minors",
    "vulnerable_people",
    "min_age",
    "required_qualification",
    "acceptance",
)


@transaction.atomic
def mission_create(
    *,
    organisation: Organisation,
    acting_user: Any,
    fields: dict[str, Any],
    skills: Iterable[Any] = (),
    languages: Sequence[tuple[Any, int]] = (),
    is_demo: bool = False,
) -> Mission:
    """Creates a draft mission for the organisation."""
    mission = Mission(
        city=organisation.city,
        organisation=organisation,
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        is_demo=is_demo,
    )
    for name in MISSION_FIELDS:
        if name in fields:
            setattr(mission, name, fields[name])
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
    acting_user: Any,
    fields: dict[str, Any],
    skills: Iterable[Any] | None = None,
    languages: Sequence[tuple[Any, int]] | None = None,
) -> Mission:
    mission = Mission.objects.select_for_update().get(pk=mission.pk)
    if mission.status == MissionStatus.CLOSED:
        raise ValidationError(_("A closed mission cannot be changed."))
    for name in MISSION_FIELDS:
        if name in fields:
            setattr(mission, name, fields[name])
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
        data={"fields": sorted(k for k in fields if k in MISSION_FIELDS)},
    )
    return mission


ALLOWED_TRANSITIONS = {
    MissionStatus.DRAFT: {MissionStatus.PUBLISHED, MissionStatus.CLOSED},
    MissionStatus.PUBLISHED: {MissionStatus.PAUSED, MissionStatus.CLOSED},
    MissionStatus.PAUSED: {MissionStatus.PUBLISHED, MissionStatus.CLOSED},
    MissionStatus.CLOSED: set(),
}


@transaction.atomic
def mission_set_status(*, mission: Mission, acting_user: Any, status: str) -> Mission:
    """draft → published ⇄ paused → closed. Only verified organisations publish."""
    mission = Mission.objects.select_for_update().select_related("organisation").get(pk=mission.pk)
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


def _localise(city: Any, value: dt.datetime) -> dt.datetime:
    tz = zoneinfo.ZoneInfo(getattr(city, "timezone", None) or "Europe/Paris")
    return value.astimezone(tz)


@transaction.atomic
def shifts_create(
    *,
    mission: Mission,
    acting_user: Any,
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


class _LockedShiftAnnotations(TypedDict):
    mission_has_languages: bool


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    LockedShift = WithAnnotations[Shift, _LockedShiftAnnotations]


def _lock_shift(shift_id: int) -> LockedShift:
    return (
        Shift.objects.select_for_update(of=("self",))
        .select_related("city", "mission", "mission__organisation", "mission__required_qualification")
        .annotate(mission_has_languages=Exists(MissionLanguage.objects.filter(mission_id=OuterRef("mission_id"))))
        .get(pk=shift_id)
    )


@transaction.atomic
def shift_update(
    *,
    shift: Shift,
    acting_user: Any,
    capacity: int | None = None,
    starts_at: dt.datetime | None = None,
    ends_at: dt.datetime | None = None,
) -> Shift:
    """Changes places or times. Fewer places than confirmed volunteers is refused; more places promote the waitlist."""
    shift = _lock_shift(shift.pk)
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
    if starts_at is not None:
        shift.starts_at = starts_at
    if ends_at is not None:
        shift.ends_at = ends_at
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
def shift_delete(*, shift: Shift, acting_user: Any) -> None:
    shift = _lock_shift(shift.pk)
    if shift.signups.filter(status__in=ACTIVE_SIGNUP_STATUSES).exists():
        raise ValidationError(_("Volunteers are signed up for this shift: it cannot be deleted."))
    audit_record(action="volunteering.shift_deleted", actor=acting_user, city=shift.city, target=shift)
    shift.delete()


@transaction.atomic
def mission_duplicate(*, mission: Mission, acting_user: Any) -> Mission:
    """A new draft with the same details, skills and languages, and the future shift pattern moved after the last one.

    Each future shift of the original is copied one week after the original's last shift's week span, so the
    same weekly pattern continues; past shifts are not copied.
    """
    source = Mission.objects.select_related("organisation", "city").get(pk=mission.pk)
    copy = mission_create(
        organisation=source.organisation,
        acting_user=acting_user,
        fields={name: getattr(source, name) for name in MISSION_FIELDS}
        | {"title": (_("%(title)s (copy)") % {"title": source.title})[:200]},
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


# --- Sign-ups ------------------------------------------------------------------------------------------------------


def _constraint_name(exc: IntegrityError) -> str:
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    name = getattr(diag, "constraint_name", None) if diag is not None else None
    return name or str(exc)


def _refusal_for_integrity(exc: IntegrityError) -> SignupRefused:
    name = _constraint_name(exc)
    if "signup_no_overlap" in name:
        return SignupRefused("overlap", _("You already have a shift at that time."))
    if "signup_one_active_per_shift" in name or "UNIQUE" in name:
        return SignupRefused("already_signed_up", _("You are already signed up for this shift."))
    if "shift_accepted_within_capacity" in name:
        return SignupRefused("shift_full", _("This shift is full."))
    return SignupRefused("conflict", _("Your sign-up could not be recorded; please try again."))


def _has_overlap(*, volunteer: Any, starts_at: dt.datetime, ends_at: dt.datetime, exclude_shift: int) -> bool:
    return (
        Signup.objects.filter(
            volunteer=volunteer,
            status__in=BOOKED_SIGNUP_STATUSES,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        )
        .exclude(shift_id=exclude_shift)
        .exists()
    )


def _signup_conflicts(*, volunteer: Any, shift: Shift) -> tuple[Exists, Exists]:
    """(already signed up for this shift, holds a booked sign-up on another shift at the same time) as
    expressions: the same questions as the one-active-sign-up constraint and `_has_overlap`."""
    mine = Signup.objects.filter(volunteer=volunteer)
    same = mine.filter(shift_id=shift.pk, status__in=ACTIVE_SIGNUP_STATUSES)
    other = mine.filter(
        status__in=BOOKED_SIGNUP_STATUSES, starts_at__lt=shift.ends_at, ends_at__gt=shift.starts_at
    ).exclude(shift_id=shift.pk)
    return Exists(same), Exists(other)


def _take_place(shift: Shift) -> bool:
    """Takes one confirmed place if one is free (conditional update: never above capacity)."""
    taken = Shift.objects.filter(pk=shift.pk, accepted_count__lt=F("capacity")).update(
        accepted_count=F("accepted_count") + 1
    )
    if taken:
        shift.accepted_count += 1
    return bool(taken)


def _release_place(shift: Shift) -> None:
    Shift.objects.filter(pk=shift.pk, accepted_count__gt=0).update(accepted_count=F("accepted_count") - 1)
    shift.accepted_count = max(shift.accepted_count - 1, 0)


def _pending_count(shift: Shift) -> int:
    return Signup.objects.filter(shift=shift, status=SignupStatus.PENDING).count()


@transaction.atomic
def shift_sign_up(
    *, shift: Shift, volunteer: Any, acting_user: Any, source: str = SignupSource.SELF, request: Any = None
) -> Signup:
    """Signs the volunteer up: accepted (automatic acceptance), pending (the organisation decides) or waitlisted
    when the shift is full. Raises SignupRefused with a code: mission_not_open, shift_started, not_eligible,
    already_signed_up, overlap."""
    if acting_user.pk != volunteer.pk and source == SignupSource.SELF:
        raise SignupRefused("forbidden", _("You can only sign yourself up."), status=403)
    shift = _lock_shift(shift.pk)
    mission = shift.mission
    if mission.status != MissionStatus.PUBLISHED:
        raise SignupRefused("mission_not_open", _("This mission is not open for sign-up."))
    now = timezone.now()
    if shift.starts_at <= now:
        raise SignupRefused("shift_started", _("This shift has already started."))
    # One query: the profile and the volunteer's sign-ups that refuse this one. Languages and qualifications are
    # read by eligibility_problems only when the mission asks for them.
    same, other = _signup_conflicts(volunteer=volunteer, shift=shift)
    profile = VolunteerProfile.objects.filter(user=volunteer).annotate(already_signed_up=same, overlap=other).first()
    if profile is None:
        already_signed_up, overlap = (
            Shift.objects.filter(pk=shift.pk).annotate(same=same, other=other).values_list("same", "other").get()
        )
    else:
        already_signed_up, overlap = profile.already_signed_up, profile.overlap
    if already_signed_up:
        raise SignupRefused("already_signed_up", _("You are already signed up for this shift."))
    if not shift.mission_has_languages:  # eligibility_problems reads mission.languages: known to be empty
        # Django's prefetch cache is not declared on models in django-stubs.
        mission._prefetched_objects_cache = {"languages": MissionLanguage.objects.none()}  # type: ignore[attr-defined]
    problems = eligibility_problems(profile=profile, shift=shift)
    if problems:
        raise SignupRefused(
            "not_eligible",
            " ".join(p.message for p in problems),
            status=422,
            details={"reasons": [p.code for p in problems]},
        )
    if overlap:
        raise SignupRefused("overlap", _("You already have a shift at that time."))
    # No savepoint around the place and the insert: a constraint violation is turned into SignupRefused, which
    # leaves this function's own atomic block and so rolls the place back with everything else.
    try:
        if mission.acceptance == Acceptance.AUTO:
            # The shift row is locked: a full shift is known to be full without asking again.
            full = shift.accepted_count >= shift.capacity
            status = SignupStatus.WAITLISTED if full or not _take_place(shift) else SignupStatus.ACCEPTED
        elif shift.accepted_count + _pending_count(shift) < shift.capacity:
            status = SignupStatus.PENDING
        else:
            status = SignupStatus.WAITLISTED
        signup = Signup(
            city=shift.city,
            shift=shift,
            volunteer=volunteer,
            status=status,
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
            source=source,
            decided_at=now if status == SignupStatus.ACCEPTED else None,
        )
        signup.save()
    except IntegrityError as exc:
        raise _refusal_for_integrity(exc) from exc
    kind = {
        SignupStatus.ACCEPTED: NotificationKind.CONFIRMATION,
        SignupStatus.PENDING: NotificationKind.PENDING,
        SignupStatus.WAITLISTED: NotificationKind.WAITLISTED,
    }[SignupStatus(status)]
    _notify_signup(signup, kind)
    audit_record(
        action="volunteering.signup_created",
        actor=acting_user,
        city=shift.city,
        target=signup,
        data={"status": status, "source": source},
        request=request,
    )
    return signup


def _promote_waitlisted(shift: Shift) -> list[Signup]:
    """Fills free places from the waiting list, first come first served; the caller holds the shift lock.

    A waitlisted volunteer who has meanwhile booked an overlapping shift is skipped (left on the list)."""
    promoted: list[Signup] = []
    manual = shift.mission.acceptance == Acceptance.MANUAL
    skipped: list[int] = []
    while True:
        free = shift.capacity - shift.accepted_count - (_pending_count(shift) if manual else 0)
        if free <= 0:
            break
        candidate = (
            Signup.objects.select_for_update()
            .filter(shift=shift, status=SignupStatus.WAITLISTED)
            .exclude(pk__in=skipped)
            .select_related("volunteer")
            .order_by("created_at", "pk")
            .first()
        )
        if candidate is None:
            break
        if _has_overlap(
            volunteer=candidate.volunteer,
            starts_at=candidate.starts_at,
            ends_at=candidate.ends_at,
            exclude_shift=shift.pk,
        ):
            skipped.append(candidate.pk)
            continue
        try:
            with transaction.atomic():
                if manual:
                    candidate.status = SignupStatus.PENDING
                else:
                    if not _take_place(shift):
                        break
                    candidate.status = SignupStatus.ACCEPTED
                    candidate.decided_at = timezone.now()
                candidate.save(update_fields=["status", "decided_at"])
        except IntegrityError:
            shift.refresh_from_db(fields=["accepted_count", "capacity"])
            skipped.append(candidate.pk)
            continue
        candidate.shift = shift
        _notify_signup(candidate, NotificationKind.PROMOTION)
        audit_record(
            action="volunteering.signup_promoted",
            actor=None,
            city=shift.city,
            target=candidate,
            data={"status": candidate.status},
        )
        promoted.append(candidate)
    return promoted


@transaction.atomic
def signup_cancel(*, signup: Signup, acting_user: Any, request: Any = None) -> Signup:
    """The volunteer withdraws; a freed confirmed place goes to the first on the waiting list, in this transaction."""
    shift = _lock_shift(signup.shift_id)
    signup = Signup.objects.select_for_update().get(pk=signup.pk)
    if signup.status not in ACTIVE_SIGNUP_STATUSES:
        raise SignupRefused("not_active", _("This sign-up is no longer active."))
    if signup.starts_at <= timezone.now():
        raise SignupRefused("shift_started", _("This shift has already started."))
    was_accepted = signup.status == SignupStatus.ACCEPTED
    old = signup.status
    signup.status = SignupStatus.CANCELLED
    signup.decided_at = timezone.now()
    signup.save(update_fields=["status", "decided_at"])
    if was_accepted:
        _release_place(shift)
    if old in BOOKED_SIGNUP_STATUSES:
        _promote_waitlisted(shift)
    audit_record(
        action="volunteering.signup_cancelled",
        actor=acting_user,
        city=shift.city,
        target=signup,
        data={"from": old},
        request=request,
    )
    signup.shift = shift
    return signup


@transaction.atomic
def signup_decide(*, signup: Signup, acting_user: Any, accept: bool) -> Signup:
    """The organisation accepts or declines a pending (or waitlisted) sign-up."""
    shift = _lock_shift(signup.shift_id)
    signup = Signup.objects.select_for_update().select_related("volunteer").get(pk=signup.pk)
    if signup.status not in (SignupStatus.PENDING, SignupStatus.WAITLISTED):
        raise SignupRefused("not_pending", _("Only sign-ups awaiting an answer can be accepted or declined."))
    old = signup.status
    if accept:
        try:
            with transaction.atomic():
                if not _take_place(shift):
                    raise SignupRefused("shift_full", _("This shift is full: add places or decline someone first."))
                signup.status = SignupStatus.ACCEPTED
                signup.decided_at = timezone.now()
                signup.save(update_fields=["status", "decided_at"])
        except IntegrityError as exc:
            raise _refusal_for_integrity(exc) from exc
    else:
        signup.status = SignupStatus.DECLINED
        signup.decided_at = timezone.now()
        signup.save(update_fields=["status", "decided_at"])
        if old == SignupStatus.PENDING:
            _promote_waitlisted(shift)
    signup.shift = shift
    _notify_signup(signup, NotificationKind.DECISION)
    audit_record(
        action="volunteering.signup_decided",
        actor=acting_user,
        city=shift.city,
        target=signup,
        data={"from": old, "to": signup.status},
    )
    return signup


@transaction.atomic
def signup_record_attendance(
    *, signup: Signup, acting_user: Any, attended: bool, hours: Decimal | None = None, approve: bool = True
) -> Signup:
    """Marks whether the volunteer came and the hours given (defaults to the shift's length when attended)."""
    signup = Signup.objects.select_for_update().select_related("shift").get(pk=signup.pk)
    if signup.status != SignupStatus.ACCEPTED:
        raise ValidationError(_("Attendance can only be recorded for confirmed volunteers."))
    if signup.shift.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the shift has started."))
    signup.attended = attended
    if attended:
        if hours is None:
            hours = Decimal(str(round(signup.shift.duration_hours, 2)))
        signup.hours = hours
        signup.hours_approved = approve
    else:
        signup.hours = Decimal("0")
        signup.hours_approved = False
    signup.full_clean(validate_constraints=False)
    signup.save(update_fields=["attended", "hours", "hours_approved"])
    audit_record(
        action="volunteering.attendance_recorded",
        actor=acting_user,
        city=signup.city,
        target=signup,
        data={"attended": attended, "hours": str(signup.hours)},
    )
    return signup


@transaction.atomic
def shift_message_volunteers(*, shift: Shift, acting_user: Any, subject: str, body: str) -> int:
    """Emails every confirmed and pending volunteer of the shift through the outbox; returns how many."""
    subject = subject.strip()[:150]
    body = body.strip()[:5000]
    if not subject or not body:
        raise ValidationError(_("Write a subject and a message."))
    shift = Shift.objects.select_related("mission", "mission__organisation").get(pk=shift.pk)
    signups = list(shift.signups.filter(status__in=BOOKED_SIGNUP_STATUSES).select_related("volunteer").order_by("pk"))
    stamp = secrets.token_hex(6)
    for signup in signups:
        signup.shift = shift
        notification_enqueue(
            city=shift.city,
            user=signup.volunteer,
            kind=NotificationKind.MESSAGE,
            dedupe_key=f"message:{shift.pk}:{stamp}:{signup.volunteer_id}",
            payload={**_signup_payload(signup), "subject": subject, "body": body},
        )
    audit_record(
        action="volunteering.shift_messaged",
        actor=acting_user,
        city=shift.city,
        target=shift,
        data={"recipients": len(signups)},
    )
    return len(signups)


# --- Proposals (made by coordination; answered by the volunteer) -------------------------------------------------


@transaction.atomic
def proposal_respond(*, proposal: ShiftProposal, acting_user: Any, accept: bool) -> ShiftProposal:
    proposal = ShiftProposal.objects.select_for_update().select_related("shift").get(pk=proposal.pk)
    if proposal.volunteer_id != acting_user.pk:
        raise SignupRefused("forbidden", _("This proposal is not yours."), status=403)
    if proposal.status != ProposalStatus.PROPOSED:
        raise SignupRefused("not_open", _("This proposal has already been answered."))
    if accept:
        signup = shift_sign_up(
            shift=proposal.shift, volunteer=acting_user, acting_user=acting_user, source=SignupSource.PROPOSAL
        )
        proposal.signup = signup
        proposal.status = ProposalStatus.ACCEPTED
    else:
        proposal.status = ProposalStatus.DECLINED
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "signup", "decided_at"])
    audit_record(
        action="volunteering.proposal_answered",
        actor=acting_user,
        city=proposal.city,
        target=proposal,
        data={"status": proposal.status},
    )
    return proposal


# --- Reminders and calendar ----------------------------------------------------------------------------------------

REMINDER_OFFSETS = {"24h": dt.timedelta(hours=24), "2h": dt.timedelta(hours=2)}


def reminders_schedule(*, now: dt.datetime | None = None) -> int:
    """Creates the reminder rows now due (24 h and 2 h before each confirmed shift); idempotent.

    Returns how many reminder keys were considered (existing rows are left untouched)."""
    now = now or timezone.now()
    horizon = now + max(REMINDER_OFFSETS.values())
    considered = 0
    signups = (
        Signup.objects.filter(status=SignupStatus.ACCEPTED, starts_at__gt=now, starts_at__lte=horizon)
        .select_related("shift", "shift__mission", "shift__mission__organisation", "volunteer", "city")
        .order_by("pk")
    )
    for signup in signups.iterator(chunk_size=500):
        for label, offset in REMINDER_OFFSETS.items():
            if signup.starts_at - offset > now:
                continue
            considered += 1
            payload = {**_signup_payload(signup), "when": label}
            notification_enqueue(
                city=signup.city,
                user=signup.volunteer,
                kind=NotificationKind.REMINDER,
                dedupe_key=f"reminder:{signup.pk}:{label}",
                payload=payload,
                scheduled_for=now,
            )
            if label == "2h" and signup.volunteer.phone:
                notification_enqueue(
                    city=signup.city,
                    user=signup.volunteer,
                    kind=NotificationKind.REMINDER,
                    channel=NotificationChannel.SMS,
                    dedupe_key=f"reminder:{signup.pk}:{label}:sms",
                    payload=payload,
                    scheduled_for=now,
                )
    return considered


def calendar_token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def calendar_token_rotate(*, user: Any, acting_user: Any) -> str:
    """Creates or replaces the secret of the calendar feed; returns the raw token (shown once, in the URL)."""
    if acting_user.pk != user.pk:
        raise ValidationError(_("You can only manage your own calendar."))
    raw = secrets.token_urlsafe(24)
    CalendarToken.objects.update_or_create(user=user, defaults={"token_hash": calendar_token_hash(raw)})
    audit_record(action="volunteering.calendar_token_rotated", actor=acting_user, target=None)
    return raw
