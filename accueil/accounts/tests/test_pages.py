"""Every account page we override renders in the site layout, accessible, without inline script or style."""

from __future__ import annotations

import re

import pytest

from accueil.testing.accounts_factories import PASSWORD, totp_activate
from accueil.testing.factories import UserFactory

from .conftest import shown

pytestmark = pytest.mark.django_db


def _check_page(content: str, path: str) -> None:
    assert content.count("<h1") == 1, path
    assert 'id="main"' in content, path
    assert "style=" not in content, path
    assert "<script" not in content, path
    # Every visible input has a label tied to it.
    for input_id in re.findall(r'<input(?![^>]*type="(?:hidden|submit)")[^>]*\bid="([^"]+)"', content):
        assert f'for="{input_id}"' in content, (path, input_id)


@pytest.fixture
def signed_in(client, city):
    user = UserFactory(email="lina@example.org", preferred_language="en")
    totp_activate(user=user)
    client.force_login(user)
    # Recently re-authenticated, as after typing the password again.
    assert client.post("/en/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    return user


@pytest.mark.parametrize(
    "path",
    [
        "/en/accounts/email/",
        "/en/accounts/password/change/",
        "/en/accounts/me/profile/",
        "/en/accounts/2fa/",
        "/en/accounts/2fa/recovery-codes/",
        "/en/accounts/2fa/recovery-codes/generate/",
        "/en/accounts/2fa/totp/deactivate/",
        "/en/accounts/logout/",
        "/en/accounts/reauthenticate/",
    ],
)
def test_manage_pages(client, signed_in, path):
    response = client.get(path)
    assert response.status_code == 200, response.get("Location")
    _check_page(response.content.decode(), path)


def test_totp_activation_page(client, city):
    UserFactory(email="new@example.org", preferred_language="en")
    client.post("/en/accounts/login/", {"login": "new@example.org", "password": PASSWORD})
    client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.get("/en/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    content = response.content.decode()
    _check_page(content, "activate")
    assert f'alt="{shown("QR code to scan with your authenticator app")}"' in content
    assert 'autocomplete="one-time-code"' in content


def test_entrance_pages_in_arabic(client, city):
    for path, field in [
        ("/ar/accounts/login/", 'name="password"'),
        ("/ar/accounts/signup/", 'name="password1"'),
        ("/ar/accounts/password/reset/", 'name="email"'),
    ]:
        response = client.get(path)
        assert response.status_code == 200
        content = response.content.decode()
        assert 'dir="rtl"' in content
        assert field in content
        _check_page(content, path)


def test_login_form_keeps_allauth_field_names(client, city):
    content = client.get("/fr/accounts/login/").content.decode()
    assert 'name="login"' in content
    assert 'name="password"' in content
    assert 'for="id_login"' in content


def test_admin_login_goes_through_allauth(client, city):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert re.match(r"^/[a-z]{2}/accounts/login/\?next=", response["Location"])
