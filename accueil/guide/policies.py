"""Who may do what with the rights guide."""

from __future__ import annotations

from typing import Any

from accueil.accounts.models import Role
from accueil.accounts.selectors import user_has_role


def can_edit_guide(user: Any, city: Any) -> bool:
    """The French source is written by the city's coordinators."""
    return bool(getattr(user, "is_authenticated", False)) and user_has_role(user=user, city=city, role=Role.COORDINATOR)
