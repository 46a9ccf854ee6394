"""Who may do what in outreach. One place; views, endpoints and services ask here.

- Coordinators of the city set up teams, landmarks, camp operations and interpreters, run interpreting matches
  and read the aggregate figures; they never read a person's record.
- Outreach workers who are members of a team record its encounters and read its persons' records.
- Partner organisations read and move the referrals addressed to them, carrying only what consent allowed.
- Elected officials read the aggregate figures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accueil.accounts.models import Role
from accueil.accounts.policies import is_coordinator
from accueil.accounts.selectors import user_has_role
from accueil.organisations.models import Membership

from .models import REFERRAL_TRANSITIONS, Person, Referral, ReferralStatus, Team, TeamMember

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.territories.models import City

    AnyUser = User | Any


def _active(user: AnyUser) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_active", False))


def is_outreach_worker(*, user: AnyUser, city: City) -> bool:
    return _active(user) and user_has_role(user=user, city=city, role=Role.OUTREACH_WORKER)


def is_team_member(*, user: AnyUser, team: Team) -> bool:
    return (
        _active(user)
        and TeamMember.objects.filter(team=team, user=user).exists()
        and is_outreach_worker(user=user, city=team.city)
    )


def can_manage_teams(*, user: AnyUser, city: City) -> bool:
    return _active(user) and is_coordinator(user=user, city=city)


def can_record_for_team(*, user: AnyUser, team: Team) -> bool:
    return team.active and is_team_member(user=user, team=team)


def can_view_person(*, user: AnyUser, person: Person) -> bool:
    """The person's record: only the members of the team that met them."""
    return is_team_member(user=user, team=person.team)


def is_partner_member(*, user: AnyUser, organisation_id: int) -> bool:
    return _active(user) and Membership.objects.filter(user=user, organisation_id=organisation_id).exists()


def can_view_referral(*, user: AnyUser, referral: Referral) -> bool:
    return is_team_member(user=user, team=referral.team) or is_partner_member(
        user=user, organisation_id=referral.partner_id
    )


def can_move_referral(*, user: AnyUser, referral: Referral, to_status: str) -> bool:
    """The partner accepts, declines, schedules and closes; the team (or the partner) cancels."""
    if to_status not in REFERRAL_TRANSITIONS.get(referral.status, ()):
        return False
    if to_status == ReferralStatus.CANCELLED:
        return can_view_referral(user=user, referral=referral)
    return is_partner_member(user=user, organisation_id=referral.partner_id)


def can_view_figures(*, user: AnyUser, city: City) -> bool:
    return _active(user) and (
        is_coordinator(user=user, city=city) or user_has_role(user=user, city=city, role=Role.ELECTED_OFFICIAL)
    )


def can_request_interpreting(*, user: AnyUser, city: City) -> bool:
    """Teams, partners and the City's services ask for interpreters."""
    if not _active(user):
        return False
    return (
        is_outreach_worker(user=user, city=city)
        or is_coordinator(user=user, city=city)
        or Membership.objects.filter(user=user, organisation__city=city).exists()
    )


def can_manage_interpreting(*, user: AnyUser, city: City) -> bool:
    return can_manage_teams(user=user, city=city)


def can_record_in_camp(*, user: AnyUser, operation: Any) -> bool:
    return any(is_team_member(user=user, team=team) for team in operation.teams.all())


def can_use_outreach(*, user: AnyUser, city: City) -> bool:
    return can_manage_teams(user=user, city=city) or is_outreach_worker(user=user, city=city)


# --- What requires a second factor (registered with `accueil.core.readers` in `OutreachConfig.ready`) ---


def reads_persons(user: User) -> bool:
    """Members of an outreach team read its persons' records."""
    return TeamMember.objects.filter(user=user).exists()


def reads_referrals(user: User) -> bool:
    """Members of a partner organisation read the referrals addressed to it."""
    return Referral.objects.filter(partner__memberships__user=user).exists()
