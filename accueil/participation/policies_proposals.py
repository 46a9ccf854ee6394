"""Who may do what with proposals and resources.

- Proposals: anyone with an account submits; coordinators of the city moderate, answer and link measures; the
  public sees published proposals only, an author also sees their own.
- Resources: "members" are people with any organisation membership in the city, plus its coordinators. They
  see members-only resources; everyone sees public ones. Members of a resource's organisation (or coordinators,
  for the City's own resources and any other) edit it.
"""

from __future__ import annotations

from typing import Any

from accueil.organisations.models import Membership

from .models_proposals import Proposal
from .models_resources import Resource, ResourceVisibility
from .policies import is_coordinator


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_active", False))


def can_submit_proposal(user: Any) -> bool:
    return _authenticated(user)


def can_moderate_proposals(user: Any, city: Any) -> bool:
    return is_coordinator(user, city)


def can_view_proposal(user: Any, proposal: Proposal) -> bool:
    if proposal.is_published:
        return True
    if _authenticated(user) and proposal.author_id == user.pk:
        return True
    return can_moderate_proposals(user, proposal.city)


def is_city_member(user: Any, city: Any) -> bool:
    if not _authenticated(user) or city is None:
        return False
    if is_coordinator(user, city):
        return True
    return Membership.objects.filter(user=user, organisation__city=city).exists()


def organisation_is_member(organisation: Any, city: Any) -> bool:
    """An organisation of the city (through its API token) sees what the platform's members see."""
    return organisation is not None and city is not None and organisation.city_id == city.pk


def can_view_resource(user: Any, resource: Resource) -> bool:
    if resource.visibility == ResourceVisibility.PUBLIC:
        return True
    return is_city_member(user, resource.city)


def can_share_for(user: Any, *, city: Any, organisation: Any) -> bool:
    """Share a resource in the name of ``organisation`` (None: the City, coordinators only)."""
    if organisation is None:
        return is_coordinator(user, city)
    if organisation.city_id != getattr(city, "pk", None) or not _authenticated(user):
        return False
    return is_coordinator(user, city) or Membership.objects.filter(user=user, organisation=organisation).exists()


def can_edit_resource(user: Any, resource: Resource) -> bool:
    if is_coordinator(user, resource.city):
        return True
    if resource.organisation_id is None or not _authenticated(user):
        return False
    return Membership.objects.filter(user=user, organisation_id=resource.organisation_id).exists()
