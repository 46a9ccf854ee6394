"""Referrals: created → accepted / declined → scheduled → done / cancelled; only what consent allows travels.

Lock order: person → referral. A referral's shared data is frozen at creation from the person's consent; the
partner never reads the person's record. The outcome the partner writes comes back to the team.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.core.errors import CommonError, Refused
from accueil.shelters import services as shelter_services
from accueil.shelters.models import Audience, Reservation, Site

from .. import events, policies
from ..errors import OutreachError
from ..figures import figure_add
from ..models import (
    OPEN_REFERRAL_STATUSES,
    REFERRAL_TRANSITIONS,
    Consent,
    Metric,
    PartnerConsent,
    Person,
    Referral,
    ReferralKind,
    ReferralStatus,
    Vulnerability,
)

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.organisations.models import Organisation

# Which purpose consent a kind of referral needs; the others need the person's agreement to that named partner.
PURPOSE_OF_KIND = {
    ReferralKind.SHELTER: "shelter",
    ReferralKind.HEALTH: "health",
    ReferralKind.LEGAL: "legal",
}
# What a shelter needs to know to place someone (and nothing more).
PLACEMENT_VULNERABILITIES = frozenset(
    {
        Vulnerability.UNACCOMPANIED_MINOR,
        Vulnerability.PREGNANCY,
        Vulnerability.SINGLE_HEADED,
        Vulnerability.WOMAN_ALONE,
        Vulnerability.DISABILITY,
        Vulnerability.ELDERLY,
    }
)


def consent_allows(*, person: Person, partner: Organisation, kind: str) -> bool:
    """True when the person agreed to this referral: to its purpose (shelter, health, legal) or, for another
    partner or child protection, to that named partner; a refusal of the named partner always wins."""
    named = PartnerConsent.objects.filter(person=person, organisation=partner).values_list("answer", flat=True).first()
    if named == Consent.REFUSED:
        return False
    purpose = PURPOSE_OF_KIND.get(ReferralKind(kind))
    if purpose is not None:
        return getattr(person, f"consent_{purpose}") == Consent.GIVEN
    return named == Consent.GIVEN


def shared_for(*, person: Person, partner: Organisation, kind: str, unconditional: bool) -> dict[str, object]:
    """The data that travels with the referral: what the purpose needs, within what the person agreed to."""
    last = person.encounters.order_by("-occurred_at", "-id").first()
    data: dict[str, object] = {"reference": person.reference}
    if unconditional or person.says_minor:
        data["says_minor"] = person.says_minor
    if last is not None:
        data.update(
            {
                "composition": last.composition,
                "adults": last.adults,
                "children": last.children,
                "language": last.language_id or "",
                "interpreter_needed": last.interpreter_needed,
            }
        )
        codes = last.vulnerability_codes()
        if kind == ReferralKind.HEALTH:
            data["vulnerabilities"] = codes
            data["needs"] = [n for n in last.needs if n == "health"]
        elif kind in (ReferralKind.SHELTER, ReferralKind.CHILD_PROTECTION):
            data["vulnerabilities"] = [c for c in codes if c in PLACEMENT_VULNERABILITIES]
        elif kind == ReferralKind.LEGAL:
            data["needs"] = [n for n in last.needs if n in ("legal", "language")]
    named = PartnerConsent.objects.filter(person=person, organisation=partner, answer=Consent.GIVEN).exists()
    if named and person.name:
        data["name"] = person.name
    return data


@transaction.atomic
def referral_create(
    *,
    person: Person,
    partner: Organisation,
    kind: str,
    acting_user: User,
    unconditional: bool = False,
    is_demo: bool = False,
) -> Referral:
    if not policies.can_record_for_team(user=acting_user, team=person.team):
        raise Refused(OutreachError.NOT_A_MEMBER, _("You are not a member of this team."), status=403)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if partner.city_id != person.city_id:
        raise Refused(OutreachError.PARTNER_NOT_IN_CITY, _("This partner does not work in this city."), status=422)
    if kind not in ReferralKind.values:
        raise Refused(CommonError.INVALID, _("Choose a kind of referral."), status=422)
    if not consent_allows(person=person, partner=partner, kind=kind):
        raise Refused(
            OutreachError.CONSENT_MISSING,
            _("The person has not agreed to this referral: record their agreement first."),
        )
    last = person.encounters.order_by("-occurred_at").first()
    referral = Referral(
        city=person.city,
        person=person,
        team=person.team,
        partner=partner,
        kind=kind,
        unconditional=unconditional,
        district=last.district if last else person.team.district,
        shared=json.dumps(shared_for(person=person, partner=partner, kind=kind, unconditional=unconditional)),
        created_by=acting_user,
        is_demo=is_demo,
    )
    referral.full_clean()
    referral.save()
    audit_record(
        action=events.REFERRAL_CREATED,
        actor=acting_user,
        city=person.city,
        target=referral,
        data={"kind": kind, "partner": partner.pk, "person": person.reference},
    )
    return referral


@transaction.atomic
def referral_transition(
    *,
    referral: Referral,
    to_status: str,
    acting_user: User,
    scheduled_for: dt.datetime | None = None,
    outcome: str = "",
    now: dt.datetime | None = None,
) -> Referral:
    now = now or timezone.now()
    locked = Referral.objects.select_for_update().select_related("team", "partner").get(pk=referral.pk)
    if to_status not in REFERRAL_TRANSITIONS.get(locked.status, ()):
        raise Refused(
            OutreachError.TRANSITION_NOT_ALLOWED,
            _("A referral that is %(status)s cannot become %(target)s.")
            % {"status": locked.get_status_display(), "target": ReferralStatus(to_status).label}
            if to_status in ReferralStatus.values
            else _("This change is not possible."),
        )
    if not policies.can_move_referral(user=acting_user, referral=locked, to_status=to_status):
        raise Refused(OutreachError.NOT_A_MEMBER, _("You cannot change this referral."), status=403)
    previous = locked.status
    locked.status = to_status
    if to_status == ReferralStatus.SCHEDULED:
        if scheduled_for is None:
            raise Refused(CommonError.INVALID, _("Give the date and time."), status=422)
        locked.scheduled_for = scheduled_for
    if outcome:
        locked.outcome = outcome.strip()[:500]
    if to_status in (ReferralStatus.DONE, ReferralStatus.DECLINED, ReferralStatus.CANCELLED):
        locked.closed_at = now
    locked.full_clean()
    locked.save()
    audit_record(
        action=events.REFERRAL_STATUS_CHANGED,
        actor=acting_user,
        city=locked.city,
        target=locked,
        data={"from": previous, "to": to_status},
    )
    number = locked.district.number if locked.district is not None else 0
    if locked.closed_at is not None:
        figure_add(
            city=locked.city,
            district_number=number,
            moment=now,
            metric=Metric.REFERRALS,
            key=f"{locked.kind}:{to_status}",
            is_demo=locked.is_demo,
        )
    if to_status == ReferralStatus.DONE and locked.kind == ReferralKind.SHELTER:
        hours = max(0, round((now - locked.created_at).total_seconds() / 3600))
        figure_add(
            city=locked.city,
            district_number=number,
            moment=now,
            metric=Metric.SHELTER_PLACED,
            key="minor" if locked.unconditional else "",
            is_demo=locked.is_demo,
        )
        figure_add(
            city=locked.city,
            district_number=number,
            moment=now,
            metric=Metric.SHELTER_HOURS,
            key="minor" if locked.unconditional else "",
            value=hours,
            is_demo=locked.is_demo,
        )
    return locked


def _shared_codes(shared: dict[str, object]) -> set[str]:
    value = shared.get("vulnerabilities")
    return {str(c) for c in value} if isinstance(value, list) else set()


# A shelter's audience from what the referral carries; the partner confirms it on the form.
def audience_guess(shared: dict[str, object]) -> str:
    codes = _shared_codes(shared)
    if shared.get("says_minor"):
        return Audience.YOUNG_AWAITING_ASSESSMENT
    composition = shared.get("composition")
    if composition == "with_children":
        return Audience.WOMEN_WITH_CHILDREN if codes & {"single_headed", "woman_alone"} else Audience.FAMILIES
    if composition in ("family", "couple"):
        return Audience.FAMILIES
    if "woman_alone" in codes:
        return Audience.WOMEN_ALONE
    return Audience.MEN_ALONE


@transaction.atomic
def referral_reserve_place(
    *,
    referral: Referral,
    site: Site,
    audience: str,
    acting_user: User,
    hold_hours: int = 3,
    now: dt.datetime | None = None,
) -> tuple[Referral, list[Reservation]]:
    """The shelter partner answers a shelter referral with beds at one of its sites: a place request carrying
    only the composition and needs the referral shares, beds held until the person arrives, and the referral
    scheduled with its outcome ("place reserved at …") back to the team. A refusal of the shelters app (no free
    place suited) leaves nothing written."""
    now = now or timezone.now()
    locked = Referral.objects.select_for_update().select_related("partner", "team", "city").get(pk=referral.pk)
    if not policies.is_partner_member(user=acting_user, organisation_id=locked.partner_id):
        raise Refused(OutreachError.NOT_A_MEMBER, _("You cannot change this referral."), status=403)
    if locked.kind != ReferralKind.SHELTER:
        raise Refused(OutreachError.NOT_A_SHELTER_REFERRAL, _("Only a shelter referral is answered with a bed."))
    active = (
        locked.place_request is not None
        and Reservation.objects.filter(place_request=locked.place_request, status__in=("held", "arrived")).exists()
    )
    if locked.status not in OPEN_REFERRAL_STATUSES or active:
        raise Refused(
            OutreachError.TRANSITION_NOT_ALLOWED,
            _("A place is already reserved for this referral.")
            if active
            else _("This referral is closed: no place can be reserved for it."),
        )
    if site.operator_id != locked.partner_id or site.city_id != locked.city_id:
        raise Refused(OutreachError.NOT_YOUR_SITE, _("Choose one of your own sites."), status=422)
    if audience not in Audience.values:
        raise Refused(CommonError.INVALID, _("Choose who the place is for."), status=422)
    shared = locked.shared_data()
    codes = _shared_codes(shared)
    adults = int(str(shared.get("adults") or 0))
    children = int(str(shared.get("children") or 0))
    place_request = shelter_services.place_request_create(
        organisation=locked.partner,
        acting_user=acting_user,
        audience=audience,
        adults=adults if adults or children else 1,
        children=children,
        pregnancy="pregnancy" in codes,
        district=locked.district,
        reference=str(shared.get("reference") or "")[:40],
        is_demo=locked.is_demo,
    )
    reservations = shelter_services.reservation_create(
        place_request=place_request, site=site, acting_user=acting_user, hold_hours=hold_hours
    )
    previous = locked.status
    until = min(r.expires_at for r in reservations if r.expires_at is not None)
    locked.place_request = place_request
    locked.status = ReferralStatus.SCHEDULED
    locked.scheduled_for = now
    locked.outcome = _("Place reserved at %(site)s (%(address)s), held until %(time)s.") % {
        "site": site.name,
        "address": site.address or "—",
        "time": timezone.localtime(until).strftime("%H:%M"),
    }
    locked.full_clean()
    locked.save()
    audit_record(
        action=events.REFERRAL_STATUS_CHANGED,
        actor=acting_user,
        city=locked.city,
        target=locked,
        data={"from": previous, "to": ReferralStatus.SCHEDULED, "site": site.pk, "beds": len(reservations)},
    )
    return locked, reservations


def referrals_cancel_without_consent(*, person: Person, acting_user: User) -> int:
    """Cancel the open referrals the person's consent no longer allows (called within a write)."""
    cancelled = 0
    for referral in Referral.objects.select_for_update().filter(person=person, status__in=OPEN_REFERRAL_STATUSES):
        if consent_allows(person=person, partner=referral.partner, kind=referral.kind):
            continue
        referral.status = ReferralStatus.CANCELLED
        referral.closed_at = timezone.now()
        referral.shared = ""
        referral.save(update_fields=["status", "closed_at", "shared", "updated_at"])
        audit_record(
            action=events.REFERRAL_STATUS_CHANGED,
            actor=acting_user,
            city=referral.city,
            target=referral,
            data={"to": "cancelled", "why": "consent_withdrawn"},
        )
        cancelled += 1
    return cancelled
