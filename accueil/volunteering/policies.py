"""Who may do what in volunteering. Views and endpoints ask here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accueil.accounts.policies import can_read_city_dashboards, is_coordinator
from accueil.organisations.models import Organisation
from accueil.organisations.policies import is_member, organisation_is_trusted

from .models import Mission, Shift, Signup, SignupStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City

    Person = User | AnonymousUser


def can_manage_missions_of(user: Person, organisation: Organisation) -> bool:
    """Admins and members of the organisation manage its missions."""
    return is_member(user, organisation)


def can_manage_mission(user: Person, mission: Mission) -> bool:
    return is_member(user, mission.organisation)


def can_manage_shift(user: Person, shift: Shift) -> bool:
    return can_manage_mission(user, shift.mission)


def can_publish_missions(organisation: Organisation) -> bool:
    """Only verified organisations publish."""
    return organisation_is_trusted(organisation)


def can_cancel_signup(user: Person, signup: Signup) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and signup.volunteer_id == user.pk


def can_see_volunteer_contact(user: Person, signup: Signup) -> bool:
    """The organisation sees a volunteer's email and phone only once that sign-up is accepted."""
    return signup.status == SignupStatus.ACCEPTED and can_manage_shift(user, signup.shift)


def volunteer_public_name(user: User) -> str:
    """What an organisation sees before acceptance: never an email or username."""
    return user.display_name or f"Volunteer #{user.pk}"


def can_coordinate(user: Person, city: City | None) -> bool:
    """City coordinators see the whole picture and run "fill the gaps"."""
    return city is not None and bool(user.is_authenticated) and is_coordinator(user=user, city=city)


def can_read_coordination(user: Person, city: City | None) -> bool:
    """The coverage dashboard is read by coordinators and, read-only, by elected officials."""
    return can_read_city_dashboards(user=user, city=city)
