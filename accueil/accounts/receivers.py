"""Audit events for sign-in, sign-out, passwords and two-factor authentication.

Connected in `AccountsConfig.ready()`. Recording an audit event is the only thing these receivers do.
"""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import signals as auth_signals
from django.http import HttpRequest

from accueil.audit.services import audit_record
from accueil.core.http import city_or_none

from . import events
from .models import User

# Longest email we keep from a failed attempt (the field is free text typed by anyone).
MAX_TRIED_EMAIL = 254


def on_logged_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    audit_record(action=events.LOGIN, actor=user, city=city_or_none(request), target=user, request=request)


def on_logged_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is None:
        return
    audit_record(action=events.LOGOUT, actor=user, city=city_or_none(request), target=user, request=request)


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django has already replaced the password by a mask; we keep only the address that was tried.
    tried = credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    audit_record(
        action=events.LOGIN_FAILED,
        city=city_or_none(request),
        data={"email": str(tried)[:MAX_TRIED_EMAIL].lower()},
        request=request,
    )


def _user_event(action: str) -> Any:
    def receiver(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
        audit_record(action=action, actor=user, city=city_or_none(request), target=user, request=request)

    receiver.__name__ = f"on_{action.rsplit('.', 1)[-1]}"
    return receiver


on_signed_up = _user_event(events.SIGNED_UP)
on_password_changed = _user_event(events.PASSWORD_CHANGED)
on_password_set = _user_event(events.PASSWORD_SET)
on_password_reset = _user_event(events.PASSWORD_RESET)


def on_email_confirmed(sender: Any, request: HttpRequest | None, email_address: Any, **kwargs: Any) -> None:
    audit_record(
        action=events.EMAIL_CONFIRMED,
        actor=getattr(request, "user", None),
        city=city_or_none(request),
        target=email_address.user,
        request=request,
    )


def on_email_changed(
    sender: Any, request: HttpRequest | None, user: User, from_email_address: Any, to_email_address: Any, **kwargs: Any
) -> None:
    audit_record(
        action=events.EMAIL_CHANGED,
        actor=user,
        city=city_or_none(request),
        target=user,
        data={"to": to_email_address.email if to_email_address else ""},
        request=request,
    )


def _authenticator_event(kind: str, action: str, name: str) -> Any:
    """A receiver recording ``action`` when the authenticator concerned is of ``kind`` (TOTP, recovery codes)."""

    def receiver(
        sender: Any, request: HttpRequest | None, user: User, authenticator: Authenticator, **kwargs: Any
    ) -> None:
        if authenticator.type == kind:
            audit_record(action=action, actor=user, city=city_or_none(request), target=user, request=request)

    receiver.__name__ = name
    return receiver


on_authenticator_added = _authenticator_event(
    Authenticator.Type.TOTP, events.TWO_FACTOR_ACTIVATED, "on_authenticator_added"
)
on_authenticator_removed = _authenticator_event(
    Authenticator.Type.TOTP, events.TWO_FACTOR_DEACTIVATED, "on_authenticator_removed"
)
on_authenticator_reset = _authenticator_event(
    Authenticator.Type.RECOVERY_CODES, events.RECOVERY_CODES_REGENERATED, "on_authenticator_reset"
)
on_authenticator_used = _authenticator_event(
    Authenticator.Type.RECOVERY_CODES, events.RECOVERY_CODE_USED, "on_authenticator_used"
)


def on_mfa_failed(
    sender: Any, request: HttpRequest | None, user: User, authenticator: Authenticator | None = None, **kwargs: Any
) -> None:
    audit_record(
        action=events.TWO_FACTOR_FAILED,
        city=city_or_none(request),
        target=user,
        data={"reauthentication": bool(kwargs.get("reauthentication", False))},
        request=request,
    )


def connect() -> None:
    uid = "accueil.accounts.receivers"
    auth_signals.user_logged_in.connect(on_logged_in, dispatch_uid=f"{uid}.logged_in")
    auth_signals.user_logged_out.connect(on_logged_out, dispatch_uid=f"{uid}.logged_out")
    auth_signals.user_login_failed.connect(on_login_failed, dispatch_uid=f"{uid}.login_failed")
    account_signals.user_signed_up.connect(on_signed_up, dispatch_uid=f"{uid}.signed_up")
    account_signals.password_changed.connect(on_password_changed, dispatch_uid=f"{uid}.password_changed")
    account_signals.password_set.connect(on_password_set, dispatch_uid=f"{uid}.password_set")
    account_signals.password_reset.connect(on_password_reset, dispatch_uid=f"{uid}.password_reset")
    account_signals.email_confirmed.connect(on_email_confirmed, dispatch_uid=f"{uid}.email_confirmed")
    account_signals.email_changed.connect(on_email_changed, dispatch_uid=f"{uid}.email_changed")
    mfa_signals.authenticator_added.connect(on_authenticator_added, dispatch_uid=f"{uid}.authenticator_added")
    mfa_signals.authenticator_removed.connect(on_authenticator_removed, dispatch_uid=f"{uid}.authenticator_removed")
    mfa_signals.authenticator_reset.connect(on_authenticator_reset, dispatch_uid=f"{uid}.authenticator_reset")
    mfa_signals.authenticator_used.connect(on_authenticator_used, dispatch_uid=f"{uid}.authenticator_used")
    mfa_signals.authentication_failed.connect(on_mfa_failed, dispatch_uid=f"{uid}.mfa_failed")
