"""The directory in a real browser, JavaScript off, in Tigrinya and Arabic: search by need, a service page with
today's status and the weekly hours, a visitor report; axe-core finds no serious violation."""

from __future__ import annotations

import datetime as dt

import pytest

from accueil.directory.models import Report
from accueil.directory.services import categories_sync, search_index_service
from accueil.languages.catalogue import LANGUAGES
from accueil.languages.models import Language
from accueil.testing.browser import axe_violations
from accueil.testing.directory_factories import ServiceFactory
from accueil.testing.factories import OrganisationFactory
from accueil.translations.services import translation_load_published

ALL_DAY = [(d, dt.time(0, 0), dt.time(23, 59)) for d in range(7)]


@pytest.fixture
def services(city):
    # Transactional tests flush reference rows loaded by migrations: put them back.
    categories_sync()
    Language.objects.bulk_create(
        [Language(code=c, name_en=n, native_name=native, rtl=rtl) for c, n, native, rtl in LANGUAGES],
        ignore_conflicts=True,
    )
    org = OrganisationFactory(city=city, name="Association Exemple")
    health = ServiceFactory(
        organisation=org,
        name="Centre de santé Exemple",
        description="Consultations de médecine générale.",
        categories=["health-doctor"],
        languages=["ar", "ti"],
        hours=ALL_DAY,
        indexed=False,
    )
    translation_load_published(obj=health, field="name", language="ti", text="ማእከል ጥዕና ኣብነት")
    translation_load_published(obj=health, field="name", language="ar", text="مركز الصحة النموذجي")
    search_index_service(service=health)
    ServiceFactory(organisation=org, name="Bains-douches Exemple", categories=["wash-showers"], hours=ALL_DAY)
    return {"health": health}


def _find_and_open(page, base: str, lang: str, query: str, name: str) -> None:
    page.goto(f"{base}/{lang}/services/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    page.fill("#id_q", query)
    page.locator("form.dir-search button[type=submit]").click()
    assert "q=" in page.url
    results = page.locator("ul.dir-results > li")
    assert results.count() == 1
    assert results.first.locator(".badge").count() == 1  # today's status on the list
    assert axe_violations(page) == []
    results.first.locator("a", has_text=name).click()
    assert page.locator("h1").inner_text() == name
    assert page.locator("p .badge-ok").count() == 1  # open now: every day 00:00–23:59
    assert page.locator("table.dir-hours tbody tr").count() == 7
    assert page.locator("table.dir-hours th[scope=row]").count() == 7
    assert "23:59" in page.locator("table.dir-hours").inner_text()
    assert axe_violations(page) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_migrant_finds_a_doctor_in_tigrinya_and_arabic_without_javascript(new_page, live_server, services):
    tigrinya = new_page(locale="ti", java_script_enabled=False)
    _find_and_open(tigrinya, live_server.url, "ti", "ሓኪም", "ማእከል ጥዕና ኣብነት")
    assert tigrinya.locator("html").get_attribute("dir") == "ltr"

    arabic = new_page(locale="ar", java_script_enabled=False)
    _find_and_open(arabic, live_server.url, "ar", "طبيب", "مركز الصحة النموذجي")
    assert arabic.locator("html").get_attribute("dir") == "rtl"

    # The one-tap report posts without an account and comes back to the service page.
    arabic.locator("input[name=kind][value=closed]").check()
    arabic.fill("#id_comment", "مغلق صباح اليوم")
    arabic.locator("section[aria-labelledby=report] button[type=submit]").click()
    assert arabic.url.endswith(f"/ar/services/{services['health'].pk}/")
    report = Report.objects.get()
    assert (report.service_id, report.kind, report.comment, report.language) == (
        services["health"].pk,
        "closed",
        "مغلق صباح اليوم",
        "ar",
    )
