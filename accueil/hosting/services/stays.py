"""During and at the end of a stay: follow-up, incidents, notice, the alternative found, the end."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.accounts.models import User
from accueil.audit.services import audit_record
from accueil.core.errors import Refused

from .. import events, policies
from ..errors import HostingError
from ..models import (
    AlternativeKind,
    FollowUp,
    FollowUpKind,
    HostOffer,
    HouseholdStatus,
    Incident,
    IncidentKind,
    NoticeBy,
    OfferStatus,
    Stay,
    StayStatus,
    Urgency,
)

if TYPE_CHECKING:
    pass

from .common import NOTICE_DAYS
from .common import forbidden as _forbidden


def _lock_stay(stay: Stay) -> Stay:
    return (
        Stay.objects.select_for_update(of=("self",))
        .select_related("city", "organisation", "offer", "household")
        .get(pk=stay.pk)
    )


@transaction.atomic
def followup_record(
    *, followup: FollowUp, acting_user: User, notes: str = "", concern: bool = False, done_on: dt.date | None = None
) -> FollowUp:
    stay = _lock_stay(followup.stay)
    if not policies.can_follow_stay(user=acting_user, stay=stay):
        raise _forbidden()
    followup = FollowUp.objects.select_for_update(of=("self",)).get(pk=followup.pk)
    followup.done_on = done_on or timezone.localdate()
    followup.done_by = acting_user
    followup.notes = notes[:4000]
    followup.concern = concern
    followup.full_clean()
    followup.save()
    audit_record(
        action=events.FOLLOWUP_RECORDED, actor=acting_user, city=stay.city, target=followup, data={"concern": concern}
    )
    return followup


@transaction.atomic
def incident_open(
    *,
    stay: Stay,
    acting_user: User,
    kind: str = IncidentKind.INCIDENT,
    urgency: str = Urgency.MEDIUM,
    description: str = "",
) -> Incident:
    """An incident or a breakdown opens a case with its urgency; a breakdown also starts the notice at once."""
    stay = _lock_stay(stay)
    if not policies.can_view_stay(user=acting_user, stay=stay):
        raise _forbidden()
    if stay.status == StayStatus.ENDED:
        raise Refused(HostingError.STAY_NOT_ACTIVE, _("This stay has ended."))
    incident = Incident(stay=stay, kind=kind, urgency=urgency, description=description[:4000], opened_by=acting_user)
    incident.full_clean()
    incident.save()
    audit_record(
        action=events.INCIDENT_OPENED,
        actor=acting_user,
        city=stay.city,
        target=incident,
        data={"kind": kind, "urgency": urgency},
    )
    if kind == IncidentKind.BREAKDOWN and stay.status == StayStatus.ACTIVE:
        by = (
            NoticeBy.HOST
            if stay.offer is not None and policies.is_host_of(user=acting_user, offer=stay.offer)
            else NoticeBy.ASSOCIATION
        )
        _notice(stay, acting_user, by=by, days=0)
    return incident


@transaction.atomic
def incident_close(*, incident: Incident, acting_user: User) -> Incident:
    stay = _lock_stay(incident.stay)
    if not policies.can_follow_stay(user=acting_user, stay=stay):
        raise _forbidden()
    incident.closed_at = timezone.now()
    incident.save(update_fields=["closed_at"])
    audit_record(action=events.INCIDENT_CLOSED, actor=acting_user, city=stay.city, target=incident)
    return incident


def _notice(stay: Stay, acting_user: User, *, by: str, days: int) -> Stay:
    today = timezone.localdate()
    stay.status = StayStatus.NOTICE
    stay.notice_by = by
    stay.notice_given_on = today
    stay.notice_ends_on = today + dt.timedelta(days=days)
    stay.save(update_fields=["status", "notice_by", "notice_given_on", "notice_ends_on"])
    # The support association is alerted: the alternative to find is first on its follow-up list, and its
    # members get an email once the notice is recorded.
    FollowUp.objects.create(stay=stay, kind=FollowUpKind.NOTICE, due_on=today)
    stay_id = stay.pk
    transaction.on_commit(lambda: notice_alert_send(stay_id=stay_id))
    audit_record(
        action=events.NOTICE_GIVEN,
        actor=acting_user,
        city=stay.city,
        target=stay,
        data={"by": by, "ends_on": stay.notice_ends_on.isoformat()},
    )
    return stay


def notice_alert_send(*, stay_id: int) -> int:
    """Emails the support association's members that notice was given (in each member's language): the stay's
    reference and end date, and the page where the alternative is recorded. No name, no address."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse
    from django.utils import translation

    stay = Stay.objects.select_related("household", "organisation").filter(pk=stay_id).first()
    if stay is None or stay.notice_ends_on is None:
        return 0
    sent = 0
    members = User.objects.filter(memberships__organisation=stay.organisation, is_active=True).exclude(email="")
    for member in members:
        with translation.override(member.preferred_language or settings.LANGUAGE_CODE):
            subject = _("Notice given for the stay of %(ref)s") % {
                "ref": stay.household.reference if stay.household else "—"
            }
            body = _(
                "Notice has been given: the stay ends on %(end)s. Find and record an alternative (another host, "
                "a shelter place or the housing path) before it ends: %(path)s"
            ) % {"end": stay.notice_ends_on.isoformat(), "path": reverse("hosting:stay_detail", args=[stay.pk])}
        send_mail(subject, body, None, [member.email])
        sent += 1
    return sent


@transaction.atomic
def stay_give_notice(*, stay: Stay, acting_user: User, by: str, days: int = NOTICE_DAYS) -> Stay:
    """The host or the guest ends the arrangement: a notice period starts and the association is alerted."""
    stay = _lock_stay(stay)
    if not policies.can_give_notice(user=acting_user, stay=stay):
        raise _forbidden()
    if by not in NoticeBy.values:
        raise Refused(HostingError.INVALID, _("Say who gives notice."), status=422)
    if (
        by == NoticeBy.HOST
        and not (stay.offer is not None and policies.is_host_of(user=acting_user, offer=stay.offer))
        and not policies.can_follow_stay(user=acting_user, stay=stay)
    ):
        raise _forbidden()
    if stay.status != StayStatus.ACTIVE:
        raise Refused(HostingError.STAY_NOT_ACTIVE, _("Notice has already been given for this stay."))
    if not 0 <= days <= 90:
        raise Refused(HostingError.INVALID, _("A notice lasts from 0 to 90 days."), status=422)
    return _notice(stay, acting_user, by=by, days=days)


@transaction.atomic
def stay_record_alternative(*, stay: Stay, acting_user: User, kind: str, note: str = "") -> Stay:
    """The association records where the household goes next: another host, a shelter place, the housing path."""
    stay = _lock_stay(stay)
    if not policies.can_follow_stay(user=acting_user, stay=stay):
        raise _forbidden()
    if kind not in AlternativeKind.values:
        raise Refused(HostingError.INVALID, _("Choose the alternative found."), status=422)
    stay.alternative = kind
    stay.alternative_note = note[:500]
    stay.alternative_recorded_at = timezone.now()
    stay.save(update_fields=["alternative", "alternative_note", "alternative_recorded_at"])
    FollowUp.objects.filter(stay=stay, kind=FollowUpKind.NOTICE, done_on__isnull=True).update(
        done_on=timezone.localdate(), done_by=acting_user
    )
    audit_record(
        action=events.ALTERNATIVE_RECORDED, actor=acting_user, city=stay.city, target=stay, data={"kind": kind}
    )
    return stay


@transaction.atomic
def stay_end(*, stay: Stay, acting_user: User) -> Stay:
    """Ends the stay. Refused until an alternative is recorded: the household is never left with nothing."""
    stay = _lock_stay(stay)
    if not policies.can_follow_stay(user=acting_user, stay=stay):
        raise _forbidden()
    if stay.status == StayStatus.ENDED:
        raise Refused(HostingError.STAY_NOT_ACTIVE, _("This stay has ended."))
    if not stay.alternative:
        raise Refused(
            HostingError.ALTERNATIVE_REQUIRED, _("Record where the household goes next before ending the stay.")
        )
    stay.status = StayStatus.ENDED
    stay.ended_on = timezone.localdate()
    stay.save(update_fields=["status", "ended_on"])
    if stay.offer_id is not None:
        bad = stay.incidents.filter(kind=IncidentKind.BREAKDOWN).exists()
        HostOffer.objects.filter(pk=stay.offer_id or 0, status=OfferStatus.HOSTING).update(
            status=OfferStatus.PAUSED if bad else OfferStatus.ACTIVE, updated_at=timezone.now()
        )
    household = stay.household
    if household is not None:
        household.status = {
            AlternativeKind.ANOTHER_HOST: HouseholdStatus.WAITING,
            AlternativeKind.SHELTER: HouseholdStatus.SHELTERED,
        }.get(AlternativeKind(stay.alternative), HouseholdStatus.CLOSED)
        if household.status == HouseholdStatus.CLOSED:
            household.closed_at = timezone.now()
        household.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(
        action=events.STAY_ENDED, actor=acting_user, city=stay.city, target=stay, data={"alternative": stay.alternative}
    )
    return stay
