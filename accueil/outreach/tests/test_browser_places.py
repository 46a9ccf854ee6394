"""In a real browser, right to left, on a 360 px phone, JavaScript off, axe-core clean: a shelter partner reserves
a bed for a referral in Arabic and the team sees where; an interpreter reads their appointments in Pashto."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accueil.outreach import services
from accueil.outreach.models import Consent, Interpreter, InterpreterKind, InterpreterLanguage, ReferralKind
from accueil.outreach.services import Consents
from accueil.shelters import services as shelter_services
from accueil.shelters.models import Audience, Reservation
from accueil.testing.browser import axe_violations
from accueil.testing.factories import UserFactory
from accueil.testing.mentoring_factories import language

from .conftest import met
from .test_browser import sign_in

PHONE = {"width": 360, "height": 740}


def no_horizontal_scroll(page) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_partner_reserves_a_bed_for_a_referral_in_arabic(new_page, live_server, world):  # type: ignore[no-untyped-def]
    site = shelter_services.site_create(
        city=world.city, acting_user=world.coordinator, operator=world.shelter, name="Centre Jeunes"
    )
    shelter_services.unit_create(
        site=site,
        acting_user=world.coordinator,
        name="Chambre",
        household_type="adults_only",
        audiences=[Audience.MEN_ALONE],
        beds=2,
    )
    person = met(world, consents=Consents(shelter=Consent.GIVEN)).encounter.person
    referral = services.referral_create(
        person=person, partner=world.shelter, kind=ReferralKind.SHELTER, acting_user=world.worker
    )
    page = new_page(locale="ar", java_script_enabled=False, viewport=PHONE)
    sign_in(page.context, live_server, world.partner_member)
    page.goto(f"{live_server.url}/ar/outreach/referrals/{referral.pk}/", timeout=90_000)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page)
    page.click(f"form[action='/ar/outreach/referrals/{referral.pk}/reserve/'] button[type=submit]")
    assert Reservation.objects.filter(status="held", site=site).count() == 1
    assert "Centre Jeunes" in page.content()
    assert axe_violations(page) == []
    team_page = new_page(locale="ar", java_script_enabled=False, viewport=PHONE)
    sign_in(team_page.context, live_server, world.worker)
    team_page.goto(f"{live_server.url}/ar/outreach/referrals/{referral.pk}/")
    assert "Centre Jeunes" in team_page.content()
    assert axe_violations(team_page) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_interpreter_reads_their_appointments_in_pashto(new_page, live_server, world):  # type: ignore[no-untyped-def]
    user = UserFactory(email="interprete@example.org")
    volunteer = Interpreter.objects.create(
        city=world.city, kind=InterpreterKind.VOLUNTEER, display_name="T.", user=user, modes=["phone"], capacity=2
    )
    InterpreterLanguage.objects.create(interpreter=volunteer, language=language("ti"), level=3)
    services.interpreting_request_create(
        city=world.city,
        acting_user=world.worker,
        language=language("ti"),
        starts_at=timezone.now() + timezone.timedelta(hours=3),
        level_needed=2,
        domain="medical",
        mode="phone",
        urgency=2,
        team=world.team,
    )
    services.interpreting_match_run(city=world.city, acting_user=world.coordinator)
    page = new_page(locale="ps", java_script_enabled=False, viewport=PHONE)
    sign_in(page.context, live_server, user)
    page.goto(f"{live_server.url}/ps/outreach/", timeout=90_000)
    page.click("a[href='/ps/outreach/interpreting/mine/']")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("li.card").count() == 1
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page)
