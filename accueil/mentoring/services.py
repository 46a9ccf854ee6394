"""Every write about mentoring: beneficiaries, proposals from the engine, confirmation, meetings, closure,
retention. Mentor capacity is checked under a row lock on the mentor (lock order: beneficiaries →
mentorship → mentor, written in `mentoring/locks.py`)."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.accounts.models import User
from accueil.accounts.services import access_changed
from accueil.audit.services import audit_record

from . import events as audit_events
from . import pairing, policies
from .locks import beneficiaries_lock, beneficiary_lock, mentor_lock, mentorship_lock
from .models import Beneficiary, MentoringMeeting, Mentorship, MentorshipStatus, Outcome
from .notifications import mentor_notify

if TYPE_CHECKING:
    from accueil.languages.models import Language
    from accueil.organisations.models import Organisation
    from accueil.territories.models import District

PSEUDONYM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class BeneficiaryDetails(TypedDict):
    """What a form or an endpoint says about a beneficiary (the keyword arguments of create and update)."""

    languages: list[Language]
    district: District | None
    needs: list[str]
    available_weekdays: list[int]
    availability_notes: str
    sensitive_notes: str


def pseudonym_generate() -> str:
    return "B-" + "".join(secrets.choice(PSEUDONYM_ALPHABET) for _ in range(4))


def _apply_beneficiary(
    beneficiary: Beneficiary,
    *,
    district: District | None,
    needs: list[str],
    available_weekdays: list[int],
    availability_notes: str,
    sensitive_notes: str,
) -> list[str]:
    values = {
        "district": district,
        "needs": needs,
        "available_weekdays": available_weekdays,
        "availability_notes": availability_notes,
        "sensitive_notes": sensitive_notes,
    }
    changed = []
    for name, value in values.items():
        if getattr(beneficiary, name) != value:
            setattr(beneficiary, name, value)
            changed.append(name)
    district = beneficiary.district if beneficiary.district_id else None
    if district is not None and district.city_id != beneficiary.city_id:
        raise ValidationError({"district": [_("This district is not in the organisation's city.")]})
    return changed


def _set_languages(beneficiary: Beneficiary, languages: Iterable[Language]) -> None:
    languages = list(languages)
    if not languages:
        raise ValidationError({"languages": [_("Choose at least one language the person speaks.")]})
    beneficiary.languages.set(languages)


@transaction.atomic
def beneficiary_create(
    *,
    organisation: Organisation,
    acting_user: User,
    languages: Iterable[Language],
    district: District | None = None,
    needs: list[str] | None = None,
    available_weekdays: list[int] | None = None,
    availability_notes: str = "",
    sensitive_notes: str = "",
    is_demo: bool = False,
) -> Beneficiary:
    if not policies.can_manage_beneficiaries(acting_user, organisation):
        raise PermissionDenied
    beneficiary = Beneficiary(
        city=organisation.city, organisation=organisation, created_by=acting_user, is_demo=is_demo
    )
    _apply_beneficiary(
        beneficiary,
        district=district,
        needs=needs or [],
        available_weekdays=available_weekdays or [],
        availability_notes=availability_notes,
        sensitive_notes=sensitive_notes,
    )
    languages = list(languages)
    if not languages:
        raise ValidationError({"languages": [_("Choose at least one language the person speaks.")]})
    for _attempt in range(10):
        beneficiary.pseudonym = pseudonym_generate()
        if not Beneficiary.objects.filter(city=beneficiary.city, pseudonym=beneficiary.pseudonym).exists():
            break
    beneficiary.full_clean()
    try:
        with transaction.atomic():
            beneficiary.save()
    except IntegrityError:  # a concurrent creation took the same pseudonym: draw again once
        beneficiary.pseudonym = pseudonym_generate()
        beneficiary.save()
    _set_languages(beneficiary, languages)
    if not Beneficiary.objects.filter(organisation_id=beneficiary.organisation_id).exclude(pk=beneficiary.pk).exists():
        # The organisation's first record: its members now read beneficiaries, a second factor from the next page.
        access_changed(user_ids=beneficiary.organisation.memberships.values_list("user_id", flat=True))
    audit_record(action=audit_events.BENEFICIARY_CREATED, actor=acting_user, target=beneficiary)
    return beneficiary


@transaction.atomic
def beneficiary_update(
    *,
    beneficiary: Beneficiary,
    acting_user: User,
    district: District | None,
    needs: list[str],
    available_weekdays: list[int],
    availability_notes: str,
    sensitive_notes: str,
    languages: Iterable[Language] | None = None,
) -> Beneficiary:
    if not policies.can_manage_beneficiaries(acting_user, beneficiary.organisation):
        raise PermissionDenied
    locked = beneficiary_lock(beneficiary.pk)
    if locked.closed_at is not None:
        raise ValidationError(_("This record is closed and can no longer be changed."))
    changed = _apply_beneficiary(
        locked,
        district=district,
        needs=needs,
        available_weekdays=available_weekdays,
        availability_notes=availability_notes,
        sensitive_notes=sensitive_notes,
    )
    locked.full_clean()
    locked.save()
    if languages is not None:
        _set_languages(locked, languages)
        changed.append("languages")
    audit_record(
        action=audit_events.BENEFICIARY_UPDATED, actor=acting_user, target=locked, data={"fields": sorted(changed)}
    )
    return locked


@transaction.atomic
def beneficiary_close(*, beneficiary: Beneficiary, acting_user: User, now: dt.datetime | None = None) -> Beneficiary:
    """Close the record; open mentorships end; the record is deleted after the retention period."""
    if not policies.can_manage_beneficiaries(acting_user, beneficiary.organisation):
        raise PermissionDenied
    locked = beneficiary_lock(beneficiary.pk)
    if locked.closed_at is not None:
        return locked
    now = now or timezone.now()
    locked.closed_at = now
    locked.retention_until = timezone.localdate(now) + dt.timedelta(days=settings.MENTORING_RETENTION_DAYS)
    locked.save(update_fields=["closed_at", "retention_until", "updated_at"])
    Mentorship.objects.filter(beneficiary=locked, status=MentorshipStatus.PROPOSED).update(
        status=MentorshipStatus.DISCARDED
    )
    Mentorship.objects.filter(beneficiary=locked, status=MentorshipStatus.ACTIVE).update(
        status=MentorshipStatus.CLOSED, closed_at=now, outcome=Outcome.OTHER
    )
    audit_record(
        action=audit_events.BENEFICIARY_CLOSED,
        actor=acting_user,
        target=locked,
        data={"retention_until": locked.retention_until.isoformat()},
    )
    return locked


@transaction.atomic
def retention_purge(*, today: dt.date | None = None) -> int:
    """Delete closed beneficiaries whose retention period is over (with their mentorships and meetings)."""
    today = today or timezone.localdate()
    expired = list(
        beneficiaries_lock()
        .filter(closed_at__isnull=False, retention_until__lt=today)
        .only("pk", "city_id", "pseudonym", "retention_until")
    )
    for beneficiary in expired:
        retention_until = cast(dt.date, beneficiary.retention_until)  # set: the query filters on it
        audit_record(
            action=audit_events.BENEFICIARY_DELETED,
            city=beneficiary.city,
            target=beneficiary,
            data={"reason": "retention", "retention_until": retention_until.isoformat()},
        )
    Beneficiary.objects.filter(pk__in=[b.pk for b in expired]).delete()
    return len(expired)


# --- Pairing --------------------------------------------------------------------------------------


@transaction.atomic
def mentorships_propose(*, organisation: Organisation, acting_user: User) -> list[Mentorship]:
    """Run the engine for the organisation's open beneficiaries without a mentor; replaces older proposals."""
    if not policies.can_manage_beneficiaries(acting_user, organisation):
        raise PermissionDenied
    open_ids = list(
        beneficiaries_lock()
        .filter(organisation=organisation, closed_at__isnull=True)
        .exclude(mentorships__status=MentorshipStatus.ACTIVE)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)
    )
    Mentorship.objects.filter(beneficiary_id__in=open_ids, status=MentorshipStatus.PROPOSED).update(
        status=MentorshipStatus.DISCARDED
    )
    beneficiaries = list(
        Beneficiary.objects.filter(pk__in=open_ids).prefetch_related("languages").order_by("created_at", "id")
    )
    proposals = pairing.propose_pairs(city=organisation.city, beneficiaries=beneficiaries)
    created = []
    for proposal in proposals:
        mentorship = Mentorship(
            city=organisation.city,
            beneficiary_id=proposal.beneficiary_id,
            mentor_id=proposal.mentor_id,
            supervisor=acting_user,
            status=MentorshipStatus.PROPOSED,
            score=Decimal(str(proposal.score)),
            reasons=[[criterion, points] for criterion, points in proposal.reasons],
            proposed_by=acting_user,
        )
        mentorship.full_clean(validate_constraints=False)
        mentorship.save()
        created.append(mentorship)
    audit_record(
        action=audit_events.MENTORSHIPS_PROPOSED,
        actor=acting_user,
        city=organisation.city,
        target=organisation,
        data={"beneficiaries": len(beneficiaries), "proposals": len(created)},
    )
    return created


@transaction.atomic
def mentorship_confirm(*, mentorship: Mentorship, acting_user: User, supervisor: User | None = None) -> Mentorship:
    """A person at the organisation confirms a proposal: it becomes active and the mentor is told."""
    if not policies.can_confirm(acting_user, mentorship):
        raise PermissionDenied
    locked = mentorship_lock(mentorship.pk)
    if locked.status != MentorshipStatus.PROPOSED:
        raise ValidationError(_("Only a proposal can be confirmed."))
    if locked.beneficiary.closed_at is not None:
        raise ValidationError(_("This person's record is closed."))
    mentor_lock(locked.mentor_id)
    active = Mentorship.objects.filter(mentor_id=locked.mentor_id, status=MentorshipStatus.ACTIVE).count()
    if active >= pairing.MENTOR_CAPACITY:
        raise ValidationError(_("This volunteer already mentors as many people as they can."))
    if supervisor is not None:
        if not policies.is_member_of(supervisor, locked.beneficiary.organisation_id):
            raise ValidationError({"supervisor": [_("The supervisor must be a member of the organisation.")]})
        locked.supervisor = supervisor
    locked.status = MentorshipStatus.ACTIVE
    locked.started_at = timezone.now()
    locked.save(update_fields=["status", "started_at", "supervisor"])
    # The mentor now reads the meetings' notes: a second factor from their next page on.
    access_changed(user_ids=[pk for pk in (locked.mentor_id, locked.supervisor_id) if pk is not None])
    audit_record(action=audit_events.MENTORSHIP_CONFIRMED, actor=acting_user, target=locked)
    mentor_notify(mentorship_id=locked.pk, kind="confirmed")
    return locked


@transaction.atomic
def mentorship_discard(*, mentorship: Mentorship, acting_user: User) -> Mentorship:
    if not policies.can_confirm(acting_user, mentorship):
        raise PermissionDenied
    locked = mentorship_lock(mentorship.pk)
    if locked.status != MentorshipStatus.PROPOSED:
        raise ValidationError(_("Only a proposal can be discarded."))
    locked.status = MentorshipStatus.DISCARDED
    locked.save(update_fields=["status"])
    audit_record(action=audit_events.MENTORSHIP_DISCARDED, actor=acting_user, target=locked)
    return locked


@transaction.atomic
def mentorship_decline(*, mentorship: Mentorship, acting_user: User) -> Mentorship:
    """The mentor declines a mentorship they were given; the organisation can propose someone else."""
    if not policies.can_decline(acting_user, mentorship):
        raise PermissionDenied
    locked = mentorship_lock(mentorship.pk)
    if locked.status not in (MentorshipStatus.PROPOSED, MentorshipStatus.ACTIVE):
        raise ValidationError(_("This mentorship can no longer be declined."))
    if locked.meetings.exists():
        raise ValidationError(_("Meetings have taken place: close the mentorship with an outcome instead."))
    locked.status = MentorshipStatus.DECLINED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    audit_record(action=audit_events.MENTORSHIP_DECLINED, actor=acting_user, target=locked)
    return locked


@transaction.atomic
def mentorship_close(*, mentorship: Mentorship, acting_user: User, outcome: str, outcome_notes: str = "") -> Mentorship:
    if not policies.can_close(acting_user, mentorship):
        raise PermissionDenied
    locked = mentorship_lock(mentorship.pk)
    if locked.status != MentorshipStatus.ACTIVE:
        raise ValidationError(_("Only an active mentorship can be closed."))
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": [_("Choose an outcome from the list.")]})
    locked.status = MentorshipStatus.CLOSED
    locked.closed_at = timezone.now()
    locked.outcome = outcome
    locked.outcome_notes = outcome_notes
    locked.full_clean(validate_constraints=False)
    locked.save(update_fields=["status", "closed_at", "outcome", "outcome_notes"])
    audit_record(action=audit_events.MENTORSHIP_CLOSED, actor=acting_user, target=locked, data={"outcome": outcome})
    return locked


@transaction.atomic
def meeting_log(
    *,
    mentorship: Mentorship,
    acting_user: User,
    date: dt.date,
    duration_minutes: int,
    topics: str,
    notes: str = "",
) -> MentoringMeeting:
    if not policies.can_log_meeting(acting_user, mentorship):
        raise PermissionDenied
    locked = mentorship_lock(mentorship.pk)
    if locked.status != MentorshipStatus.ACTIVE:
        raise ValidationError(_("Meetings can only be logged for an active mentorship."))
    if date > timezone.localdate():
        raise ValidationError({"date": [_("A meeting cannot be logged in the future.")]})
    meeting = MentoringMeeting(
        city=locked.city,
        mentorship=locked,
        date=date,
        duration_minutes=duration_minutes,
        topics=topics,
        notes=notes,
        created_by=acting_user,
    )
    meeting.full_clean()
    meeting.save()
    audit_record(action=audit_events.MEETING_LOGGED, actor=acting_user, city=locked.city, target=meeting)
    return meeting
