"""A person's rights (see and erase their data, handled by the team on request), exits and retention.

Retention per field, run daily (`manage.py outreach_retention`, scheduled by django-q2):
- after `OUTREACH_COARSEN_DAYS` (30) an encounter keeps its district only: landmark, grid cell and notes go;
- after `OUTREACH_EXIT_DAYS` (90) without contact a person exits the follow-up;
- after `OUTREACH_NAME_DAYS` (90) without contact the name and the code name are erased;
- after `OUTREACH_PERSON_DAYS` (365) without contact the person's record is deleted with its encounters; the
  referrals keep their status for the counts, with nothing shared left;
- camp households lose their vulnerabilities `OUTREACH_COARSEN_DAYS` after the operation.
The aggregate figures stay: they name nobody.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.core.errors import Refused
from accueil.core.locks import exclusive

from .. import events, policies
from ..errors import OutreachError
from ..models import (
    OPEN_REFERRAL_STATUSES,
    CampHousehold,
    Encounter,
    Person,
    Referral,
    ReferralStatus,
)

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.territories.models import City


def retention_days(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _forget_referrals(referrals: list[Referral], *, now: dt.datetime) -> None:
    for referral in referrals:
        if referral.status in OPEN_REFERRAL_STATUSES:
            referral.status = ReferralStatus.CANCELLED
            referral.closed_at = now
        referral.shared = ""
        referral.outcome = ""
        referral.person = None
        referral.save(update_fields=["status", "closed_at", "shared", "outcome", "person", "updated_at"])


@transaction.atomic
def person_erase(*, person: Person, acting_user: User) -> str:
    """Erase the person's record at their request: encounters and consents go, referrals keep only their status."""
    if not policies.can_view_person(user=acting_user, person=person):
        raise Refused(OutreachError.NOT_A_MEMBER, _("You are not a member of this team."), status=403)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    reference = locked.reference
    _forget_referrals(list(Referral.objects.select_for_update().filter(person=locked)), now=timezone.now())
    audit_record(
        action=events.PERSON_ERASED, actor=acting_user, city=locked.city, target=locked, data={"why": "request"}
    )
    locked.delete()
    return reference


@transaction.atomic
def person_update(*, person: Person, acting_user: User, code_name: str, name: str, says_minor: bool) -> list[str]:
    """Correct the pseudonymous part of the record (code name, name, said age). Returns the fields changed;
    the audit row names them, never their values."""
    if not policies.can_record_for_team(user=acting_user, team=person.team):
        raise Refused(OutreachError.NOT_A_MEMBER, _("You are not a member of this team."), status=403)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    wanted = {"code_name": code_name.strip(), "name": name.strip(), "says_minor": bool(says_minor)}
    changed = [field for field, value in wanted.items() if getattr(locked, field) != value]
    if not changed:
        return []
    for field in changed:
        setattr(locked, field, wanted[field])
    locked.full_clean()
    locked.save(update_fields=changed)
    audit_record(
        action=events.PERSON_EDITED, actor=acting_user, city=locked.city, target=locked, data={"fields": changed}
    )
    return changed


@dataclass(frozen=True)
class RetentionReport:
    coarsened: int
    exited: int
    names_erased: int
    deleted: int
    households_coarsened: int


@transaction.atomic
def retention_run(*, city: City, now: dt.datetime | None = None) -> RetentionReport:
    now = now or timezone.now()
    with exclusive(f"outreach.retention:{city.pk}"):
        coarsen_before = now - dt.timedelta(days=retention_days("OUTREACH_COARSEN_DAYS", 30))
        coarsened = Encounter.objects.filter(
            city=city, occurred_at__lt=coarsen_before, coarsened_at__isnull=True
        ).update(landmark=None, grid_cell="", notes="", coarsened_at=now)
        exit_before = now - dt.timedelta(days=retention_days("OUTREACH_EXIT_DAYS", 90))
        exiting = list(
            Person.objects.filter(city=city, exited_at__isnull=True, last_contact_at__lt=exit_before).values_list(
                "pk", flat=True
            )
        )
        Person.objects.filter(pk__in=exiting).update(exited_at=now)
        names_before = now - dt.timedelta(days=retention_days("OUTREACH_NAME_DAYS", 90))
        names = Person.objects.filter(city=city, last_contact_at__lt=names_before).exclude(name="", code_name="")
        names_erased = names.update(name="", code_name="")
        delete_before = now - dt.timedelta(days=retention_days("OUTREACH_PERSON_DAYS", 365))
        old = list(Person.objects.filter(city=city, last_contact_at__lt=delete_before))
        _forget_referrals(list(Referral.objects.filter(person__in=old)), now=now)
        deleted = len(old)
        Person.objects.filter(pk__in=[p.pk for p in old]).delete()
        households = (
            CampHousehold.objects.filter(operation__city=city, operation__held_on__lt=coarsen_before.date())
            .exclude(vulnerabilities="")
            .update(vulnerabilities="")
        )
        report = RetentionReport(coarsened, len(exiting), names_erased, deleted, households)
        audit_record(action=events.RETENTION_RUN, city=city, data=report.__dict__)
        return report
