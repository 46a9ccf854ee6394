"""Encounters and the persons they are with: recorded in under a minute, with the least data.

Lock order (kept on every path): the submission's client key (an advisory lock) → person → encounter. An
encounter carrying a client key (the offline form's idempotency key) is recorded once: a second submission
answers the first encounter.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.core.errors import CommonError, Refused
from accueil.core.locks import exclusive

from .. import events, policies
from ..errors import OutreachError
from ..figures import figure_add
from ..models import (
    Composition,
    Consent,
    Encounter,
    Landmark,
    Metric,
    Offer,
    PartnerConsent,
    Person,
    Referral,
    ReferralKind,
    Team,
    Vulnerability,
)
from ..places import grid_cell_of

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.languages.models import Language
    from accueil.organisations.models import Organisation

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def reference_generate(prefix: str = "P") -> str:
    return f"{prefix}-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(5))


@dataclass(frozen=True)
class Consents:
    """The person's answers, one per purpose ("" not asked, "given", "refused")."""

    follow_up: str = Consent.UNASKED
    shelter: str = Consent.UNASKED
    health: str = Consent.UNASKED
    legal: str = Consent.UNASKED
    partners: Mapping[int, str] = field(default_factory=dict)  # organisation id → answer


@dataclass(frozen=True)
class NewPerson:
    code_name: str = ""
    name: str = ""
    says_minor: bool = False


@dataclass(frozen=True)
class EncounterResult:
    encounter: Encounter
    created: bool
    minor_referral: Referral | None = None
    minor_offered: bool = False


def _refuse_unless_member(user: User, team: Team) -> None:
    if not policies.can_record_for_team(user=user, team=team):
        raise Refused(OutreachError.NOT_A_MEMBER, _("You are not a member of this team."), status=403)


def _apply_consents(person: Person, consents: Consents, *, now: dt.datetime) -> list[str]:
    changed = []
    for purpose in ("follow_up", "shelter", "health", "legal"):
        answer = getattr(consents, purpose)
        if answer not in Consent.values:
            raise Refused(CommonError.INVALID, _("An answer about consent is not valid."), status=422)
        if answer and getattr(person, f"consent_{purpose}") != answer:
            setattr(person, f"consent_{purpose}", answer)
            changed.append(purpose)
    if person.consent_follow_up == Consent.GIVEN and person.engaged_at is None:
        person.engaged_at = now
    return changed


def _apply_partner_consents(person: Person, partners: Mapping[int, str]) -> list[str]:
    changed = []
    for organisation_id, answer in partners.items():
        if answer not in (Consent.GIVEN, Consent.REFUSED):
            continue
        PartnerConsent.objects.update_or_create(
            person=person, organisation_id=organisation_id, defaults={"answer": answer}
        )
        changed.append(f"partner:{organisation_id}")
    return changed


def _new_person(*, team: Team, new: NewPerson, acting_user: User, now: dt.datetime, is_demo: bool) -> Person:
    person = Person(
        city=team.city,
        team=team,
        code_name=new.code_name.strip(),
        name=new.name.strip(),
        says_minor=new.says_minor,
        first_contact_at=now,
        last_contact_at=now,
        created_by=acting_user,
        is_demo=is_demo,
    )
    for _attempt in range(10):
        person.reference = reference_generate()
        if not Person.objects.filter(city=team.city, reference=person.reference).exists():
            break
    person.full_clean()
    person.save()
    audit_record(action=events.PERSON_CREATED, actor=acting_user, city=team.city, target=person)
    return person


@transaction.atomic
def encounter_record(
    *,
    team: Team,
    acting_user: User,
    occurred_at: dt.datetime | None = None,
    person: Person | None = None,
    new_person: NewPerson | None = None,
    landmark: Landmark | None = None,
    grid_cell: str = "",
    point: tuple[float, float] | None = None,
    composition: str = Composition.ALONE,
    adults: int = 1,
    children: int = 0,
    vulnerabilities: Sequence[str] = (),
    needs: Sequence[str] = (),
    language: Language | None = None,
    interpreter_needed: bool = False,
    offered: Sequence[str] = (),
    consents: Consents | None = None,
    notes: str = "",
    client_key: uuid.UUID | None = None,
    minor_shelter_partner: Organisation | None = None,
    is_demo: bool = False,
) -> EncounterResult:
    """Record one encounter. A point, when the phone gives one, becomes its grid cell and is not kept.

    A young person who says they are a minor is offered shelter at once; with their agreement to a shelter
    referral, an unconditional referral goes to the team's shelter partner for young people, before any
    assessment and without waiting for any other field.
    """
    _refuse_unless_member(acting_user, team)
    now = timezone.now()
    occurred_at = occurred_at or now
    if client_key is not None:
        # Two arrivals of the same submission wait for each other here; the second finds the first's encounter.
        with exclusive(f"outreach.encounter:{client_key}"):
            existing = Encounter.objects.filter(city=team.city, client_key=client_key).first()
        if existing is not None:
            return EncounterResult(encounter=existing, created=False)
    if point is not None:
        grid_cell = grid_cell_of(*point)
    vulnerabilities = sorted(set(vulnerabilities))
    if any(code not in Vulnerability.values for code in vulnerabilities):
        raise Refused(CommonError.INVALID, _("Choose vulnerabilities from the list."), status=422)
    is_new = person is None
    if person is None:
        person = _new_person(
            team=team, new=new_person or NewPerson(), acting_user=acting_user, now=occurred_at, is_demo=is_demo
        )
    else:
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.team_id != team.pk:
            raise Refused(OutreachError.NOT_A_MEMBER, _("This person was met by another team."), status=403)
        if new_person is not None and new_person.says_minor and not person.says_minor:
            person.says_minor = True
    if person.exited_at is not None:
        person.exited_at = None  # a new contact re-opens the follow-up
    person.last_contact_at = max(person.last_contact_at, occurred_at)
    consent_changes = _apply_consents(person, consents or Consents(), now=occurred_at)
    person.full_clean()
    person.save()
    consent_changes += _apply_partner_consents(person, (consents or Consents()).partners)
    if consent_changes:
        audit_record(
            action=events.PERSON_CONSENT_CHANGED,
            actor=acting_user,
            city=team.city,
            target=person,
            data={"purposes": consent_changes},
        )
    offered = sorted(set(offered))
    if person.says_minor and Offer.SHELTER not in offered:
        offered = sorted({*offered, Offer.SHELTER})
    district = landmark.district if landmark is not None else team.district
    encounter = Encounter(
        city=team.city,
        team=team,
        person=person,
        occurred_at=occurred_at,
        district=district,
        landmark=landmark,
        grid_cell=grid_cell,
        composition=composition,
        adults=adults,
        children=children,
        vulnerabilities=json.dumps(vulnerabilities) if vulnerabilities else "",
        needs=sorted(set(needs)),
        language=language,
        interpreter_needed=interpreter_needed,
        offered=offered,
        notes=notes.strip(),
        client_key=client_key,
        created_by=acting_user,
        is_demo=is_demo,
    )
    encounter.full_clean()
    try:
        with transaction.atomic():
            encounter.save()
    except IntegrityError:
        existing = Encounter.objects.filter(city=team.city, client_key=client_key).first() if client_key else None
        if existing is None:
            raise
        raise Refused(
            OutreachError.DUPLICATE_SUBMISSION,
            _("This encounter was already recorded."),
            details={"encounter": existing.pk},
        ) from None
    audit_record(
        action=events.ENCOUNTER_RECORDED,
        actor=acting_user,
        city=team.city,
        target=encounter,
        data={"person": person.reference},
    )
    number = district.number if district is not None else 0
    figure_add(city=team.city, district_number=number, moment=occurred_at, metric=Metric.ENCOUNTERS, is_demo=is_demo)
    if is_new:
        figure_add(
            city=team.city, district_number=number, moment=occurred_at, metric=Metric.PEOPLE_MET, is_demo=is_demo
        )
        for code in vulnerabilities:
            figure_add(
                city=team.city,
                district_number=number,
                moment=occurred_at,
                metric=Metric.VULNERABILITY,
                key=code,
                is_demo=is_demo,
            )
    minor_referral = None
    minor_offered = person.says_minor and (is_new or (new_person is not None and new_person.says_minor))
    if minor_offered:
        figure_add(
            city=team.city,
            district_number=number,
            moment=occurred_at,
            metric=Metric.MINORS_SHELTER_OFFERED,
            is_demo=is_demo,
        )
        audit_record(action=events.MINOR_SHELTER_OFFERED, actor=acting_user, city=team.city, target=person)
        partner = minor_shelter_partner or team.minor_shelter_partner
        open_shelter = person.referrals.filter(kind=ReferralKind.SHELTER, closed_at__isnull=True).exists()
        if person.consent_shelter == Consent.GIVEN and partner is not None and not open_shelter:
            from .referrals import referral_create

            minor_referral = referral_create(
                person=person,
                partner=partner,
                kind=ReferralKind.SHELTER,
                acting_user=acting_user,
                unconditional=True,
                is_demo=is_demo,
            )
    return EncounterResult(
        encounter=encounter, created=True, minor_referral=minor_referral, minor_offered=minor_offered
    )


@transaction.atomic
def person_consent_set(*, person: Person, acting_user: User, consents: Consents) -> Person:
    """Record the person's answers; withdrawing a purpose cancels the open referrals that relied on it."""
    _refuse_unless_member(acting_user, person.team)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    now = timezone.now()
    changed = _apply_consents(locked, consents, now=now)
    locked.full_clean()
    locked.save()
    changed += _apply_partner_consents(locked, consents.partners)
    from .referrals import referrals_cancel_without_consent

    cancelled = referrals_cancel_without_consent(person=locked, acting_user=acting_user)
    audit_record(
        action=events.PERSON_CONSENT_CHANGED,
        actor=acting_user,
        city=locked.city,
        target=locked,
        data={"purposes": changed, "referrals_cancelled": cancelled},
    )
    return locked
