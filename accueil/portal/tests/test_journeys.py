"""Journeys walked end to end in the browser, right-to-left on a 360 px phone with JavaScript off, from the door
(/<lang>/) to the end of the task: each one fails if any step on the way breaks."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from accueil.directory.services import categories_sync
from accueil.donations.models import Pledge, PointItemRule, RuleStatus
from accueil.testing.browser import axe_violations
from accueil.testing.directory_factories import PlaceFactory, ServiceFactory
from accueil.testing.donations_factories import CollectionPointFactory, ItemFactory
from accueil.testing.factories import OrganisationFactory, UserFactory
from accueil.testing.volunteering_factories import MissionFactory, ShiftFactory, VolunteerProfileFactory
from accueil.volunteering.models import Signup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 360, "height": 740}


def phone(new_page, language):
    return new_page(locale=language, java_script_enabled=False, viewport=PHONE)


def door(page, live_server, language) -> None:
    """The first page of a journey; the first request of a test server compiles every template, hence the time."""
    page.goto(f"{live_server.url}/{language}/", timeout=60_000)


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])


def test_refugee_finds_a_legal_service_open_today_near_a_district_and_calls_it(new_page, live_server, city):
    categories_sync()
    org = OrganisationFactory(city=city, name="Association Exemple")
    place = PlaceFactory(organisation=org, district=city.districts.get(number=1), address="12 rue Exemple")
    ServiceFactory(
        organisation=org,
        place=place,
        name="Permanence juridique",
        categories=["legal-access-point"],
        phone="+33 1 40 00 00 00",
        appointment_required=True,
        hours=[(day, dt.time(0, 0), dt.time(23, 59)) for day in range(7)],
    )
    ServiceFactory(organisation=org, name="Repas du soir", categories=["eat-meals"])
    today = str(timezone.localdate().weekday())
    page = phone(new_page, "ar")

    door(page, live_server, "ar")
    page.locator("main a[href='/ar/services/']").click()
    page.fill("input[name=q]", "محامي")
    page.locator("details.dir-more summary").click()  # the other filters are folded, open without scripts
    page.fill("input[name=where]", "1")
    page.select_option("select[name=day]", today)
    page.locator("form.dir-search button[type=submit]").click()
    results = page.locator(".dir-results > li")
    assert (results.count(), page.locator("html").get_attribute("dir"), fits(page)) == (1, "rtl", True)
    assert page.locator(".dir-distance").count() == 1
    assert axe_violations(page) == []

    results.first.locator("h3 a").click()
    call = page.locator("a[href^='tel:']").first
    assert call.get_attribute("href") == "tel:+33 1 40 00 00 00"
    assert fits(page)
    assert axe_violations(page) == []
    page.locator("main a", has_text=re.compile(".")).first.click()  # "Back to the search" keeps the search
    assert "q=" in page.url and page.locator(".dir-results > li").count() == 1


def test_resident_finds_a_saturday_mission_without_requirement_signs_up_and_sees_it_at_home(
    new_page, live_server, city
):
    saturday = timezone.localdate() + dt.timedelta(days=(5 - timezone.localdate().weekday()) % 7 or 7)
    starts = timezone.make_aware(dt.datetime.combine(saturday, dt.time(10)))
    free = MissionFactory(
        city=city, title="Tri des dons (démo)", address="12 place Léon Blum, 75011 Paris", acceptance="auto"
    )
    ShiftFactory(mission=free, starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    trained = MissionFactory(city=city, title="Atelier enfants", works_with_minors=True)
    ShiftFactory(mission=trained, starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    resident = UserFactory(email="resident@example.org")
    VolunteerProfileFactory(user=resident, city=city)
    page = phone(new_page, "fa")
    sign_in(page, live_server, resident)

    door(page, live_server, "fa")
    page.locator("main a[href='/fa/volunteering/']").click()
    page.check("input[name=no_requirement]")
    page.fill("input[name=date_from]", saturday.isoformat())
    page.fill("input[name=date_to]", saturday.isoformat())
    page.locator("form.vol-filters button[type=submit]").click()
    cards = page.locator("ul.cards > li")
    assert (cards.count(), cards.first.locator("h3").inner_text(), fits(page)) == (1, "Tri des dons (démo)", True)
    assert axe_violations(page) == []

    cards.first.locator("h3 a").click()
    assert page.locator(".mission-no-requirement").count() == 1
    page.locator("form.inline-form button[type=submit]").first.click()
    assert Signup.objects.filter(volunteer=resident, shift__mission=free).count() == 1

    page.goto(f"{live_server.url}/fa/accounts/me/")
    shifts = page.locator(".my-next-shifts li")
    assert (shifts.count(), shifts.first.locator(".shift-address").inner_text()) == (
        1,
        "12 place Léon Blum, 75011 Paris",
    )
    assert shifts.first.locator(".shift-address").get_attribute("dir") == "ltr"
    assert fits(page)
    assert axe_violations(page) == []


def test_donor_pledges_needed_items_at_the_11th_point_and_cannot_pledge_beyond_the_need(new_page, live_server, city):
    district = city.districts.get(number=1)
    point = CollectionPointFactory(city=city, district=district, slug="mairie-11", name="Mairie du 11e (démo)")
    needed = {}
    for code, name in (("backpacks", "Sacs à dos"), ("socks", "Chaussettes"), ("soap", "Savon")):
        item = ItemFactory(city=city, code=code, name=name, name_en=name)
        PointItemRule.objects.create(point=point, item=item, status=RuleStatus.NEEDED, quantity_needed=50)
        needed[code] = item
    page = phone(new_page, "ps")

    door(page, live_server, "ps")
    page.locator("main a[href='/ps/donations/']").click()
    page.locator(f"main a[href='/ps/donations/points/{point.slug}/']").first.click()
    assert fits(page)
    for code in ("backpacks", "socks", "soap"):
        page.goto(f"{live_server.url}/ps/donations/points/{point.slug}/pledge/")
        page.select_option("#id_item", str(needed[code].pk))
        page.fill("#id_quantity", "10")
        page.select_option("#id_slot", index=1)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/ps/donations/pledges/"))
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/ps/donations/points/{point.slug}/pledge/")
    page.select_option("#id_item", str(needed["backpacks"].pk))
    page.fill("#id_quantity", "200")
    page.select_option("#id_slot", index=1)
    page.locator("main form button[type=submit]").click()
    assert page.locator(".errorlist, [role=alert]").count() >= 1
    assert fits(page)
    promised = sorted(Pledge.objects.values_list("item__code", "quantity"))
    assert promised == [("backpacks", 10), ("soap", 10), ("socks", 10)]


def test_elected_official_opens_the_plan_and_the_last_review_from_the_account_page(new_page, live_server, city):
    from accueil.plan import services as plan_services
    from accueil.testing.accounts_factories import totp_activate, user_with_role
    from accueil.testing.plan_factories import CommitmentFactory, PlanFactory

    plan = PlanFactory(city=city)
    CommitmentFactory(cornerstone__plan=plan, number=1)
    coordinator = user_with_role(city=city, role="coordinator", email="coordinator@example.org")
    totp_activate(user=coordinator)
    review = plan_services.review_create(
        plan=plan, acting_user=coordinator, held_on=timezone.localdate(), title="Revue semestrielle"
    )
    plan_services.review_freeze(review=review, acting_user=coordinator)
    elected = user_with_role(city=city, role="elected_official", email="elected@example.org")
    page = phone(new_page, "ar")
    sign_in(page, live_server, elected)

    door(page, live_server, "ar")
    page.locator("header a[href='/ar/accounts/me/']").click()
    page.locator("main a[href='/ar/plan/']").click()
    assert page.locator(".plan-headline").count() == 1
    assert fits(page)
    page.goto(f"{live_server.url}/ar/accounts/me/")
    page.locator("main a[href='/ar/plan/reviews/']").click()
    page.locator(f"main a[href='/ar/plan/reviews/{review.pk}/']").click()
    assert page.url.endswith(f"/ar/plan/reviews/{review.pk}/")
    assert ("Revue semestrielle" in page.locator("h1").inner_text(), page.locator("html").get_attribute("dir")) == (
        True,
        "rtl",
    )
    assert axe_violations(page) == []
