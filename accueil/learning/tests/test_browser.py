"""In a real browser, JavaScript off, axe-core clean: a learner applies in Pashto on a 360 px phone and answers
the offer; a coordinator places a waiting list (proposals first, then sent)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from accueil.learning.models import Enrolment, EnrolmentStatus, Learner
from accueil.testing.browser import axe_violations
from accueil.testing.factories import UserFactory

PHONE = {"width": 360, "height": 740}


def sign_in(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])


def warm_up(*paths: str) -> None:
    """Render the pages once in this process (templates, catalogues), so the first browser visit is not the
    one that pays for it on a loaded machine."""
    client = Client()
    for path in paths:
        client.get(path)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_learner_applies_in_pashto_on_a_phone(new_page, live_server, city, make_course, districts):
    course = make_course(places=3, contact_phone="01 40 00 00 00")
    learner_user = UserFactory()
    warm_up("/ps/learning/", "/ps/")
    page = new_page(locale="ps", java_script_enabled=False, viewport=PHONE)
    sign_in(page.context, live_server, learner_user)
    page.goto(f"{live_server.url}/ps/learning/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page)
    page.click("a.button[href='/ps/learning/apply/']")
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page)
    page.select_option("#id_kind", "french")
    page.select_option("#id_level", "0")
    page.select_option("#id_district", str(districts[0].pk))
    page.check("input[name=days][value='1']")
    page.check("input[name=days][value='4']")
    page.check("input[name=periods][value='1']")
    page.click("form button[type=submit]")
    assert page.url.endswith("/ps/learning/my/")
    learner = Learner.objects.get(user=learner_user)
    assert Enrolment.objects.get(learner=learner).status == EnrolmentStatus.OFFERED
    assert "01 40 00 00 00" in page.content()
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page)
    page.click(f"form[action='/ps/learning/places/{Enrolment.objects.get(learner=learner).pk}/accept/'] button")
    assert Enrolment.objects.get(learner=learner).status == EnrolmentStatus.ENROLLED
    assert axe_violations(page) == []
    course.refresh_from_db()
    assert course.places_taken == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_places_a_waiting_list(new_page, live_server, city, make_course, make_learner, apply, districts):
    from accueil.accounts.models import Role
    from accueil.testing.accounts_factories import totp_activate, user_with_role

    people = [make_learner() for _ in range(3)]
    for learner, user in people:
        apply(learner, user, max_km=2)
    course = make_course(places=2, district=districts[1])
    coordinator = user_with_role(city=city, role=Role.COORDINATOR)
    totp_activate(user=coordinator)
    warm_up("/fr/learning/", "/fr/")
    page = new_page(locale="fr", java_script_enabled=False, viewport=PHONE)
    sign_in(page.context, live_server, coordinator)
    page.goto(f"{live_server.url}/fr/learning/coordination/")
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page)
    page.select_option("#id_extra_km", "2")
    page.click("form[method=post] button[type=submit]")
    assert "/fr/learning/coordination/runs/" in page.url
    assert page.locator("tbody tr").count() == 2
    assert Enrolment.objects.count() == 0
    assert axe_violations(page) == []
    page.click("form[method=post] button[type=submit]")
    assert Enrolment.objects.filter(course=course, status=EnrolmentStatus.OFFERED).count() == 2
    assert page.locator(".message-success").count() == 1
    assert axe_violations(page) == []
