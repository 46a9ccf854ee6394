"""Host offers and their verification by a partner association."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.accounts.models import User
from accueil.audit.services import audit_record
from accueil.core.errors import Refused
from accueil.territories.models import City, District

from .. import events, policies
from ..errors import HostingError
from ..models import (
    HostOffer,
    HostVerification,
    Intermediation,
    OfferKind,
    OfferStatus,
    Proposal,
    ProposalStatus,
    VerificationDecision,
)

if TYPE_CHECKING:
    from accueil.languages.models import Language
    from accueil.organisations.models import Organisation

from .common import forbidden as _forbidden


def _check_place(
    *, city: City, kind: str, operator: Organisation | None, district: District, intermediation: str
) -> None:
    if kind == OfferKind.VACANT_FLAT and (
        operator is None or operator.verification != "verified" or operator.city_id != city.pk
    ):
        raise Refused(
            HostingError.INVALID, _("A vacant flat is let through an approved operator: choose one."), status=422
        )
    if kind == OfferKind.VACANT_FLAT and intermediation not in Intermediation.values:
        raise Refused(HostingError.INVALID, _("Say how the operator lets the flat."), status=422)
    if district.city_id != city.pk:
        raise Refused(HostingError.INVALID, _("Choose a district of the city."), status=422)


@transaction.atomic
def offer_create(
    *,
    acting_user: User,
    city: City,
    verifier: Organisation,
    district: District,
    address: str,
    available_from: dt.date,
    kind: str = OfferKind.ROOM,
    operator: Organisation | None = None,
    rooms: int = 1,
    beds: int = 1,
    resident_men: int = 0,
    resident_women: int = 0,
    resident_children: int = 0,
    step_free: bool = False,
    has_pets: bool = False,
    accepts_guest_pets: bool = False,
    accepts_children: bool = True,
    accepts_men: bool = True,
    languages: Iterable[Language] = (),
    available_until: dt.date | None = None,
    min_months: int = 3,
    max_months: int = 12,
    can_offer: str = "",
    intermediation: str = "",
    surface_m2: int | None = None,
    monthly_rent: int | None = None,
    is_demo: bool = False,
) -> HostOffer:
    """A resident offers a room in their home or a vacant flat; it waits for the association's verification."""
    if not policies.can_offer(user=acting_user):
        raise _forbidden()
    if verifier.city_id != city.pk or verifier.verification != "verified":
        raise Refused(HostingError.INVALID, _("Choose a verified partner association."), status=422)
    _check_place(city=city, kind=kind, operator=operator, district=district, intermediation=intermediation)
    offer = HostOffer(
        city=city,
        host=acting_user,
        kind=kind,
        verifier=verifier,
        operator=operator if kind == OfferKind.VACANT_FLAT else None,
        district=district,
        address=address,
        rooms=rooms,
        beds=beds,
        resident_men=0 if kind == OfferKind.VACANT_FLAT else resident_men,
        resident_women=0 if kind == OfferKind.VACANT_FLAT else resident_women,
        resident_children=0 if kind == OfferKind.VACANT_FLAT else resident_children,
        step_free=step_free,
        has_pets=has_pets,
        accepts_guest_pets=accepts_guest_pets,
        accepts_children=accepts_children,
        accepts_men=accepts_men,
        available_from=available_from,
        available_until=available_until,
        min_months=min_months,
        max_months=max_months,
        can_offer=can_offer,
        intermediation=intermediation if kind == OfferKind.VACANT_FLAT else "",
        surface_m2=surface_m2 if kind == OfferKind.VACANT_FLAT else None,
        monthly_rent=monthly_rent if kind == OfferKind.VACANT_FLAT else None,
        is_demo=is_demo,
    )
    offer.full_clean()
    offer.save()
    offer.languages.set(list(languages))
    HostVerification.objects.create(offer=offer, organisation=verifier)
    audit_record(action=events.OFFER_CREATED, actor=acting_user, city=city, target=offer)
    return offer


# What the host may change after sending the offer, and the changes that send it back to the association (who
# lives there, where it is, the guests it takes): a new visit before any match.
EDITABLE_STATUSES = frozenset({OfferStatus.SUBMITTED, OfferStatus.ACTIVE, OfferStatus.PAUSED})
EDITABLE_FIELDS = (
    "district",
    "address",
    "operator",
    "rooms",
    "beds",
    "resident_men",
    "resident_women",
    "resident_children",
    "step_free",
    "has_pets",
    "accepts_guest_pets",
    "accepts_children",
    "accepts_men",
    "available_from",
    "available_until",
    "min_months",
    "max_months",
    "can_offer",
    "intermediation",
    "surface_m2",
    "monthly_rent",
)
RECHECKED_FIELDS = frozenset(
    {"district", "address", "operator", "resident_men", "resident_women", "resident_children", "intermediation"}
)


@transaction.atomic
def offer_update(
    *, offer: HostOffer, acting_user: User, languages: Iterable[Language] | None = None, **changes: object
) -> tuple[HostOffer, bool]:
    """The host corrects their offer. Proposals made on the old facts are withdrawn (the next run proposes again);
    a change of who lives there, of the address or of the operator sends a verified offer back to the
    association for a new visit. Returns the offer and whether it went back to verification."""
    offer = HostOffer.objects.select_for_update(of=("self",)).select_related("city").get(pk=offer.pk)
    if not policies.is_host_of(user=acting_user, offer=offer):
        raise _forbidden()
    if offer.status not in EDITABLE_STATUSES:
        raise Refused(
            HostingError.INVALID,
            _("This offer cannot be changed now.")
            if offer.status != OfferStatus.HOSTING
            else _("This offer is hosting a household: it changes through the stay (give notice first)."),
        )
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise Refused(HostingError.INVALID, _("This change is not possible for this offer now."), status=422)
    flat = offer.kind == OfferKind.VACANT_FLAT
    if not flat:
        for name in ("operator", "intermediation", "surface_m2", "monthly_rent"):
            changes.pop(name, None)
    else:
        for name in ("resident_men", "resident_women", "resident_children"):
            changes[name] = 0
    before = {name: getattr(offer, name) for name in EDITABLE_FIELDS}
    for name, value in changes.items():
        setattr(offer, name, "" if value is None and name in ("intermediation", "can_offer") else value)
    _check_place(
        city=offer.city,
        kind=offer.kind,
        operator=offer.operator,
        district=offer.district,
        intermediation=offer.intermediation,
    )
    offer.full_clean()
    changed = sorted(name for name in EDITABLE_FIELDS if getattr(offer, name) != before[name])
    old_languages = set(offer.languages.values_list("pk", flat=True))
    new_languages = {language.pk for language in languages} if languages is not None else old_languages
    if new_languages != old_languages:
        changed.append("languages")
    if not changed:
        return offer, False
    recheck = offer.status != OfferStatus.SUBMITTED and bool(RECHECKED_FIELDS & set(changed))
    if recheck:
        offer.status = OfferStatus.SUBMITTED
        HostVerification.objects.filter(offer=offer).update(
            decision=VerificationDecision.IN_PROGRESS, visit_on=None, decided_by=None, decided_at=None
        )
    offer.save()
    if languages is not None:
        offer.languages.set(list(languages))
    Proposal.objects.filter(offer=offer, status=ProposalStatus.PROPOSED).update(
        status=ProposalStatus.WITHDRAWN, decided_at=timezone.now()
    )
    # Field names only: the values (an address, who lives there) stay out of the audit trail.
    audit_record(
        action=events.OFFER_UPDATED,
        actor=acting_user,
        city=offer.city,
        target=offer,
        data={"fields": changed, "verification_again": recheck},
    )
    return offer, recheck


HOST_STATUSES: dict[str, frozenset[str]] = {
    OfferStatus.ACTIVE: frozenset({OfferStatus.PAUSED, OfferStatus.EXHAUSTED}),
    OfferStatus.PAUSED: frozenset({OfferStatus.ACTIVE, OfferStatus.EXHAUSTED}),
    OfferStatus.SUBMITTED: frozenset({OfferStatus.EXHAUSTED}),
}
ASSOCIATION_STATUSES = frozenset({OfferStatus.OUTDATED, OfferStatus.BAD_EXPERIENCE})


@transaction.atomic
def offer_set_status(*, offer: HostOffer, status: str, acting_user: User) -> HostOffer:
    """The host pauses, reopens or withdraws their offer; the association marks it outdated or closed after a
    bad experience. An offer hosting a household changes through the stay's end."""
    offer = HostOffer.objects.select_for_update(of=("self",)).select_related("city", "verifier").get(pk=offer.pk)
    by_host = status in HOST_STATUSES.get(offer.status, frozenset()) and policies.is_host_of(
        user=acting_user, offer=offer
    )
    by_association = (
        status in ASSOCIATION_STATUSES
        and offer.status != OfferStatus.HOSTING
        and policies.can_mark_offer(user=acting_user, offer=offer)
    )
    if not (by_host or by_association):
        if policies.can_view_offer(user=acting_user, offer=offer):
            raise Refused(HostingError.INVALID, _("This change is not possible for this offer now."))
        raise _forbidden()
    previous = offer.status
    offer.status = status
    offer.save(update_fields=["status", "updated_at"])
    Proposal.objects.filter(offer=offer, status=ProposalStatus.PROPOSED).exclude(
        offer__status=OfferStatus.ACTIVE
    ).update(status=ProposalStatus.WITHDRAWN, decided_at=timezone.now())
    audit_record(
        action=events.OFFER_STATUS_CHANGED,
        actor=acting_user,
        city=offer.city,
        target=offer,
        data={"from": previous, "to": status},
    )
    return offer


@transaction.atomic
def verification_record(
    *,
    offer: HostOffer,
    acting_user: User,
    identity_seen: bool,
    visit_on: dt.date | None,
    reference_checked: bool,
    note: str = "",
    decision: str = VerificationDecision.IN_PROGRESS,
) -> HostVerification:
    """The association records its checks; it may verify the offer only when all three are done."""
    offer = HostOffer.objects.select_for_update(of=("self",)).select_related("city", "verifier").get(pk=offer.pk)
    if not policies.can_verify_offer(user=acting_user, offer=offer):
        raise _forbidden()
    verification = HostVerification.objects.select_for_update(of=("self",)).get(offer=offer)
    if verification.decision != VerificationDecision.IN_PROGRESS:
        raise Refused(HostingError.ALREADY_DECIDED, _("This offer has already been decided."))
    verification.identity_seen = identity_seen
    verification.visit_on = visit_on
    verification.reference_checked = reference_checked
    verification.note = note[:500]
    if decision == VerificationDecision.VERIFIED and not verification.complete:
        raise Refused(
            HostingError.VERIFICATION_INCOMPLETE,
            _("An offer is verified only after the identity is seen, the home visited and a reference checked."),
            status=422,
        )
    if decision != VerificationDecision.IN_PROGRESS:
        verification.decision = decision
        verification.decided_by = acting_user
        verification.decided_at = timezone.now()
        offer.status = OfferStatus.ACTIVE if decision == VerificationDecision.VERIFIED else OfferStatus.REFUSED
        offer.save(update_fields=["status", "updated_at"])
    verification.full_clean()
    verification.save()
    audit_record(
        action=events.VERIFICATION_RECORDED,
        actor=acting_user,
        city=offer.city,
        target=offer,
        data={
            "identity_seen": identity_seen,
            "visited": visit_on is not None,
            "reference": reference_checked,
            "decision": verification.decision,
        },
    )
    return verification
