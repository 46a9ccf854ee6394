"""Who can read what is known of people in need, declared once by each app that holds it.

An app whose records carry sensitive fields (beneficiaries and their notes, meeting notes, households,
encounters, referrals, hosts' addresses) registers, in its `AppConfig.ready()`, a check answering "can this
person read some of it?". `accounts` asks every registered check to decide who must pass a second factor, so
a new app that holds sensitive data extends the rule by registering its own check, not by naming a role.

A check takes the signed-in person and answers with a boolean; it must be cheap (one `exists()` query) because
it runs once per sign-in and whenever the person's access changes (`User.access_version`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accueil.accounts.models import User

ReaderCheck = Callable[["User"], bool]

_checks: dict[str, ReaderCheck] = {}


def register_sensitive_reader(name: str, check: ReaderCheck) -> None:
    """Declare that the people for whom `check(user)` is true can read sensitive data (`name`: what they read,
    for instance "mentoring.beneficiaries"). Registering the same name again replaces the check."""
    _checks[name] = check


def sensitive_reads(user: User) -> list[str]:
    """The names of what this person can read, in registration order (empty: nothing sensitive)."""
    return [name for name, check in _checks.items() if check(user)]


def can_read_sensitive(user: User) -> bool:
    return any(check(user) for check in _checks.values())


def registered_readers() -> list[str]:
    return list(_checks)
