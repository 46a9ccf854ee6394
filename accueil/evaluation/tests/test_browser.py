"""The comparison, a published cycle and a practice in Arabic on a 360 px wide phone, without JavaScript:
right-to-left, no sideways scrolling, the chart with its table, axe-core clean, each page under 50 KB."""

from __future__ import annotations

import pytest

from accueil.evaluation import services
from accueil.testing.browser import axe_violations
from accueil.testing.pageweight import assert_page_weight

PHONE = {"width": 360, "height": 740}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_arabic_phone_pages(new_page, live_server, client, shipped, make_published, coordinator, city):
    oecd, charter = shipped
    make_published(oecd, cycle=2024, choice={"O1.1": "1"}, challenge={"O12.1": "2"})
    published = make_published(charter, cycle=2024)
    practice = services.practice_save(
        city=city,
        acting_user=coordinator,
        title="Zones à aller voir",
        summary="Quoi.",
        audience="Qui.",
        results="",
        contact_name="Mission",
        contact_email="mission@example.org",
        objectives=[],
        measures=[],
    )
    page = new_page(locale="ar", java_script_enabled=False, viewport=PHONE)
    for path in [
        "/ar/evaluation/compare/?framework=oecd-checklist&level=objective",
        f"/ar/evaluation/assessments/{published.pk}/",
        "/ar/evaluation/crosswalk/",
        f"/ar/evaluation/practices/{practice.pk}/",
        "/ar/evaluation/frameworks/oecd-checklist/2018/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert axe_violations(page) == []
        assert_page_weight(client, path)
    page.goto(f"{live_server.url}/ar/evaluation/compare/?framework=oecd-checklist")
    assert page.locator("svg[role=img] title").text_content() == page.locator("h2").first.text_content()
    assert page.locator("table tbody tr").count() == 1
    assert page.locator("h1[lang='fr']").count() == 0
