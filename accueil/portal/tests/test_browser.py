"""Browser tests of the page shell: signing in and switching language, accessibility, JavaScript off."""

from __future__ import annotations

import re

import pytest

from accueil.organisations.search_text import organisation_search_text
from accueil.testing.browser import axe_violations
from accueil.testing.factories import OrganisationFactory, RoleAssignmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PATHS = ["/{lang}/", "/{lang}/organisations/", "/{lang}/volunteering/", "/{lang}/accounts/login/"]


def test_volunteer_signs_in_switches_to_arabic_and_signs_out(page, live_server, city):
    user = UserFactory(email="amina@example.org")
    RoleAssignmentFactory(user=user, city=city, role="volunteer")

    page.goto(f"{live_server.url}/fr/accounts/login/")
    page.fill("input[name=login]", "amina@example.org")
    page.fill("input[name=password]", "correct-horse-battery")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/fr/accounts/me/$"))

    page.locator(".language-switcher a[hreflang=ar]").click()
    page.wait_for_url(re.compile(r"/ar/accounts/me/$"))
    assert page.locator("html[dir=rtl][lang=ar]").count() == 1
    assert page.locator(".language-switcher a[hreflang=ar]").get_attribute("aria-current") == "true"

    page.locator("form.logout-form button").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/ar/accounts/me/")
    assert re.search(r"/ar/accounts/login/\?next=", page.url), page.url
    assert page.locator("input[name=login]").count() == 1


@pytest.mark.parametrize("language", ["fr", "ar", "ti"])
def test_public_pages_have_no_serious_accessibility_violation(page, live_server, city, language):
    OrganisationFactory(city=city, name="Association démo (démo)")
    failures = {}
    for template in PUBLIC_PATHS:
        path = template.format(lang=language)
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
        violations = axe_violations(page)
        if violations:
            failures[path] = violations
    assert failures == {}


def test_pages_work_with_javascript_off(new_page, live_server, city):
    for name in ["Secours Populaire (démo)", "Emmaüs Solidarité (démo)"]:
        search_text = organisation_search_text(name=name, acronym="", description="")
        OrganisationFactory(city=city, name=name, search_text=search_text)
    page = new_page(java_script_enabled=False)

    page.goto(f"{live_server.url}/fr/")
    assert page.locator("h1").count() == 1
    page.locator("main a[href='/fr/organisations/']").first.click()
    page.wait_for_url(re.compile(r"/fr/organisations/$"))
    assert page.locator(".cards .card").count() == 2

    page.fill("input[name=q]", "Emmaüs")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"/fr/organisations/\?.*q=Emma"))
    assert page.locator(".cards .card").count() == 1
    assert page.locator(".cards .card h3").inner_text().startswith("Emmaüs Solidarité")

    # The language switcher is plain links: it works without scripts too.
    page.locator(".language-switcher a[hreflang=ti]").click()
    page.wait_for_url(re.compile(r"/ti/organisations/\?.*q=Emma"))
    assert page.locator("html").get_attribute("lang") == "ti"
