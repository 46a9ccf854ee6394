"""A volunteer finds a mission in Arabic and signs up, in a real browser with JavaScript off."""

import pytest
from django.conf import settings
from django.test import Client

from accueil.testing.browser import axe_violations
from accueil.testing.volunteering_factories import MissionFactory, ShiftFactory
from accueil.volunteering.models import Signup


def sign_in(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_volunteer_finds_mission_in_arabic_and_signs_up(new_page, live_server, city, organisation, make_volunteer):
    legal = MissionFactory(city=city, organisation=organisation, title="Permanence droits", category="legal_help")
    shift = ShiftFactory(mission=legal, capacity=3)
    ShiftFactory(mission=MissionFactory(city=city, organisation=organisation, title="Tournoi", category="sport"))
    volunteer = make_volunteer("amal@example.org")
    page = new_page(locale="ar", java_script_enabled=False)
    sign_in(page.context, live_server, volunteer)

    page.goto(f"{live_server.url}/ar/volunteering/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert axe_violations(page) == []
    page.select_option("#id_category", "legal_help")
    page.click("form[role=search] button[type=submit]")
    assert "category=legal_help" in page.url
    assert page.locator("text=Tournoi").count() == 0
    page.click("text=Permanence droits")
    assert page.url.endswith(f"/ar/volunteering/missions/{legal.pk}/")
    assert axe_violations(page) == []
    page.click(f"form[action='/ar/volunteering/shifts/{shift.pk}/sign-up/'] button")
    assert page.url.endswith("/ar/volunteering/me/shifts/")
    assert page.locator("ul.messages li.message-success").count() == 1
    assert page.locator("text=Permanence droits").count() >= 1
    assert axe_violations(page) == []
    assert Signup.objects.get(volunteer=volunteer).status == "accepted"
