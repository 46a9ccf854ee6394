"""Test helpers for people with roles and two-factor authentication."""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from accueil.testing.factories import RoleAssignmentFactory, UserFactory

PASSWORD = "correct-horse-battery"  # noqa: S105 (the test password of UserFactory)


def totp_code(secret: str, offset: int = 0) -> str:
    """The code an authenticator app shows now for `secret` (offset in 30-second periods)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def user_with_role(*, city: Any, role: str, email: str | None = None, **kwargs: Any) -> Any:
    user = UserFactory(**({"email": email} if email else {}), **kwargs)
    RoleAssignmentFactory(user=user, city=city, role=role)
    return user


def totp_activate(*, user: Any) -> tuple[str, list[str]]:
    """Give `user` an authenticator app and recovery codes; returns (secret, recovery codes)."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).generate_codes()
    return secret, codes
