"""Sign-ups, waiting lists, decisions, attendance and messages to a shift's volunteers.

Sign-up and capacity: a new sign-up reads its shift under a shared key-share lock (`shift_signup_lock`), then one
statement takes a place with a conditional update (`accepted_count < capacity`) and inserts the sign-up, accepted or
waitlisted; a shift already seen full costs only the insert. The database's own constraints (one active sign-up per
shift and volunteer; no overlapping booked sign-ups on PostgreSQL) turn a lost race into a clear refusal that rolls
the place back. Whatever gives places back (cancel, decline, fewer places) locks the shift `FOR UPDATE` and so waits
for the sign-ups in flight. Locking order is always: shift, then sign-ups (the
order of every volunteering lock is written at the top of `volunteering/locks.py`). Refusals carry a code of
`volunteering.errors.SignupError`.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.accounts.models import Role
from accueil.accounts.services import role_grant
from accueil.audit.services import audit_record

from ..eligibility import eligibility_problems
from ..errors import SignupError, SignupRefused
from ..locks import shift_lock, shift_signup_lock, signup_lock, waitlist_head_lock
from ..models import (
    ACTIVE_SIGNUP_STATUSES,
    BOOKED_SIGNUP_STATUSES,
    Acceptance,
    MissionLanguage,
    MissionStatus,
    NotificationKind,
    Shift,
    Signup,
    SignupSource,
    SignupStatus,
    VolunteerProfile,
)
from .notifications import _notify_signup, _signup_payload, notification_enqueue

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accueil.accounts.models import User


def _constraint_name(exc: IntegrityError) -> str:
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    name = getattr(diag, "constraint_name", None) if diag is not None else None
    return name or str(exc)


def _refusal_for_integrity(exc: IntegrityError) -> SignupRefused:
    name = _constraint_name(exc)
    if "signup_no_overlap" in name:
        return SignupRefused(SignupError.OVERLAP, _("You already have a shift at that time."))
    if "signup_one_active_per_shift" in name or "UNIQUE" in name:
        return SignupRefused(SignupError.ALREADY_SIGNED_UP, _("You are already signed up for this shift."))
    if "shift_accepted_within_capacity" in name:
        return SignupRefused(SignupError.SHIFT_FULL, _("This shift is full."))
    return SignupRefused(SignupError.CONFLICT, _("Your sign-up could not be recorded; please try again."))


def _has_overlap(*, volunteer: User, starts_at: dt.datetime, ends_at: dt.datetime, exclude_shift: int) -> bool:
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


def _signup_conflicts(*, volunteer: User, shift: Shift) -> tuple[Exists, Exists]:
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


# One statement takes a place and writes the sign-up, or writes it to the waiting list: the conditional update of the
# shift's counter (never above capacity, as the check constraint says) feeds the insert, which returns the status it
# wrote and, for the waiting list, how many were already waiting when it was written.
_TAKE_PLACE_AND_INSERT = """
WITH taken AS (
    UPDATE volunteering_shift SET accepted_count = accepted_count + 1
    WHERE id = %(shift)s AND accepted_count < capacity
    RETURNING id
)
INSERT INTO volunteering_signup
    (city_id, shift_id, volunteer_id, status, starts_at, ends_at, created_at, decided_at, attended, hours,
     hours_approved, source, is_demo)
SELECT %(city)s, %(shift)s, %(volunteer)s, CASE WHEN t.id IS NULL THEN 'waitlisted' ELSE 'accepted' END,
    %(starts_at)s, %(ends_at)s, %(now)s, CASE WHEN t.id IS NULL THEN NULL ELSE %(now)s::timestamptz END, NULL, NULL,
    false, %(source)s, false
FROM (SELECT 1) AS one LEFT JOIN taken AS t ON true
RETURNING id, status, (
    SELECT count(*) FROM volunteering_signup AS w WHERE w.shift_id = %(shift)s AND w.status = 'waitlisted'
)
"""

_WAITLIST_INSERT = """
INSERT INTO volunteering_signup
    (city_id, shift_id, volunteer_id, status, starts_at, ends_at, created_at, decided_at, attended, hours,
     hours_approved, source, is_demo)
VALUES (%(city)s, %(shift)s, %(volunteer)s, 'waitlisted', %(starts_at)s, %(ends_at)s, %(now)s, NULL, NULL, NULL,
    false, %(source)s, false)
RETURNING id, status, (
    SELECT count(*) FROM volunteering_signup AS w WHERE w.shift_id = %(shift)s AND w.status = 'waitlisted'
)
"""


def _write_signup(*, shift: Shift, volunteer: User, source: str, now: dt.datetime, status: str | None) -> Signup:
    """Writes the sign-up in `status`, or (None: automatic acceptance) takes a free place if there is one and
    otherwise writes it to the waiting list. Sets `waitlist_position` (1 for the first waiting) on a waitlisted one.

    On PostgreSQL that is one statement; elsewhere the conditional update, then the insert and a count."""
    signup = Signup(
        city=shift.city,
        shift=shift,
        volunteer=volunteer,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        source=source,
        created_at=now,
    )
    if connection.vendor == "postgresql" and status in (None, SignupStatus.WAITLISTED):
        # Under the shift's key-share lock nobody gives a place back: a shift seen full stays full.
        full = status == SignupStatus.WAITLISTED or shift.accepted_count >= shift.capacity
        params: dict[str, Any] = {
            "city": shift.city_id,
            "shift": shift.pk,
            "volunteer": volunteer.pk,
            "starts_at": shift.starts_at,
            "ends_at": shift.ends_at,
            "now": now,
            "source": source,
        }
        with connection.cursor() as cursor:
            cursor.execute(_WAITLIST_INSERT if full else _TAKE_PLACE_AND_INSERT, params)
            pk, written, waiting = cursor.fetchone()
        signup.pk, signup.status = pk, written
        signup._state.adding = False
        if written == SignupStatus.ACCEPTED:
            signup.decided_at = now
            shift.accepted_count += 1
        else:
            signup.waitlist_position = int(waiting) + 1  # type: ignore[attr-defined]
        return signup
    if status is None:  # the shift row is locked here (one writer at a time): a full shift is known to be full
        full = shift.accepted_count >= shift.capacity
        status = SignupStatus.WAITLISTED if full or not _take_place(shift) else SignupStatus.ACCEPTED
    signup.status = status
    signup.decided_at = now if status == SignupStatus.ACCEPTED else None
    signup.save()
    if status == SignupStatus.WAITLISTED:
        signup.waitlist_position = (  # type: ignore[attr-defined]
            Signup.objects.filter(shift=shift, status=SignupStatus.WAITLISTED, pk__lt=signup.pk).count() + 1
        )
    return signup


def shift_sign_up(
    *,
    shift: Shift,
    volunteer: User,
    acting_user: User,
    source: str = SignupSource.SELF,
    request: HttpRequest | None = None,
) -> Signup:
    """Signs the volunteer up: accepted (automatic acceptance), pending (the organisation decides) or waitlisted
    when the shift is full. Raises SignupRefused with a code: mission_not_open, shift_started, not_eligible,
    already_signed_up, overlap."""
    return shift_sign_up_by_id(
        shift_id=shift.pk, volunteer=volunteer, acting_user=acting_user, source=source, request=request
    )


@transaction.atomic
def shift_sign_up_by_id(
    *,
    shift_id: int,
    volunteer: User,
    acting_user: User,
    city_id: int | None = None,
    source: str = SignupSource.SELF,
    request: HttpRequest | None = None,
) -> Signup:
    """`shift_sign_up` for the shift `shift_id` (of the city `city_id` when given: otherwise refused as not_found,
    404), read and locked in the same statement. A waitlisted sign-up carries `waitlist_position`."""
    if acting_user.pk != volunteer.pk and source == SignupSource.SELF:
        raise SignupRefused(SignupError.FORBIDDEN, _("You can only sign yourself up."), status=403)
    shift = shift_signup_lock(shift_id, city_id=city_id)
    if shift is None:
        raise SignupRefused(SignupError.NOT_FOUND, _("Not found."), status=404)
    mission = shift.mission
    if mission.status != MissionStatus.PUBLISHED:
        raise SignupRefused(SignupError.MISSION_NOT_OPEN, _("This mission is not open for sign-up."))
    now = timezone.now()
    if shift.starts_at <= now:
        raise SignupRefused(SignupError.SHIFT_STARTED, _("This shift has already started."))
    # One query: the profile and the volunteer's sign-ups that refuse this one. Languages and qualifications are
    # read by eligibility_problems only when the mission asks for them.
    same, other = _signup_conflicts(volunteer=volunteer, shift=shift)
    profile = (
        VolunteerProfile.objects.filter(user=volunteer, city_id=shift.city_id)
        .annotate(already_signed_up=same, overlap=other)
        .first()
    )
    if profile is None:
        already_signed_up, overlap = (
            Shift.objects.filter(pk=shift.pk).annotate(same=same, other=other).values_list("same", "other").get()
        )
    else:
        already_signed_up, overlap = profile.already_signed_up, profile.overlap
    if already_signed_up:
        raise SignupRefused(SignupError.ALREADY_SIGNED_UP, _("You are already signed up for this shift."))
    if not shift.mission_has_languages:  # eligibility_problems reads mission.languages: known to be empty
        # Django's prefetch cache is not declared on models in django-stubs.
        mission._prefetched_objects_cache = {"languages": MissionLanguage.objects.none()}  # type: ignore[attr-defined]
    problems = eligibility_problems(profile=profile, shift=shift)
    if problems:
        raise SignupRefused(
            SignupError.NOT_ELIGIBLE,
            " ".join(p.message for p in problems),
            status=422,
            details={"reasons": [p.code for p in problems]},
        )
    if overlap:
        raise SignupRefused(SignupError.OVERLAP, _("You already have a shift at that time."))
    # No savepoint around the place and the insert: a constraint violation is turned into SignupRefused, which
    # leaves this function's own atomic block and so rolls the place back with everything else.
    try:
        if mission.acceptance == Acceptance.AUTO:
            status = None  # a free place if there is one, else the waiting list
        elif shift.accepted_count + _pending_count(shift) < shift.capacity:
            status = SignupStatus.PENDING
        else:
            status = SignupStatus.WAITLISTED
        signup = _write_signup(shift=shift, volunteer=volunteer, source=source, now=now, status=status)
    except IntegrityError as exc:
        raise _refusal_for_integrity(exc) from exc
    if source == SignupSource.SELF:
        # Whoever signs up for a shift is a volunteer of the city from then on (idempotent).
        role_grant(user=volunteer, city=shift.city, role=Role.VOLUNTEER, acting_user=volunteer)
    kind = {
        SignupStatus.ACCEPTED: NotificationKind.CONFIRMATION,
        SignupStatus.PENDING: NotificationKind.PENDING,
        SignupStatus.WAITLISTED: NotificationKind.WAITLISTED,
    }[SignupStatus(signup.status)]
    _notify_signup(signup, kind)
    audit_record(
        action="volunteering.signup_created",
        actor=acting_user,
        city=shift.city,
        target=signup,
        data={"status": signup.status, "source": source},
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
        candidate = waitlist_head_lock(shift=shift, skipped=skipped)
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
def signup_cancel(*, signup: Signup, acting_user: User, request: HttpRequest | None = None) -> Signup:
    """The volunteer withdraws; a freed confirmed place goes to the first on the waiting list, in this transaction."""
    shift = shift_lock(signup.shift_id)
    signup = signup_lock(signup.pk)
    if signup.status not in ACTIVE_SIGNUP_STATUSES:
        raise SignupRefused(SignupError.NOT_ACTIVE, _("This sign-up is no longer active."))
    if signup.starts_at <= timezone.now():
        raise SignupRefused(SignupError.SHIFT_STARTED, _("This shift has already started."))
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
def signup_decide(*, signup: Signup, acting_user: User, accept: bool) -> Signup:
    """The organisation accepts or declines a pending (or waitlisted) sign-up."""
    shift = shift_lock(signup.shift_id)
    signup = signup_lock(signup.pk, related=("volunteer",))
    if signup.status not in (SignupStatus.PENDING, SignupStatus.WAITLISTED):
        raise SignupRefused(SignupError.NOT_PENDING, _("Only sign-ups awaiting an answer can be accepted or declined."))
    old = signup.status
    if accept:
        try:
            with transaction.atomic():
                if not _take_place(shift):
                    raise SignupRefused(
                        SignupError.SHIFT_FULL, _("This shift is full: add places or decline someone first.")
                    )
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
    *, signup: Signup, acting_user: User, attended: bool, hours: Decimal | None = None, approve: bool = True
) -> Signup:
    """Marks whether the volunteer came and the hours given (defaults to the shift's length when attended)."""
    signup = signup_lock(signup.pk, related=("shift",))
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
def shift_message_volunteers(*, shift: Shift, acting_user: User, subject: str, body: str) -> int:
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
