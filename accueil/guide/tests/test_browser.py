"""The rights guide in a real browser, in Arabic and Tigrinya, JavaScript off, axe-core clean."""

from __future__ import annotations

import pytest

from accueil.guide import demo
from accueil.testing.browser import axe_violations


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_guide_in_arabic_and_tigrinya_without_javascript(new_page, live_server, city):
    demo.load_demo(city=city)

    arabic = new_page(locale="ar", java_script_enabled=False)
    arabic.goto(f"{live_server.url}/ar/guide/")
    assert arabic.locator("html").get_attribute("dir") == "rtl"
    assert arabic.locator("h1").count() == 1
    assert axe_violations(arabic) == []
    arabic.locator("a", has_text="طلب اللجوء خطوة بخطوة").first.click()
    assert arabic.url.endswith("/ar/guide/demande-asile/")
    assert arabic.locator("h1").inner_text() == "طلب اللجوء خطوة بخطوة"
    # the untranslated body is marked as French, left to right
    assert arabic.locator("div[lang=fr][dir=ltr]").count() >= 1
    arabic.select_option("#guide-district", "2")
    arabic.locator("form.filters button").click()
    assert "district=2" in arabic.url
    assert axe_violations(arabic) == []

    tigrinya = new_page(locale="ti", java_script_enabled=False)
    tigrinya.goto(f"{live_server.url}/ti/guide/road-map/asylum_seeker/")
    assert tigrinya.locator("h1").inner_text() == "ሓታቲ ዑቕባ እየ"
    assert tigrinya.locator("ol.guide-road-map > li").count() == 5
    assert axe_violations(tigrinya) == []
    tigrinya.goto(f"{live_server.url}/ti/guide/sante/")
    assert axe_violations(tigrinya) == []
