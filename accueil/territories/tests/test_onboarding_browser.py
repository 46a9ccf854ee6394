"""A second city from nothing, in a real browser, in Arabic on a 360 px phone with JavaScript off and axe-core
clean: an operator creates the city and invites its first coordinator; the coordinator accepts on the city's own
host name, imports its districts and starts its plan; a resident reads the plan there, and Paris does not show it.
"""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.test import Client

from accueil.accounts.models import Role, RoleAssignment
from accueil.notifications.models import Message
from accueil.plan.models import Commitment, Cornerstone, Measure
from accueil.territories.models import City
from accueil.testing.browser import axe_violations
from accueil.testing.factories import UserFactory

PHONE = {"width": 360, "height": 740}
NEW_HOST = "127.0.0.1"  # the live server answers on localhost (the default city) and on this address
DISTRICTS = (
    "number,name,code,postcodes,latitude,longitude\n"
    "1,Mitte,11001,10115 10117,52.52000,13.40500\n"
    "2,Kreuzberg,11002,10961,52.49700,13.41100\n"
)


def sign_in(context, url, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": url}])


def with_second_factor(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")


def checked(page) -> None:
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert fits(page)
    assert axe_violations(page) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_second_city_from_the_browser_in_arabic(new_page, live_server, city):
    port = live_server.url.rsplit(":", 1)[1]
    new_site = f"http://{NEW_HOST}:{port}"
    operator = with_second_factor(UserFactory(email="operator@accueil.example.org", is_staff=True))
    coordinator = with_second_factor(UserFactory(email="coordination@berlin.example.org"))

    # The operator, from their account page: create the city.
    page = new_page(locale="ar", java_script_enabled=False, viewport=PHONE)
    sign_in(page.context, live_server.url, operator)
    page.goto(f"{live_server.url}/ar/accounts/me/")
    page.click("a[href='/ar/cities/']")
    checked(page)
    page.click("a[href='/ar/cities/new/']")
    checked(page)
    page.fill("#id_name", "Berlin")
    page.fill("#id_name_ar", "برلين")
    page.fill("#id_slug", "berlin")
    page.fill("#id_domain", NEW_HOST)
    page.fill("#id_country", "de")
    page.fill("#id_holiday_subdivision", "be")
    page.fill("#id_timezone", "Europe/Berlin")
    for code in ("ar", "en", "fa"):
        page.check(f"input[name=languages][value={code}]")
    page.fill("#id_latitude", "52.52000")
    page.fill("#id_longitude", "13.40500")
    page.click("form button[type=submit]")
    berlin = City.objects.get(slug="berlin")
    assert page.url.endswith("/ar/cities/berlin/")
    assert "برلين" in page.locator("h1").inner_text()
    assert page.locator("#holidays ~ ul time[datetime$='-03-08']").count() == 1  # Berlin's Women's Day
    checked(page)

    # … and invite its first coordinator: the email is in the outbox, its link on the city's host name.
    page.fill("#id_email", coordinator.email)
    page.click("form[action$='/coordinators/'] button[type=submit]")
    message = Message.objects.get(city=berlin, address=coordinator.email)
    link = re.search(r"http://\S+/invitations/\S+/", message.body).group(0)
    assert link.startswith(f"{new_site}/ar/cities/invitations/")
    checked(page)

    # The coordinator accepts on Berlin's host name and sets the city up.
    setup = new_page(locale="ar", java_script_enabled=False, viewport=PHONE)
    sign_in(setup.context, new_site, coordinator)
    setup.goto(link)
    checked(setup)
    setup.click("form button[type=submit]")
    assert RoleAssignment.objects.filter(user=coordinator, city=berlin, role=Role.COORDINATOR).count() == 1
    assert setup.url.endswith("/ar/cities/berlin/")
    setup.fill("#id_content", DISTRICTS)
    setup.click("form[action$='/districts/'] button[type=submit]")
    assert list(berlin.districts.values_list("name", "postcodes")) == [
        ("Mitte", "10115 10117"),
        ("Kreuzberg", "10961"),
    ]
    checked(setup)
    setup.click("a[href='/ar/plan/']")
    assert setup.url.endswith("/ar/plan/manage/tree/")
    checked(setup)
    setup.fill("#id_title", "Berlin heißt willkommen")
    setup.click("form button[type=submit]")
    setup.fill("#id_cornerstone-title", "Ankommen")
    setup.click("section[aria-labelledby=new-cornerstone] button[type=submit]")
    checked(setup)
    setup.select_option("#id_commitment-cornerstone", label="1. Ankommen")
    setup.fill("#id_commitment-title", "Sprachkurse für alle")
    setup.click("section[aria-labelledby=new-commitment] button[type=submit]")
    commitment = Commitment.objects.get(city=berlin)
    assert setup.url.endswith(f"/ar/plan/manage/commitments/{commitment.number}/measures/new/")
    setup.fill("#id_title", "Kurse in jedem Bezirk")
    setup.click("form button[type=submit]")
    assert Measure.objects.filter(city=berlin, commitment=commitment).count() == 1
    assert Cornerstone.objects.filter(city=berlin).count() == 1

    # A resident reads the plan on Berlin's host name; Paris's pages know nothing of it.
    resident = new_page(locale="ar", java_script_enabled=False, viewport=PHONE)
    resident.goto(f"{new_site}/ar/plan/")
    assert "Sprachkurse für alle" in resident.locator("main").inner_text()
    checked(resident)
    switcher = resident.locator("header li a[hreflang]")
    assert [switcher.nth(i).get_attribute("hreflang") for i in range(switcher.count())] == ["en", "ar", "fa"]
    resident.goto(f"{live_server.url}/ar/plan/")
    assert "Sprachkurse für alle" not in resident.content()
