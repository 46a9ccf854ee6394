"""Who may see and do what in hosting.

- The host sees and manages only their own offers, and answers proposals made to them.
- The verifying association (members of the verified organisation the host chose) sees the offer, records its
  checks and decides; it is the only one, with the city's coordinators, to see a host's data.
- The support association (members of the household's verified organisation) manages its households, answers
  proposals for them, follows their stays; only its members may read a household's name (each read audited).
- Coordinators see the city-wide picture and run the matching; they see households only pseudonymously.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from accueil.accounts.policies import can_read_city_dashboards, is_coordinator
from accueil.organisations.models import Membership
from accueil.shelters.policies import can_request_for, is_partner, partner_organisations

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.organisations.models import Organisation
    from accueil.shelters.policies import Person
    from accueil.territories.models import City

    from .models import HostOffer, Household, Proposal, Stay

__all__ = ["can_request_for", "is_partner", "partner_organisations"]


def is_member_of(*, user: Person, organisation: Organisation | None) -> bool:
    return organisation is not None and can_request_for(user=user, organisation=organisation)


def can_offer(*, user: Person) -> bool:
    return user.is_authenticated


def is_host_of(*, user: Person, offer: HostOffer) -> bool:
    return user.is_authenticated and offer.host_id == user.pk


def can_view_offer(*, user: Person, offer: HostOffer) -> bool:
    return (
        is_host_of(user=user, offer=offer)
        or is_member_of(user=user, organisation=offer.verifier)
        or is_member_of(user=user, organisation=offer.operator)
        or is_coordinator(user=user, city=offer.city)
    )


def can_verify_offer(*, user: Person, offer: HostOffer) -> bool:
    return is_member_of(user=user, organisation=offer.verifier)


def can_mark_offer(*, user: Person, offer: HostOffer) -> bool:
    """Outdated or closed after a bad experience: the verifying association or a coordinator."""
    return can_verify_offer(user=user, offer=offer) or is_coordinator(user=user, city=offer.city)


def can_manage_household(*, user: Person, household: Household) -> bool:
    return is_member_of(user=user, organisation=household.organisation)


def can_view_household(*, user: Person, household: Household) -> bool:
    return can_manage_household(user=user, household=household) or is_coordinator(user=user, city=household.city)


def can_read_name(*, user: Person, household: Household) -> bool:
    return can_manage_household(user=user, household=household)


def can_run_matching(*, user: Person, city: City, organisation: Organisation | None) -> bool:
    if organisation is None:
        return is_coordinator(user=user, city=city)
    return organisation.city_id == city.pk and is_member_of(user=user, organisation=organisation)


def can_answer_for_host(*, user: Person, proposal: Proposal) -> bool:
    return proposal.offer is not None and is_host_of(user=user, offer=proposal.offer)


def can_answer_for_household(*, user: Person, proposal: Proposal) -> bool:
    return can_manage_household(user=user, household=proposal.household)


def can_follow_stay(*, user: Person, stay: Stay) -> bool:
    return is_member_of(user=user, organisation=stay.organisation) or is_coordinator(user=user, city=stay.city)


def can_view_stay(*, user: Person, stay: Stay) -> bool:
    return can_follow_stay(user=user, stay=stay) or (stay.offer is not None and is_host_of(user=user, offer=stay.offer))


def can_give_notice(*, user: Person, stay: Stay) -> bool:
    return can_view_stay(user=user, stay=stay)


def can_view_city_overview(*, user: Person, city: City) -> bool:
    return user.is_authenticated and is_coordinator(user=user, city=city)


def can_read_city_overview(*, user: Person, city: City) -> bool:
    """The places overview is read by coordinators and, read-only, by elected officials."""
    return can_read_city_dashboards(user=user, city=city)


# --- What requires a second factor (registered with `accueil.core.readers` in `HostingConfig.ready`) ---


def reads_households_and_hosts(user: User) -> bool:
    """Members of a support association with households (their names), or of an association that verifies or
    operates hosts' offers (the host's address and notes)."""
    from .models import HostOffer, Household

    organisations = Membership.objects.filter(user=user).values("organisation_id")
    return (
        Household.objects.filter(organisation_id__in=organisations).exists()
        or HostOffer.objects.filter(Q(verifier_id__in=organisations) | Q(operator_id__in=organisations)).exists()
    )
