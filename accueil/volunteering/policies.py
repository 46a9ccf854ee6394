"""Who may do what in volunteering. Views and endpoints ask here."""

from __future__ import annotations

from typing import Any

from accueil.organisations.models import Organisation
from accueil.organisations.policies import is_member

from .models import Mission, Shift, Signup, SignupStatus


def can_manage_missions_of(user: Any, organisation: Organisation) -> bool:
    """Admins and members of the organisation manage its missions."""
    return is_member(user, organisation)


def can_manage_mission(user: Any, mission: Mission) -> bool:
    return is_member(user, mission.organisation)


def can_manage_shift(user: Any, shift: Shift) -> bool:
    return can_manage_mission(user, shift.mission)


def can_publish_missions(organisation: Organisation) -> bool:
    """Only verified organisations publish."""
    return organisation.is_verified


def can_cancel_signup(user: Any, signup: Signup) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and signup.volunteer_id == user.pk


def can_see_volunteer_contact(user: Any, signup: Signup) -> bool:
    """The organisation sees a volunteer's email and phone only once that sign-up is accepted."""
    return signup.status == SignupStatus.ACCEPTED and can_manage_shift(user, signup.shift)


def volunteer_public_name(user: Any) -> str:
    """What an organisation sees before acceptance: never an email or username."""
    return user.display_name or f"Volunteer #{user.pk}"
