"""Who may do what with donations. Views, endpoints and services ask here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accueil.organisations.models import Membership, Organisation
from accueil.organisations.policies import is_city_coordinator

from .models import CollectionPoint, DeliveryRun, Need


def _is_member_of(user: Any, organisation_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(user=user, organisation_id=organisation_id).exists()


def can_manage_point(user: Any, point: CollectionPoint) -> bool:
    """Staff of a point: members of the organisation that runs it, or a coordinator of its city."""
    return _is_member_of(user, point.managed_by_id) or is_city_coordinator(user, point.city)


def can_post_needs_for(user: Any, site: Organisation) -> bool:
    """A partner site's members post and renew its needs; coordinators may too."""
    return _is_member_of(user, site.pk) or is_city_coordinator(user, site.city)


def can_manage_need(user: Any, need: Need) -> bool:
    return _is_member_of(user, need.site_id) or is_city_coordinator(user, need.city)


def can_coordinate(user: Any, city: Any) -> bool:
    """Plan deliveries, curate the catalogue and switches, see the dashboard, score applications."""
    return is_city_coordinator(user, city)


def can_drive_run(user: Any, run: DeliveryRun) -> bool:
    """The assigned driver confirms pick-up and delivery; coordinators may confirm for them."""
    if not getattr(user, "is_authenticated", False):
        return False
    return run.driver_id == user.pk or is_city_coordinator(user, run.city)


def can_record_donations(user: Any, foundation: Organisation) -> bool:
    """Staff of the partner foundation record gifts (the payment itself never goes through the platform)."""
    return _is_member_of(user, foundation.pk) or is_city_coordinator(user, foundation.city)


def can_apply_for(user: Any, organisation: Organisation) -> bool:
    return _is_member_of(user, organisation.pk)


def managed_point_ids(user: Any, city: Any) -> list[int]:
    """Points this person may run (all of the city's for a coordinator)."""
    if not getattr(user, "is_authenticated", False):
        return []
    points = CollectionPoint.objects.filter(city=city)
    if not is_city_coordinator(user, city):
        points = points.filter(managed_by__memberships__user=user)
    return list(points.values_list("pk", flat=True))


def require(allowed: bool) -> None:
    """Refuse, with the module's one message, when ``allowed`` is false."""
    if not allowed:
        raise PermissionDenied(_("You are not allowed to do this."))
