"""Browser tests of the page shell: languages, accessibility, JavaScript off."""

from __future__ import annotations

import pytest

from accueil.testing.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_has_no_serious_accessibility_violation(page, live_server, city):
    page.goto(f"{live_server.url}/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert axe_violations(page) == []
