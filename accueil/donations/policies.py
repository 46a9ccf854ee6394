"""Who may do what with donations. Views, endpoints and services ask here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accueil.accounts.policies import is_coordinator
from accueil.organisations.models import Membership, Organisation

from .models import CollectionPoint, DeliveryRun, Need

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City


def _is_member_of(user: User | AnonymousUser, organisation_id: int) -> bool:
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, organisation_id=organisation_id).exists()


def can_manage_point(user: User | AnonymousUser, point: CollectionPoint) -> bool:
    """Staff of a point: members of the organisation that runs it, or a coordinator of its city."""
    return _is_member_of(user, point.managed_by_id) or is_coordinator(user=user, city=point.city)


def can_post_needs_for(user: User | AnonymousUser, site: Organisation) -> bool:
    """A partner site's members post and renew its needs; coordinators may too."""
    return _is_member_of(user, site.pk) or is_coordinator(user=user, city=site.city)


def can_manage_need(user: User | AnonymousUser, need: Need) -> bool:
    return _is_member_of(user, need.site_id) or is_coordinator(user=user, city=need.city)


def can_coordinate(user: User | AnonymousUser, city: City) -> bool:
    """Plan deliveries, curate the catalogue and switches, see the dashboard, score applications."""
    return is_coordinator(user=user, city=city)


def can_drive_run(user: User | AnonymousUser, run: DeliveryRun) -> bool:
    """The assigned driver confirms pick-up and delivery; coordinators may confirm for them."""
    if not user.is_authenticated:
        return False
    return run.driver_id == user.pk or is_coordinator(user=user, city=run.city)


def can_record_donations(user: User | AnonymousUser, foundation: Organisation) -> bool:
    """Staff of the partner foundation record gifts (the payment itself never goes through the platform)."""
    return _is_member_of(user, foundation.pk) or is_coordinator(user=user, city=foundation.city)


def can_apply_for(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return _is_member_of(user, organisation.pk)


def managed_point_ids(user: User | AnonymousUser, city: City) -> list[int]:
    """Points this person may run (all of the city's for a coordinator)."""
    if not user.is_authenticated:
        return []
    points = CollectionPoint.objects.filter(city=city)
    if not is_coordinator(user=user, city=city):
        points = points.filter(managed_by__memberships__user=user)
    return list(points.values_list("pk", flat=True))


def require(allowed: bool) -> None:
    """Refuse, with the module's one message, when ``allowed`` is false."""
    if not allowed:
        raise PermissionDenied(_("You are not allowed to do this."))
