"""In a real browser, right-to-left, on a 360 px phone, JavaScript off, axe-core clean: a host changes their
offer in Persian; an operator changes a unit in Arabic and a coordinator filters the winter plan's places."""

from __future__ import annotations

import pytest

from accueil.hosting.models import HostOffer
from accueil.hosting.tests.test_browser import PHONE, no_horizontal_scroll, sign_in
from accueil.shelters.models import Availability, Unit
from accueil.testing.browser import axe_violations


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_host_changes_the_offer_in_persian_on_a_phone(new_page, live_server, make_offer, host, social_worker):
    offer = make_offer(verify_by=social_worker)
    page = new_page(locale="fa", java_script_enabled=False, viewport=PHONE)
    sign_in(page.context, live_server, host)
    page.goto(f"{live_server.url}/fa/hosting/offers/{offer.pk}/", timeout=90_000)  # the first page warms the server
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.click(f"a[href='/fa/hosting/offers/{offer.pk}/edit/']")
    assert page.url.endswith(f"/fa/hosting/offers/{offer.pk}/edit/")
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page)
    page.fill("#id_max_months", "2")
    page.click("form button[type=submit]")
    assert page.locator(".errorlist").count() == 1  # too short a stay: a translated error, nothing saved
    assert HostOffer.objects.get(pk=offer.pk).max_months == 12
    assert axe_violations(page) == []
    page.fill("#id_max_months", "6")
    page.fill("#id_resident_men", "0")
    page.click("form button[type=submit]")
    assert page.url.endswith(f"/fa/hosting/offers/{offer.pk}/")
    assert "دوباره بازدید" in page.content()  # "will visit again", in Persian
    assert axe_violations(page) == []
    offer.refresh_from_db()
    assert (offer.max_months, offer.resident_men, offer.status) == (6, 0, "submitted")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_operator_changes_a_unit_and_the_winter_places_show_in_arabic(
    new_page, live_server, site, make_unit, operator, coordinator
):
    unit = make_unit(site, beds=2, name="Dortoir A")
    page = new_page(locale="ar", java_script_enabled=False, viewport=PHONE)
    sign_in(page.context, live_server, operator)
    page.goto(f"{live_server.url}/ar/shelters/sites/{site.pk}/", timeout=90_000)
    page.click(f"a[href='/ar/shelters/sites/{site.pk}/units/{unit.pk}/edit/']")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page)
    page.fill("#id_beds", "5")
    page.select_option("#id_availability", Availability.SEASONAL)
    page.click("form button[type=submit]")
    assert page.url.endswith(f"/ar/shelters/sites/{site.pk}/")
    assert axe_violations(page) == []
    unit = Unit.objects.get(pk=unit.pk)
    assert (unit.beds.count(), unit.availability) == (5, "seasonal")
    coordinator_page = new_page(locale="ar", java_script_enabled=False, viewport=PHONE)
    sign_in(coordinator_page.context, live_server, coordinator)
    coordinator_page.goto(f"{live_server.url}/ar/shelters/places/")
    coordinator_page.select_option("#f-availability", Availability.SEASONAL)
    coordinator_page.click("form.shelters-filter button[type=submit]")
    assert "availability=seasonal" in coordinator_page.url
    assert coordinator_page.locator("tbody tr").count() == 1
    assert axe_violations(coordinator_page) == []
    assert no_horizontal_scroll(coordinator_page)
