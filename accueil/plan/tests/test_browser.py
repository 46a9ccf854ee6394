"""The public dashboard in a real browser, in French and Arabic: charts, right-to-left, axe-core."""

from __future__ import annotations

import pytest

from accueil.organisations import demo as organisations_demo
from accueil.plan import demo
from accueil.plan.models import Measure
from accueil.testing.browser import axe_violations


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_dashboard_in_french_and_arabic(new_page, live_server, city):
    organisations_demo.load_demo(city=city)
    plan = demo.load_demo(city=city)

    page = new_page(locale="fr")
    page.goto(f"{live_server.url}/fr/plan/")
    assert page.locator("h1").count() == 1
    assert page.locator("svg[role=img]").count() >= 23
    assert page.locator("a", has_text="Protéger tous les mineurs étrangers isolés").count() == 1
    assert axe_violations(page) == []
    page.locator("a", has_text="Renforcer la veille sociale").click()
    assert page.url.endswith("/fr/plan/commitments/3/")
    assert axe_violations(page) == []
    measure = Measure.objects.get(commitment__plan=plan, commitment__number=3, position=2)
    page.goto(f"{live_server.url}{measure.get_absolute_url()}")
    assert page.locator("svg.chart-line").count() == 1
    assert axe_violations(page) == []

    arabic = new_page(locale="ar", java_script_enabled=False)
    arabic.goto(f"{live_server.url}/ar/plan/")
    assert arabic.locator("html").get_attribute("dir") == "rtl"
    assert arabic.locator("svg[role=img]").count() >= 23
    assert axe_violations(arabic) == []
    arabic.goto(f"{live_server.url}/ar/plan/how-progress-is-computed/")
    assert axe_violations(arabic) == []
