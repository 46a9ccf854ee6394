from __future__ import annotations

import pytest

from accueil.testing.browser import axe_violations
from accueil.testing.participation_factories import EventFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ar"])
def test_event_pages_are_accessible_without_javascript(new_page, live_server, city, language):
    event = EventFactory(city=city, title="Session d'information CAF", district=city.districts.first())
    page = new_page(locale=language, java_script_enabled=False)
    page.goto(f"{live_server.url}/{language}/events/")
    assert page.locator("h1").count() == 1
    page.select_option("select[name=kind]", "information_session")
    page.locator("form.filters button").click()
    page.get_by_role("link", name=event.title).click()
    assert page.locator("h1").inner_text() == event.title
    checker = new_page(locale=language)
    for path in (f"/{language}/events/", f"/{language}/events/{event.pk}/"):
        checker.goto(f"{live_server.url}{path}")
        assert axe_violations(checker) == [], path
