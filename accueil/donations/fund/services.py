"""Every write of the fund: gifts, calls for projects, applications and committee scores, allocation, sponsors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.organisations.models import Organisation, Sector

from .. import events, policies
from ..locks import call_lock, sponsor_lock
from .models import (
    Application,
    CallForProjects,
    CallStatus,
    Campaign,
    Donation,
    Score,
    Sponsor,
    SponsorContact,
)
from .selectors import call_candidates

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.territories.models import City


@transaction.atomic
def donation_record(
    *,
    campaign: Campaign,
    amount: Decimal,
    received_on: dt.date,
    acting_user: User,
    donor_name: str = "",
    consent_to_be_named: bool = False,
    reference: str = "",
) -> Donation:
    policies.require(policies.can_record_donations(acting_user, campaign.foundation))
    donation = Donation(
        city_id=campaign.city_id,
        campaign=campaign,
        amount=amount,
        received_on=received_on,
        donor_name=donor_name.strip(),
        consent_to_be_named=consent_to_be_named,
        reference=reference.strip(),
        recorded_by=acting_user,
    )
    donation.full_clean()
    donation.save()
    audit_record(action=events.DONATION_RECORDED, actor=acting_user, target=donation, data={"amount": str(amount)})
    return donation


@transaction.atomic
def application_submit(
    *,
    call: CallForProjects,
    organisation: Organisation,
    project: str,
    district: Any,
    amount_requested: Decimal,
    acting_user: User,
    summary: str = "",
    sector: Sector | None = None,
) -> Application:
    policies.require(policies.can_apply_for(acting_user, organisation))
    if call.status != CallStatus.OPEN or call.closes_on < timezone.localdate():
        raise ValidationError(_("This call for projects is closed."))
    if organisation.city_id != call.city_id or district.city_id != call.city_id:
        raise ValidationError(_("The organisation and the district must be in the city of the call."))
    application = Application(
        city_id=call.city_id,
        call=call,
        organisation=organisation,
        project=project.strip(),
        summary=summary.strip(),
        district=district,
        sector=sector,
        amount_requested=amount_requested,
        submitted_by=acting_user,
    )
    application.full_clean()
    application.save()
    audit_record(action=events.APPLICATION_SUBMITTED, actor=acting_user, target=application)
    return application


@transaction.atomic
def application_score(*, application: Application, value: int, acting_user: User, comment: str = "") -> Score:
    """A committee member's score (coordinators of the city form the committee)."""
    policies.require(policies.can_coordinate(acting_user, application.city))
    if application.call.status == CallStatus.ALLOCATED:
        raise ValidationError(_("The allocation of this call is already published."))
    score = Score.objects.filter(application=application, reviewer=acting_user).first() or Score(
        application=application, reviewer=acting_user
    )
    score.value = value
    score.comment = comment.strip()
    score.full_clean()
    score.save()
    audit_record(action=events.APPLICATION_SCORED, actor=acting_user, target=application, data={"value": value})
    return score


@transaction.atomic
def call_allocate(*, call: CallForProjects, acting_user: User) -> list[Any]:
    """Apply the published fairness rule (`accueil.donations.fairness`) and store the allocations with reasons."""
    from ..fairness import allocate
    from ..models import Allocation

    policies.require(policies.can_coordinate(acting_user, call.city))
    call = call_lock(call)
    if call.status == CallStatus.ALLOCATED:
        raise ValidationError(_("The allocation of this call is already published."))
    results = allocate(
        candidates=call_candidates(call=call), budget=call.budget, cap_per_organisation=call.cap_per_organisation
    )
    allocations = [
        Allocation.objects.create(
            city_id=call.city_id,
            call=call,
            application_id=cast(int, result.key),
            amount=result.amount,
            rank=result.rank,
            reasons=result.reasons,
        )
        for result in results
    ]
    CallForProjects.objects.filter(pk=call.pk).update(status=CallStatus.ALLOCATED)
    audit_record(
        action=events.FUND_ALLOCATED,
        actor=acting_user,
        target=call,
        data={"allocations": len(allocations), "total": str(sum((a.amount for a in allocations), Decimal(0)))},
    )
    return allocations


@transaction.atomic
def call_open(
    *,
    campaign: Campaign,
    title: str,
    budget: Decimal,
    cap_per_organisation: Decimal,
    closes_on: dt.date,
    acting_user: User,
    description: str = "",
) -> CallForProjects:
    """A coordinator opens a call for civic-initiative projects, funded by a campaign."""
    policies.require(policies.can_coordinate(acting_user, campaign.city))
    if closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("The closing date cannot be in the past.")})
    if cap_per_organisation > budget:
        raise ValidationError({"cap_per_organisation": _("The cap per organisation cannot exceed the budget.")})
    call = CallForProjects(
        city_id=campaign.city_id,
        campaign=campaign,
        title=title.strip(),
        description=description.strip(),
        budget=budget,
        cap_per_organisation=cap_per_organisation,
        closes_on=closes_on,
    )
    call.full_clean()
    call.save()
    audit_record(action=events.CALL_OPENED, actor=acting_user, target=call, data={"budget": str(budget)})
    return call


@transaction.atomic
def sponsor_save(
    *,
    city: City,
    name: str,
    acting_user: User,
    budget: Decimal = Decimal(0),
    capacity: int = 1,
    sectors: Sequence[Sector] = (),
    districts: Sequence[Any] = (),
    contact_name: str = "",
    contact_email: str = "",
    sponsor: Sponsor | None = None,
) -> Sponsor:
    """Record a sponsor's interests: sectors, districts, budget and how many projects it can support."""
    policies.require(policies.can_coordinate(acting_user, city))
    if sponsor is not None and sponsor.city_id != city.pk:
        raise PermissionDenied(_("You are not allowed to do this."))
    if any(d.city_id != city.pk for d in districts):
        raise ValidationError({"districts": _("The districts must be in the city.")})
    sponsor = sponsor or Sponsor(city=city)
    sponsor.name = name.strip()
    sponsor.budget = budget
    sponsor.capacity = capacity
    sponsor.contact_name = contact_name.strip()
    sponsor.contact_email = contact_email.strip().lower()
    sponsor.full_clean()
    sponsor.save()
    sponsor.sectors.set(sectors)
    sponsor.districts.set(districts)
    audit_record(action=events.SPONSOR_SAVED, actor=acting_user, target=sponsor)
    return sponsor


@transaction.atomic
def sponsor_contact_confirm(
    *,
    sponsor: Sponsor,
    application: Application,
    acting_user: User,
    score: float = 0,
    reasons: Sequence[Sequence[Any]] = (),
) -> SponsorContact:
    """A coordinator confirms a sponsor–project contact proposed by the matching.

    The contact is recorded and then shown to the members of the project's organisation on their applications
    page (sponsor's name, contact person and email); nothing is emailed, so the sponsor's address never leaves
    the platform to anyone but the project's organisation, and the sponsor is told by the coordinator.
    A sponsor never gets more confirmed contacts than the projects it can support (the sponsor row is locked).
    """
    policies.require(policies.can_coordinate(acting_user, sponsor.city))
    if application.city_id != sponsor.city_id:
        raise ValidationError(_("The sponsor and the project must be in the same city."))
    sponsor = sponsor_lock(sponsor)
    if SponsorContact.objects.filter(sponsor=sponsor, application=application).exists():
        raise ValidationError(_("This contact is already recorded."))
    if SponsorContact.objects.filter(sponsor=sponsor).count() >= sponsor.capacity:
        raise ValidationError(_("This sponsor already supports as many projects as it can."))
    contact = SponsorContact(
        city_id=sponsor.city_id,
        sponsor=sponsor,
        application=application,
        score=score,
        reasons=[list(reason) for reason in reasons],
        confirmed_by=acting_user,
    )
    contact.full_clean()
    contact.save()
    audit_record(
        action=events.SPONSOR_CONTACTED, actor=acting_user, target=sponsor, data={"application": application.pk}
    )
    return contact
