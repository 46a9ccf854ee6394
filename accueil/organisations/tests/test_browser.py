"""The registry pages in a real browser: accessible (axe-core), usable with JavaScript off, light."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from accueil.languages.models import Language
from accueil.organisations.models import Sector
from accueil.testing.browser import axe_violations
from accueil.testing.pageweight import assert_page_weight


def sign_in(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])


@pytest.fixture
def profile(organisation):
    organisation.sectors.set(Sector.objects.filter(code__in=["legal", "health"]))
    organisation.languages.set(Language.objects.filter(code__in=["ar", "ti"]))
    return organisation


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_public_registry_pages_are_accessible(page, new_page, live_server, profile, language):
    for path in ("organisations/", f"organisations/{profile.slug}/", "organisations/?q=zzz&district=99"):
        page.goto(f"{live_server.url}/{language}/{path}")
        assert axe_violations(page) == [], path
    # With JavaScript off, the search form and the links still work.
    plain = new_page(java_script_enabled=False)
    plain.goto(f"{live_server.url}/{language}/organisations/")
    plain.fill("#id_q", "ELAN")
    plain.click("form[role=search] button[type=submit]")
    assert "q=ELAN" in plain.url
    plain.click(f"a[href='/{language}/organisations/{profile.slug}/']")
    assert plain.locator("h1").inner_text().startswith("Élan Solidaire")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_pages_are_accessible(page, live_server, profile, admin, member):
    sign_in(page.context, live_server, admin)
    for path in ("edit/", "members/", "tokens/"):
        page.goto(f"{live_server.url}/fr/organisations/{profile.slug}/{path}")
        assert page.locator("h1").count() == 1
        assert axe_violations(page) == [], path
    page.fill("#id_name", "Site web")
    page.click("main form button[type=submit]")
    assert page.locator(".token-value").inner_text().startswith("acc_")


@pytest.mark.django_db
def test_public_pages_are_light(client, profile):
    assert_page_weight(client, "/fr/organisations/")
    assert_page_weight(client, f"/ar/organisations/{profile.slug}/")
