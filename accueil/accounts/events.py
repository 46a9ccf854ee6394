"""Audit event types recorded by the accounts app (the `action` of `accueil.audit.models.AuditEvent`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LOGIN = "accounts.login"
LOGIN_FAILED = "accounts.login_failed"
LOGOUT = "accounts.logout"
SIGNED_UP = "accounts.signed_up"
EMAIL_CONFIRMED = "accounts.email_confirmed"
EMAIL_CHANGED = "accounts.email_changed"
PASSWORD_CHANGED = "accounts.password_changed"  # noqa: S105 (an event name)
PASSWORD_SET = "accounts.password_set"  # noqa: S105
PASSWORD_RESET = "accounts.password_reset"  # noqa: S105
TWO_FACTOR_ACTIVATED = "accounts.two_factor_activated"
TWO_FACTOR_DEACTIVATED = "accounts.two_factor_deactivated"
TWO_FACTOR_FAILED = "accounts.two_factor_failed"
RECOVERY_CODES_REGENERATED = "accounts.recovery_codes_regenerated"
RECOVERY_CODE_USED = "accounts.recovery_code_used"
ROLE_GRANTED = "accounts.role_granted"
ROLE_REVOKED = "accounts.role_revoked"
PROFILE_UPDATED = "accounts.profile_updated"

LABELS = {
    LOGIN: _("Signed in"),
    LOGIN_FAILED: _("Failed sign-in"),
    LOGOUT: _("Signed out"),
    SIGNED_UP: _("Account created"),
    EMAIL_CONFIRMED: _("Email address confirmed"),
    EMAIL_CHANGED: _("Email address changed"),
    PASSWORD_CHANGED: _("Password changed"),
    PASSWORD_SET: _("Password set"),
    PASSWORD_RESET: _("Password reset"),
    TWO_FACTOR_ACTIVATED: _("Two-factor authentication activated"),
    TWO_FACTOR_DEACTIVATED: _("Two-factor authentication deactivated"),
    TWO_FACTOR_FAILED: _("Wrong two-factor code"),
    RECOVERY_CODES_REGENERATED: _("Recovery codes regenerated"),
    RECOVERY_CODE_USED: _("Recovery code used"),
    ROLE_GRANTED: _("Role granted"),
    ROLE_REVOKED: _("Role revoked"),
    PROFILE_UPDATED: _("Profile updated"),
}
