"""Audit events of sign-in, the audit log page, login throttling and security headers."""

from __future__ import annotations

import pytest

from accueil.audit.models import AuditEvent
from accueil.audit.services import audit_record
from accueil.testing.accounts_factories import PASSWORD, totp_activate, user_with_role
from accueil.testing.factories import UserFactory

from .conftest import shown

pytestmark = pytest.mark.django_db

AUDIT = "/en/accounts/audit/"


def throttled_message() -> str:
    from allauth.account.adapter import DefaultAccountAdapter

    return shown(str(DefaultAccountAdapter.error_messages["too_many_login_attempts"]))


def test_sign_in_failure_and_sign_out_are_recorded(client, city, login):
    user = UserFactory(email="omar@example.org")
    login("omar@example.org", password="not-the-password")
    failed = AuditEvent.objects.get(action="accounts.login_failed")
    assert (failed.actor, failed.city, failed.data) == (None, city, {"email": "omar@example.org"})
    assert failed.ip_address == "127.0.0.1"
    assert "not-the-password" not in str(AuditEvent.objects.values_list("data", flat=True))

    login("omar@example.org")
    success = AuditEvent.objects.get(action="accounts.login")
    assert (success.actor, success.city, success.target_id) == (user, city, str(user.pk))

    client.post("/en/accounts/logout/")
    logout = AuditEvent.objects.get(action="accounts.logout")
    assert (logout.actor, logout.city) == (user, city)
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "accounts.login_failed",
        "accounts.login",
        "accounts.logout",
    ]


def test_sixth_failed_attempt_is_throttled_even_with_the_right_password(client, city, login):
    UserFactory(email="omar@example.org")
    for _attempt in range(5):
        response = login("omar@example.org", password="wrong-password-123")
        assert response.status_code == 200
        assert throttled_message() not in response.content.decode()
    response = login("omar@example.org")
    assert response.status_code == 200
    assert throttled_message() in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="accounts.login_failed").count() == 5
    assert not AuditEvent.objects.filter(action="accounts.login").exists()


def test_audit_log_is_for_coordinators_of_the_city(client, city, other_city):
    coordinator = user_with_role(city=city, role="coordinator")
    totp_activate(user=coordinator)
    audit_record(action="accounts.role_granted", actor=coordinator, city=city, data={"role": "host"})
    audit_record(action="accounts.login_failed", city=city, data={"email": "x@example.org"})
    audit_record(action="accounts.login_failed", city=other_city, data={"email": "lyon-secret@example.org"})
    client.force_login(coordinator)

    page = client.get(AUDIT)
    assert page.status_code == 200
    content = page.content.decode()
    assert shown("Role granted") in content
    assert "x@example.org" in content
    assert "lyon-secret@example.org" not in content

    filtered = client.get(AUDIT, {"action": "accounts.role_granted"}).content.decode()
    assert shown("Role granted") in filtered
    assert "x@example.org" not in filtered
    # Unknown filters and pages fall back to the whole first page instead of failing.
    assert client.get(AUDIT, {"action": "<script>", "page": "9999"}).status_code == 200


@pytest.mark.parametrize("role", [None, "volunteer", "elected_official"])
def test_audit_log_refused_to_others(client, city, role):
    actor = user_with_role(city=city, role=role) if role else UserFactory()
    audit_record(action="accounts.login_failed", city=city, data={"email": "x@example.org"})
    client.force_login(actor)
    response = client.get(AUDIT)
    assert response.status_code == 403
    assert b"x@example.org" not in response.content


def test_audit_log_is_paginated(client, city):
    coordinator = user_with_role(city=city, role="coordinator")
    totp_activate(user=coordinator)
    for index in range(60):
        audit_record(action="accounts.login_failed", city=city, data={"email": f"p{index}@example.org"})
    client.force_login(coordinator)
    first = client.get(AUDIT).content.decode()
    assert "p59@example.org" in first
    assert "p0@example.org" not in first
    assert "?page=2" in first
    second = client.get(AUDIT, {"page": 2}).content.decode()
    assert "p0@example.org" in second


@pytest.mark.smoke
def test_security_headers(client, city):
    response = client.get("/en/accounts/login/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_carry_no_inline_script_or_style(client, city):
    user = user_with_role(city=city, role="coordinator", preferred_language="en")
    totp_activate(user=user)
    client.force_login(user)
    for path in ["/en/accounts/me/", "/en/accounts/me/profile/", AUDIT, "/en/accounts/roles/", "/en/accounts/2fa/"]:
        content = client.get(path).content.decode()
        assert "style=" not in content, path
        assert "<script" not in content, path
        assert content.count("<h1") == 1, path


def test_session_expires_at_browser_close_and_after_eight_hours(client, city, login, settings):
    UserFactory(email="omar@example.org")
    response = login("omar@example.org")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["expires"] == ""  # a browser-session cookie
    assert client.session.get_expire_at_browser_close() is True
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert PASSWORD not in str(AuditEvent.objects.values_list("data", flat=True))
