"""The front door: from /<lang>/, in each of the seven languages, one link reaches every area of the site.

In the browser at 360 px with JavaScript off (a cheap phone), the page has no horizontal scroll and no serious
accessibility violation; the city's name is written in the reader's script where the city gives one.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from accueil.testing.browser import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Area → its path after the language prefix; every one must be linked from the home page's main content.
AREAS = {
    "directory": "/services/",
    "guide": "/guide/",
    "donations": "/donations/",
    "volunteering": "/volunteering/",
    "events": "/events/",
    "plan": "/plan/",
    "partners": "/organisations/",
}
# The header menu carries the main ones on every page.
MENU = ["directory", "guide", "donations", "volunteering", "events", "plan"]
LANGUAGES = [code for code, _name in settings.LANGUAGES]
PHONE = {"width": 360, "height": 740}


def test_every_language_has_a_front_door_to_every_area(new_page, live_server, city):
    city.names = {"ar": "باريس", "ti": "ፓሪስ"}
    city.save(update_fields=["names"])
    page = new_page(java_script_enabled=False, viewport=PHONE)
    reached = {}
    for index, language in enumerate(LANGUAGES):
        response = page.goto(f"{live_server.url}/{language}/")
        assert response is not None and response.status == 200, language
        main_links = {a.get_attribute("href") for a in page.locator("main a").all()}
        menu_links = {a.get_attribute("href") for a in page.locator("header nav.main-nav a").all()}
        missing = [area for area, path in AREAS.items() if f"/{language}{path}" not in main_links]
        missing += [f"menu:{area}" for area in MENU if f"/{language}{AREAS[area]}" not in menu_links]
        assert missing == [], language
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], language
        # Follow one area per language (a different one each time) and land on a page in that language.
        area = list(AREAS)[index % len(AREAS)]
        page.locator(f"main a[href='/{language}{AREAS[area]}']").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == language
        reached[language] = (area, page.url.removeprefix(live_server.url))
    assert reached == {
        language: (list(AREAS)[i % len(AREAS)], f"/{language}{AREAS[list(AREAS)[i % len(AREAS)]]}")
        for i, language in enumerate(LANGUAGES)
    }


@pytest.mark.parametrize(("language", "city_name"), [("ar", "باريس"), ("ti", "ፓሪስ"), ("fr", "Paris")])
def test_front_door_speaks_the_readers_script_and_passes_axe(new_page, live_server, city, language, city_name):
    city.names = {"ar": "باريس", "ti": "ፓሪስ"}
    city.save(update_fields=["names"])
    page = new_page(locale=language, java_script_enabled=False, viewport=PHONE)
    page.goto(f"{live_server.url}/{language}/")
    assert city_name in page.locator("h1").inner_text()
    assert page.locator(".brand-city").inner_text() == city_name
    assert page.locator("main .front-door > li").count() == 10
    assert axe_violations(page) == []
