"""Every write about events: creation, publication, cancellation, registrations, attendance.

Registration never overbooks: the event row is locked (`select_for_update`) for the whole registration,
the counter is raised by a conditional `F()` update, and the database refuses a count above capacity and a
second active registration of one person. Lock order is always event → registration (`participation/locks.py`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.core.timewindow import schedule_check

from . import events as audit_events
from . import policies
from .locks import event_lock, registration_lock, waitlist_head_lock
from .models import Event, EventKind, EventStatus, Registration, RegistrationStatus
from .notifications import registration_notify

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.organisations.models import Organisation
    from accueil.territories.models import City, District
    from accueil.volunteering.models import QualificationType


class EventDetails(TypedDict, total=False):
    """What an organiser says about an event: the keyword arguments of `event_create` and `event_update` (an
    update changes only the ones it is given)."""

    title: str
    description: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    place: str
    address: str
    district: District | None
    online_url: str
    capacity: int | None
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    grants_qualification: QualificationType | None


MAX_EVENT_LENGTH = timedelta(days=31)


def _check_event_window(event: Event, *, new_start: bool) -> None:
    """An event starts within the sensible window (`core.timewindow`) and lasts at most 31 days."""
    if event.starts_at and event.ends_at and event.ends_at > event.starts_at:
        schedule_check(
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            longest=MAX_EVENT_LENGTH,
            too_long=_("An event lasts at most %(days)s days.") % {"days": MAX_EVENT_LENGTH.days},
            new_start=new_start,
        )


def _check_event_fields(event: Event) -> None:
    errors: dict[str, list[str]] = {}
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        errors.setdefault("ends_at", []).append(_("The end must come after the start."))
    if (
        event.registration_opens_at
        and event.registration_closes_at
        and event.registration_closes_at <= event.registration_opens_at
    ):
        errors.setdefault("registration_closes_at", []).append(_("Registration must close after it opens."))
    district = event.district if event.district_id else None
    if district is not None and district.city_id != event.city_id:
        errors.setdefault("district", []).append(_("This district is not in the event's city."))
    qualification = event.grants_qualification if event.grants_qualification_id else None
    if qualification is not None:
        if qualification.city_id != event.city_id:
            errors.setdefault("grants_qualification", []).append(_("This qualification is not in the event's city."))
        if event.kind != EventKind.TRAINING:
            errors.setdefault("grants_qualification", []).append(_("Only a training session grants a qualification."))
    organiser = event.organiser if event.organiser_id else None
    if organiser is not None and organiser.city_id != event.city_id:
        errors.setdefault("organiser", []).append(_("This organisation is not in the event's city."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def event_create(
    *,
    city: City,
    organiser: Organisation | None,
    acting_user: User,
    is_demo: bool = False,
    **details: Unpack[EventDetails],
) -> Event:
    """Create a draft event for `organiser` (None: the City)."""
    if not policies.can_organise_for(acting_user, city=city, organisation=organiser):
        raise PermissionDenied
    event = Event(city=city, organiser=organiser, created_by=acting_user, is_demo=is_demo)
    for name, value in details.items():
        setattr(event, name, value)
    _check_event_fields(event)
    _check_event_window(event, new_start=True)
    event.full_clean()
    event.save()
    audit_record(action=audit_events.EVENT_CREATED, actor=acting_user, city=city, target=event)
    return event


def _promote_waitlisted(event: Event) -> list[Registration]:
    """Give free places to the waiting list in order. The caller holds the event's row lock."""
    promoted: list[Registration] = []
    while event.capacity is None or event.registered_count < event.capacity:
        first = waitlist_head_lock(event)
        if first is None:
            break
        updated = Event.objects.filter(
            Q(capacity__isnull=True) | Q(registered_count__lt=F("capacity")), pk=event.pk
        ).update(registered_count=F("registered_count") + 1)
        if not updated:
            break
        event.registered_count += 1
        first.status = RegistrationStatus.REGISTERED
        first.save(update_fields=["status", "updated_at"])
        audit_record(action=audit_events.REGISTRATION_PROMOTED, city=event.city, target=first)
        registration_notify(registration_id=first.pk, kind="promoted")
        promoted.append(first)
    return promoted


@transaction.atomic
def event_update(*, event: Event, acting_user: User, **changes: Unpack[EventDetails]) -> Event:
    """Edit an event. Capacity cannot go below the number already registered; a raise promotes the list."""
    if not policies.can_manage_event(acting_user, event):
        raise PermissionDenied
    locked = event_lock(event.pk)
    if locked.status == EventStatus.CANCELLED:
        raise ValidationError(_("A cancelled event can no longer be changed."))
    changed = []
    for name, value in changes.items():
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)
    if locked.capacity is not None and locked.capacity < locked.registered_count:
        raise ValidationError(
            {
                "capacity": _(
                    "%(count)d people are already registered: the number of places cannot be lower. "
                    "Cancel registrations first."
                )
                % {"count": locked.registered_count}
            }
        )
    _check_event_fields(locked)
    if "starts_at" in changed or "ends_at" in changed:
        _check_event_window(locked, new_start="starts_at" in changed)
    locked.full_clean()
    locked.save()
    if "capacity" in changed:
        _promote_waitlisted(locked)
    audit_record(action=audit_events.EVENT_UPDATED, actor=acting_user, target=locked, data={"fields": sorted(changed)})
    return locked


@transaction.atomic
def event_publish(*, event: Event, acting_user: User) -> Event:
    if not policies.can_manage_event(acting_user, event):
        raise PermissionDenied
    locked = event_lock(event.pk)
    if locked.status != EventStatus.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    locked.status = EventStatus.PUBLISHED
    locked.full_clean()
    locked.save(update_fields=["status", "updated_at"])
    audit_record(action=audit_events.EVENT_PUBLISHED, actor=acting_user, target=locked)
    return locked


@transaction.atomic
def event_cancel(*, event: Event, acting_user: User) -> Event:
    """Cancel the event and tell everyone registered or waiting."""
    if not policies.can_manage_event(acting_user, event):
        raise PermissionDenied
    locked = event_lock(event.pk)
    if locked.status == EventStatus.CANCELLED:
        return locked
    was_published = locked.status == EventStatus.PUBLISHED
    locked.status = EventStatus.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    if was_published:
        for pk in Registration.objects.filter(
            event=locked, status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]
        ).values_list("pk", flat=True):
            registration_notify(registration_id=pk, kind="event_cancelled")
    audit_record(action=audit_events.EVENT_CANCELLED, actor=acting_user, target=locked)
    return locked


def _registration_window_error(event: Event, now: datetime) -> str | None:
    if event.status != EventStatus.PUBLISHED:
        return _("Registration is not open for this event.")
    if event.starts_at <= now:
        return _("This event has already started.")
    if event.registration_opens_at and now < event.registration_opens_at:
        return _("Registration has not opened yet.")
    if event.registration_closes_at and now >= event.registration_closes_at:
        return _("Registration is closed.")
    return None


@transaction.atomic
def event_register(*, event: Event, user: User, acting_user: User) -> Registration:
    """Register `user` (a place if one is free, else the waiting list). Idempotent for an active registration.

    Raises ValidationError with a clear message when registration is not possible.
    """
    if not getattr(acting_user, "is_authenticated", False) or (
        acting_user.pk != user.pk and not policies.can_manage_event(acting_user, event)
    ):
        raise PermissionDenied
    locked = event_lock(event.pk)
    error = _registration_window_error(locked, timezone.now())
    if error:
        raise ValidationError(error)
    existing = Registration.objects.filter(
        event=locked, user=user, status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]
    ).first()
    if existing is not None:
        return existing
    got_place = Event.objects.filter(
        Q(capacity__isnull=True) | Q(registered_count__lt=F("capacity")), pk=locked.pk
    ).update(registered_count=F("registered_count") + 1)
    status = RegistrationStatus.REGISTERED if got_place else RegistrationStatus.WAITLISTED
    registration = Registration(city=locked.city, event=locked, user=user, status=status)
    registration.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:  # a concurrent request of the same person won the race
        raise ValidationError(_("You are already registered for this event.")) from exc
    audit_record(
        action=audit_events.REGISTRATION_CREATED,
        actor=acting_user,
        target=registration,
        data={"status": status, "event": locked.pk},
    )
    registration_notify(registration_id=registration.pk, kind=str(status))
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, acting_user: User) -> Registration:
    """Cancel; a freed place goes to the first person on the waiting list, who is told."""
    if not policies.can_cancel_registration(acting_user, registration):
        raise PermissionDenied
    event = event_lock(registration.event_id)
    locked = registration_lock(registration.pk)
    if locked.status == RegistrationStatus.CANCELLED:
        return locked
    if event.starts_at <= timezone.now():
        raise ValidationError(_("This event has already started: the registration can no longer be cancelled."))
    freed = locked.status == RegistrationStatus.REGISTERED
    locked.status = RegistrationStatus.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    if freed:
        Event.objects.filter(pk=event.pk).update(registered_count=F("registered_count") - 1)
        event.registered_count -= 1
        if event.status == EventStatus.PUBLISHED:
            _promote_waitlisted(event)
    audit_record(action=audit_events.REGISTRATION_CANCELLED, actor=acting_user, target=locked, data={"event": event.pk})
    return locked


@transaction.atomic
def registration_mark_attendance(*, registration: Registration, attended: bool, acting_user: User) -> Registration:
    """The organiser records whether a registered person came. Attending a training grants its qualification."""
    if not policies.can_manage_event(acting_user, registration.event):
        raise PermissionDenied
    locked = registration_lock(registration.pk, related=("event", "user"))
    if locked.status != RegistrationStatus.REGISTERED:
        raise ValidationError(_("Attendance can only be recorded for registered people."))
    if locked.event.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the event has started."))
    locked.attended = attended
    locked.save(update_fields=["attended", "updated_at"])
    event = locked.event
    if attended and event.grants_qualification_id:
        _grant_qualification(registration=locked, acting_user=acting_user)
    audit_record(action=audit_events.ATTENDANCE_MARKED, actor=acting_user, target=locked, data={"attended": attended})
    return locked


def _grant_qualification(*, registration: Registration, acting_user: User) -> None:
    from accueil.volunteering.services import volunteer_qualification_grant

    event = registration.event
    qualification = event.grants_qualification
    if qualification is None:
        raise ValueError("Only a training that grants a qualification is passed here.")
    volunteer_qualification_grant(
        user=registration.user,
        city=event.city,
        qualification=qualification,
        acting_user=acting_user,
        source=f"training:{event.pk}",
    )
