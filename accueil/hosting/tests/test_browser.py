"""In a real browser, on a 360 px phone, JavaScript off, axe-core clean: a resident offers a room in Arabic,
and a referring partner reserves a place for a household."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from accueil.hosting.models import HostOffer
from accueil.shelters.models import Reservation
from accueil.testing.browser import axe_violations

PHONE = {"width": 360, "height": 740}


def sign_in(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_resident_offers_a_room_in_arabic_on_a_phone(new_page, live_server, city, host, association, arabic):
    page = new_page(locale="ar", java_script_enabled=False, viewport=PHONE)
    sign_in(page.context, live_server, host)
    page.goto(f"{live_server.url}/ar/hosting/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert axe_violations(page) == []
    page.click("a.button[href='/ar/hosting/offer/']")
    assert page.url.endswith("/ar/hosting/offer/")
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page)
    page.select_option("#id_district", str(city.districts.first().pk))
    page.fill("#id_address", "12 rue des Amandiers")
    page.fill("#id_beds", "2")
    page.fill("#id_resident_women", "1")
    page.check("input[name=languages][value=ar]")
    page.fill("#id_max_months", "6")
    page.select_option("#id_verifier", str(association.pk))
    page.click("form button[type=submit]")
    offer = HostOffer.objects.get(host=host)
    assert page.url.endswith(f"/ar/hosting/offers/{offer.pk}/")
    assert "بانتظار التحقق" in page.content()  # "Waiting for verification", in Arabic
    assert axe_violations(page) == []
    assert (offer.beds, offer.resident_women, offer.max_months) == (2, 1, 6)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_partner_reserves_a_place_on_a_phone(new_page, live_server, city, site, make_unit, partner, partner_org):
    make_unit(site, beds=3, audiences=("women_with_children",), private=True, name="Chambre familiale")
    page = new_page(locale="fr", java_script_enabled=False, viewport=PHONE)
    sign_in(page.context, live_server, partner)
    page.goto(f"{live_server.url}/fr/shelters/requests/")
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page)
    page.select_option("#id_audience", "women_with_children")
    page.fill("#id_adults", "1")
    page.fill("#id_children", "2")
    page.click("form button[type=submit]")
    assert "/fr/shelters/requests/" in page.url and page.locator("ul.cards > li").count() == 1
    assert "Chambre familiale" in page.locator("ul.cards > li").inner_text()
    assert axe_violations(page) == []
    page.click("ul.cards form button[type=submit]")
    assert Reservation.objects.filter(status="held").count() == 3
    assert page.locator(".message-success").count() == 1
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/fr/shelters/places/")
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page)
