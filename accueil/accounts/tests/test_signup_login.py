"""Sign-up with email confirmation, sign-in, password reset, preferred language."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accueil.accounts.models import User
from accueil.audit.models import AuditEvent
from accueil.testing.accounts_factories import PASSWORD
from accueil.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-much-longer-passphrase-42"


def _link(message: str) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", message)
    assert match, message
    return match.group(1)


@pytest.mark.smoke
def test_signup_confirm_then_login(client, city):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "Amina@Example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    user = User.objects.get(email="amina@example.org")
    assert user.preferred_language == "en"
    assert EmailAddress.objects.get(user=user).verified is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["amina@example.org"]

    # Not confirmed yet: signing in sends the person back to "check your email".
    client.logout()
    response = client.post("/en/accounts/login/", {"login": "amina@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"

    confirm_url = _link(mail.outbox[-1].body)
    page = client.get(confirm_url)
    assert page.status_code == 200
    assert b"amina@example.org" in page.content
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified is True

    client.logout()
    response = client.post("/en/accounts/login/", {"login": "amina@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/me/"
    assert client.get("/en/accounts/me/").status_code == 200
    assert AuditEvent.objects.filter(action="accounts.signed_up", target_id=str(user.pk)).count() == 1
    assert AuditEvent.objects.filter(action="accounts.email_confirmed", target_id=str(user.pk)).count() == 1


def test_signup_rejects_bad_input_without_creating_anything(client, city):
    response = client.post("/fr/accounts/signup/", {"email": "not-an-email", "password1": "short", "password2": "x"})
    assert response.status_code == 200
    assert b'class="errorlist"' in response.content
    assert b'aria-invalid="true"' in response.content
    assert User.objects.count() == 0
    assert len(mail.outbox) == 0


def test_password_reset_by_email_link(client, city):
    user = UserFactory(email="karim@example.org")
    response = client.post("/en/accounts/password/reset/", {"email": "karim@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    reset_url = _link(mail.outbox[0].body)
    response = client.get(reset_url, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_url
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(PASSWORD)
    assert AuditEvent.objects.filter(action="accounts.password_reset", target_id=str(user.pk)).count() == 1
    # The link works once.
    used = client.get(reset_url, follow=True).content.decode()
    assert 'name="password1"' not in used
    assert 'href="/en/accounts/password/reset/"' in used


def test_password_reset_for_unknown_address_reveals_nothing(client, city):
    response = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password/reset/done/"


def test_password_change(client, city, login):
    user = UserFactory(email="lea@example.org")
    login("lea@example.org")
    response = client.post(
        "/en/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="accounts.password_changed", actor=user).count() == 1


def test_wrong_old_password_changes_nothing(client, city, login):
    user = UserFactory(email="lea@example.org")
    login("lea@example.org")
    response = client.post(
        "/en/accounts/password/change/",
        {"oldpassword": "wrong-wrong-wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="accounts.password_changed").exists()


def test_login_lands_on_dashboard_in_preferred_language(client, city):
    UserFactory(email="samir@example.org", preferred_language="ar")
    response = client.post("/fr/accounts/login/", {"login": "samir@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/ar/accounts/me/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b'lang="ar"' in page.content
    assert b'dir="rtl"' in page.content


def test_saving_preferred_language_switches_interface(client, city, login):
    user = UserFactory(email="tesfay@example.org", preferred_language="fr")
    login("tesfay@example.org", language="fr")
    response = client.post(
        "/fr/accounts/me/profile/", {"display_name": "Tesfay", "phone": "+33 6 00 00 00 00", "preferred_language": "ti"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/ti/accounts/me/profile/"
    assert response.cookies["accueil_language"].value == "ti"
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language) == ("Tesfay", "ti")


def test_profile_rejects_unknown_language(client, city, login):
    user = UserFactory(email="tesfay@example.org", preferred_language="fr")
    login("tesfay@example.org")
    response = client.post("/en/accounts/me/profile/", {"display_name": "T", "phone": "", "preferred_language": "xx"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language) == ("", "fr")


@pytest.mark.parametrize(
    "path",
    [
        "/en/accounts/login/",
        "/en/accounts/signup/",
        "/en/accounts/password/reset/",
        "/en/accounts/password/reset/done/",
        "/en/accounts/confirm-email/",
    ],
)
def test_entrance_pages_render_in_layout(client, city, path):
    response = client.get(path)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1>") == 1
    assert 'id="main"' in content
    assert "style=" not in content
    assert "<script" not in content


def test_change_email_address(client, city, login):
    user = UserFactory(email="old@example.org", preferred_language="en")
    login("old@example.org")
    response = client.post("/en/accounts/email/", {"action_add": "", "email": "new@example.org"})
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new@example.org").verified is False
    client.post(_link(mail.outbox[-1].body))
    assert EmailAddress.objects.get(email="new@example.org").verified is True
    response = client.post("/en/accounts/email/", {"action_primary": "", "email": "new@example.org"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "new@example.org"
    event = AuditEvent.objects.get(action="accounts.email_changed")
    assert (event.actor, event.data) == (user, {"to": "new@example.org"})
