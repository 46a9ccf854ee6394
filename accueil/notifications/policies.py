"""Who may see the outbox: the coordinators of the city."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accueil.accounts.policies import is_coordinator

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City


def can_view_outbox(*, user: User | AnonymousUser, city: City | None) -> bool:
    return city is not None and user.is_authenticated and is_coordinator(user=user, city=city)
