"""In a real browser with JavaScript off: a coordinator fills the gaps, the volunteer accepts the proposal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client

from accueil.accounts.models import Role
from accueil.languages.catalogue import LANGUAGES
from accueil.languages.models import Language
from accueil.testing.accounts_factories import totp_activate, user_with_role
from accueil.testing.browser import axe_violations
from accueil.testing.coordination_factories import next_weekday, shift, volunteer
from accueil.volunteering.models import LanguageLevel, ProposalStatus, ShiftProposal, Signup, SignupStatus


def _sign_in(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_fills_the_gaps_and_volunteer_accepts(new_page, live_server, city):
    # Transactional tests empty every table between tests, reference rows from data migrations included.
    for code, name_en, native, rtl in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name_en": name_en, "native_name": native, "rtl": rtl})
    d1 = city.districts.get(number=1)
    saturday = next_weekday(5, hour=14)
    target = shift(city=city, starts_at=saturday, district=d1, capacity=2, languages={"ti": LanguageLevel.B2})
    helper = volunteer(
        city=city, districts=[d1], availability=[(5, dt.time(10), dt.time(18))], languages={"ti": LanguageLevel.NATIVE}
    )
    coordinator = user_with_role(city=city, role=Role.COORDINATOR)
    totp_activate(user=coordinator)

    page = new_page(locale="en", java_script_enabled=False)
    _sign_in(page.context, live_server, coordinator)
    page.goto(f"{live_server.url}/en/volunteering/coordination/")
    assert page.locator("h1").inner_text() == "Volunteering coordination"
    assert "Only 1 Tigrinya speakers available on Saturday for 2 open places." in page.content()
    assert axe_violations(page) == []

    # The run itself, in Arabic on a phone: a preview first, nothing sent until the coordinator confirms.
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/ar/volunteering/coordination/")
    day = saturday.date().isoformat()
    page.fill("#id_start", day)
    page.fill("#id_end", day)
    page.click("form.coordination-fill button[type=submit]")
    assert page.locator("html").get_attribute("dir") == "rtl"
    ticked = page.locator("form.fill-preview input[name=pair]")
    assert (ticked.count(), ticked.first.get_attribute("value"), ShiftProposal.objects.count()) == (
        1,
        f"{helper.user.pk}:{target.pk}",
        0,
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
    page.click("form.fill-preview button[type=submit]")
    assert page.url.endswith("/ar/volunteering/coordination/proposals/")
    assert ShiftProposal.objects.filter(volunteer=helper.user, shift=target).count() == 1
    assert axe_violations(page) == []

    other = new_page(locale="en", java_script_enabled=False)
    _sign_in(other.context, live_server, helper.user)
    other.goto(f"{live_server.url}/en/volunteering/proposals/")
    assert target.mission.title in other.content()
    assert "In one of your districts (District 1)" in other.content()
    assert axe_violations(other) == []
    other.click("button[value=accept]")
    assert ShiftProposal.objects.get().status == ProposalStatus.ACCEPTED
    assert Signup.objects.get(volunteer=helper.user).status == SignupStatus.ACCEPTED
