"""In a real browser: the encounter form kept offline and sent once when the signal returns; the outreach pages
in Arabic (right to left) and Tigrinya with JavaScript off and no serious axe-core violation."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from accueil.outreach.models import Encounter
from accueil.testing.browser import axe_violations

from .scene import scene_make

PENDING = "Object.keys(localStorage).filter(k => k.startsWith('accueil.outreach.pending:')).length"


def sign_in(context, live_server, user) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_encounter_recorded_without_signal_is_sent_once_when_it_returns(new_page, live_server, world):
    page = new_page(locale="fr")
    sign_in(page.context, live_server, world.worker)
    page.goto(f"{live_server.url}/fr/outreach/teams/{world.team.pk}/encounter/")
    page.context.set_offline(True)
    page.select_option("#id_landmark", str(world.landmark.pk))
    page.click("details summary")
    page.fill("#id_code_name", "Hors-ligne")
    page.click("form[data-offline-form] button[type=submit]")
    page.locator("#offline-status").wait_for(state="visible")
    assert page.evaluate(PENDING) == 1
    assert Encounter.objects.count() == 0
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    for _attempt in range(100):
        if page.evaluate(PENDING) == 0:
            break
        page.wait_for_timeout(100)
    assert Encounter.objects.count() == 1
    page.reload()  # a second flush finds nothing to send
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_timeout(300)
    assert Encounter.objects.count() == 1
    assert Encounter.objects.get().person.code_name == "Hors-ligne"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_outreach_pages_right_to_left_without_javascript(new_page, live_server, world):
    scene = scene_make(world)
    page = new_page(locale="ar", java_script_enabled=False)
    sign_in(page.context, live_server, world.worker)
    for path in (
        "/ar/outreach/",
        f"/ar/outreach/teams/{world.team.pk}/encounter/",
        f"/ar/outreach/persons/{scene.person.pk}/",
        f"/ar/outreach/referrals/{scene.referral.pk}/",
        f"/ar/outreach/camps/{scene.operation.pk}/",
        "/ar/outreach/interpreting/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("html").get_attribute("dir") == "rtl", path
        assert axe_violations(page) == [], path
    page.goto(f"{live_server.url}/ar/outreach/teams/{world.team.pk}/encounter/")
    page.select_option("#id_landmark", str(world.landmark.pk))
    page.click("form[data-offline-form] button[type=submit]")
    assert page.url.endswith(f"/ar/outreach/teams/{world.team.pk}/encounter/")
    assert Encounter.objects.count() == 2
    for language in ("fa", "ps"):
        other = new_page(locale=language, java_script_enabled=False)
        sign_in(other.context, live_server, world.worker)
        other.goto(f"{live_server.url}/{language}/outreach/teams/{world.team.pk}/encounter/")
        assert other.locator("html").get_attribute("dir") == "rtl"
        assert axe_violations(other) == [], language
    amharic = new_page(locale="am", java_script_enabled=False)
    sign_in(amharic.context, live_server, world.partner_member)
    amharic.goto(f"{live_server.url}/am/outreach/referrals/{scene.referral.pk}/")
    assert amharic.locator("html").get_attribute("lang") == "am"
    assert axe_violations(amharic) == []
    tigrinya = new_page(locale="ti", java_script_enabled=False)
    sign_in(tigrinya.context, live_server, world.coordinator)
    for path in ("/ti/outreach/figures/", "/ti/outreach/teams/", "/ti/outreach/camps/"):
        tigrinya.goto(f"{live_server.url}{path}")
        assert tigrinya.locator("html").get_attribute("lang") == "ti"
        assert axe_violations(tigrinya) == [], path
