"""Who may create cities and set them up.

A platform operator (a staff account of the deployment) creates cities and invites their first coordinator; a
coordinator of a city sets its own territory up (districts) once invited.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accueil.accounts.policies import is_coordinator, is_platform_operator

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User

    from .models import City


def can_create_city(*, user: User | AnonymousUser | None) -> bool:
    return is_platform_operator(user)


def can_invite_coordinator(*, user: User | AnonymousUser | None, city: City) -> bool:
    """Operators invite a city's coordinators, and so do the city's coordinators."""
    return is_platform_operator(user) or is_coordinator(user=user, city=city)


def can_set_up_city(*, user: User | AnonymousUser | None, city: City | None) -> bool:
    """Districts and the city's own settings: its operators and its coordinators."""
    return city is not None and (is_platform_operator(user) or is_coordinator(user=user, city=city))
