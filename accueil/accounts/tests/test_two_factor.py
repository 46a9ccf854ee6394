"""Two-factor authentication: mandatory for sensitive roles, TOTP activation, sign-in with codes."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accueil.accounts.middleware import SESSION_KEY
from accueil.accounts.services import role_grant, role_revoke
from accueil.audit.models import AuditEvent
from accueil.testing.accounts_factories import PASSWORD, totp_activate, totp_code, user_with_role
from accueil.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

ACTIVATE = "/en/accounts/2fa/totp/activate/"


@pytest.mark.parametrize("role", ["coordinator", "outreach_worker"])
@pytest.mark.parametrize("path", ["/en/accounts/me/", "/en/", "/fr/organisations/", "/en/accounts/me/profile/"])
def test_sensitive_role_without_totp_is_sent_to_setup(client, city, role, path):
    user = user_with_role(city=city, role=role)
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == path[:4] + "accounts/2fa/totp/activate/"


def test_api_answers_json_refusal(client, city):
    client.force_login(user_with_role(city=city, role="coordinator"))
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "two_factor_required"


@pytest.mark.parametrize(
    "path", ["/en/accounts/2fa/", "/en/accounts/logout/", "/static/css/site.css", "/en/accounts/reauthenticate/"]
)
def test_setup_logout_and_static_stay_reachable(client, city, path):
    client.force_login(user_with_role(city=city, role="coordinator"))
    response = client.get(path)
    assert response.status_code != 302 or response["Location"] != ACTIVATE


@pytest.mark.parametrize("role", ["volunteer", "host", "translator", "elected_official"])
def test_other_roles_are_not_forced(client, city, role):
    client.force_login(user_with_role(city=city, role=role))
    assert client.get("/en/accounts/me/").status_code == 200


def test_full_flow_activate_then_sign_in_with_code_and_recovery_code(
    client, city, login, django_capture_on_commit_callbacks
):
    user = user_with_role(city=city, role="coordinator", email="coord@example.org", preferred_language="en")
    response = login("coord@example.org")
    assert response.status_code == 302
    # Dashboard first, then the middleware sends the coordinator to TOTP setup.
    assert client.get(response["Location"])["Location"] == ACTIVATE

    # allauth asks for the password again before any change to authenticators.
    response = client.get(ACTIVATE)
    assert response["Location"].startswith("/en/accounts/reauthenticate/")
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    content = page.content.decode()
    assert 'src="data:image/svg+xml' in content
    secret = client.session["mfa.totp.secret"]
    assert secret in content  # typed by people who cannot scan

    response = client.post(ACTIVATE, {"code": "000000" if totp_code(secret) != "000000" else "111111"})
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=user).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert set(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == {"totp", "recovery_codes"}
    assert AuditEvent.objects.filter(action="accounts.two_factor_activated", actor=user).count() == 1
    assert client.get("/en/accounts/me/").status_code == 200

    recovery = client.get("/en/accounts/2fa/recovery-codes/")
    assert recovery.status_code == 200
    codes = Authenticator.objects.get(user=user, type="recovery_codes").wrap().get_unused_codes()
    assert codes[0] in recovery.content.decode()

    # Sign out; signing in now asks for the code.
    client.post("/en/accounts/logout/")
    response = login("coord@example.org")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert client.get("/en/accounts/me/").status_code == 302  # not signed in yet

    # A wrong code is refused.
    wrong = "123456" if totp_code(secret) != "123456" else "654321"
    response = client.post("/en/accounts/2fa/authenticate/", {"code": wrong})
    assert response.status_code == 200
    assert b'class="errorlist"' in response.content
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="accounts.two_factor_failed", target_id=str(user.pk)).count() == 1

    # A recovery code works...
    response = client.post("/en/accounts/2fa/authenticate/", {"code": codes[0]})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/me/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuditEvent.objects.filter(action="accounts.recovery_code_used", actor=user).count() == 1

    # ...once.
    client.post("/en/accounts/logout/")
    login("coord@example.org")
    response = client.post("/en/accounts/2fa/authenticate/", {"code": codes[0]})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_in_with_totp_code(client, city, login):
    user = user_with_role(city=city, role="outreach_worker", email="maraude@example.org", preferred_language="en")
    secret, _codes = totp_activate(user=user)
    assert login("maraude@example.org")["Location"] == "/en/accounts/2fa/authenticate/"
    response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/en/outreach/"  # outreach workers land on their page
    assert client.get("/en/accounts/me/").status_code == 200
    assert AuditEvent.objects.filter(action="accounts.login", actor=user).count() == 1


def test_deactivating_totp_brings_the_requirement_back(client, city, login, django_capture_on_commit_callbacks):
    user = user_with_role(city=city, role="coordinator", email="coord@example.org", preferred_language="en")
    secret, _codes = totp_activate(user=user)
    login("coord@example.org")
    client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert client.get("/en/accounts/me/").status_code == 200
    response = client.post("/en/accounts/2fa/totp/deactivate/")
    assert response["Location"].startswith("/en/accounts/reauthenticate/")
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/accounts/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user, type="totp").exists()
    assert AuditEvent.objects.filter(action="accounts.two_factor_deactivated", actor=user).count() == 1
    assert client.get("/en/accounts/me/")["Location"] == ACTIVATE


def test_check_is_cached_in_session_and_expires_on_role_change(client, city):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/en/accounts/me/").status_code == 200
    assert client.session[SESSION_KEY]["needed"] is False

    # Cached: an authenticated page pays no query for the two checks.
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/accounts/me/profile/")
    assert not [q for q in queries if "mfa_authenticator" in q["sql"] or "accounts_roleassignment" in q["sql"]]

    # A coordinator grants a sensitive role: the cache expires at the next request.
    role_grant(user=user, city=city, role="coordinator", acting_user=None)
    assert client.get("/en/accounts/me/profile/")["Location"] == ACTIVATE
    role_revoke(user=user, city=city, role="coordinator", acting_user=None)
    assert client.get("/en/accounts/me/profile/").status_code == 200


def test_password_still_required_before_code(client, city):
    user = user_with_role(city=city, role="coordinator", email="coord@example.org", preferred_language="en")
    secret, _codes = totp_activate(user=user)
    response = client.post("/en/accounts/login/", {"login": "coord@example.org", "password": "wrong" + PASSWORD})
    assert response.status_code == 200
    response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert "_auth_user_id" not in client.session
