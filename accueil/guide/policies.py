"""Who may do what with the rights guide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accueil.accounts.policies import is_coordinator

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City


def can_edit_guide(user: User | AnonymousUser | None, city: City | None) -> bool:
    """The French source is written by the city's coordinators."""
    return is_coordinator(user=user, city=city)
