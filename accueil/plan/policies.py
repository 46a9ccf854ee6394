"""Who may do what with the plan. Views, endpoints and services ask here.

- the public sees published items only;
- elected officials see everything, unpublished items included, read-only;
- coordinators of the city edit the plan, its indicators and reviews;
- owners (the measure's owner user, or a member of its owner organisation) update their own measures' status
  and enter values for their own measures' indicators (never computed ones).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accueil.accounts.models import Role
from accueil.accounts.policies import is_active_user as _authenticated
from accueil.accounts.policies import is_coordinator
from accueil.accounts.selectors import user_roles
from accueil.organisations.models import Membership

from .models import Indicator, Measure, Review

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City

    AnyUser = User | AnonymousUser | None


def can_see_unpublished(user: AnyUser, city: City | None) -> bool:
    if not _authenticated(user) or city is None:
        return False
    return bool({str(Role.COORDINATOR), str(Role.ELECTED_OFFICIAL)} & user_roles(user=user, city=city))


def can_edit_plan(user: AnyUser, city: City | None) -> bool:
    return is_coordinator(user=user, city=city)


_ORGANISATIONS_CACHE = "_plan_organisation_ids"


def owned_organisation_ids(user: AnyUser) -> set[int]:
    if not _authenticated(user):
        return set()
    cached = getattr(user, _ORGANISATIONS_CACHE, None)
    if cached is None:  # asked several times per page: kept on the user object for the request
        cached = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
        setattr(user, _ORGANISATIONS_CACHE, cached)
    return set(cached)


def is_measure_owner(user: AnyUser, measure: Measure) -> bool:
    if not _authenticated(user):
        return False
    if measure.owner_user_id is not None and measure.owner_user_id == user.pk:
        return True
    return measure.owner_organisation_id is not None and measure.owner_organisation_id in owned_organisation_ids(user)


def can_update_measure_status(user: AnyUser, measure: Measure) -> bool:
    return is_coordinator(user=user, city=measure.city) or is_measure_owner(user, measure)


def can_enter_values(user: AnyUser, indicator: Indicator) -> bool:
    """Values of manual or imported indicators: a coordinator, or the owner of the indicator's measure."""
    if indicator.is_computed:
        return False
    if is_coordinator(user=user, city=indicator.city):
        return True
    return indicator.measure is not None and is_measure_owner(user, indicator.measure)


def can_view_measure(user: AnyUser, measure: Measure) -> bool:
    if measure.published and measure.commitment.published and (measure.parent is None or measure.parent.published):
        return True
    return can_see_unpublished(user, measure.city) or is_measure_owner(user, measure)


def can_manage_reviews(user: AnyUser, city: City | None) -> bool:
    return is_coordinator(user=user, city=city)


def can_view_review(user: AnyUser, review: Review) -> bool:
    """Frozen reviews and their reports are public documents; drafts are for coordinators and elected officials."""
    return review.is_frozen or can_see_unpublished(user, review.city)
