"""The mission page's shift rows are rendered once per process for what they show; each visitor's CSRF token and
own sign-ups are filled in per request, and any change of places, times or language shows at once."""

import re

import pytest
from django.test import Client

from accueil.core import fragments
from accueil.testing.volunteering_factories import ShiftFactory
from accueil.volunteering import services
from accueil.volunteering.models import Shift, Signup


def page(client, mission, lang="fr"):
    return client.get(f"/{lang}/volunteering/missions/{mission.pk}/").content.decode()


@pytest.mark.smoke
def test_places_taken_show_at_once_and_each_visitor_sees_their_own_state(mission, make_volunteer):
    fragments.fragments_clear()
    shift = ShiftFactory(mission=mission, capacity=2)
    first, second = make_volunteer(), make_volunteer()
    one, two = Client(), Client()
    one.force_login(first)
    two.force_login(second)
    assert "2 / 2" in page(one, mission)
    services.shift_sign_up(shift=shift, volunteer=first, acting_user=first)

    mine, theirs = page(one, mission), page(two, mission)
    assert "1 / 2" in mine and "1 / 2" in theirs and "2 / 2" not in theirs
    assert "/fr/volunteering/me/shifts/" in mine and f"/shifts/{shift.pk}/sign-up/" not in mine
    assert f"/shifts/{shift.pk}/sign-up/" in theirs
    services.shift_sign_up(shift=shift, volunteer=second, acting_user=second)
    full = page(Client(), mission)
    assert ("Complet — liste d’attente" in full, "1 / 2" in full) == (True, False)


def test_the_form_carries_this_visitors_csrf_token_and_signs_up(mission, make_volunteer):
    fragments.fragments_clear()
    shift = ShiftFactory(mission=mission, capacity=3)
    volunteer = make_volunteer()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(volunteer)
    page(Client(), mission)  # another visitor renders the rows first
    html = page(browser, mission)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = browser.post(f"/fr/volunteering/shifts/{shift.pk}/sign-up/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Signup.objects.filter(shift=shift, volunteer=volunteer, status="accepted").count() == 1


def test_another_language_or_a_moved_shift_is_rendered_afresh(mission):
    fragments.fragments_clear()
    shift = ShiftFactory(mission=mission, capacity=4)
    visitor = Client()
    assert "S’inscrire<span" in page(visitor, mission)
    assert "Sign up<span" in page(visitor, mission, "en")
    arabic = page(visitor, mission, "ar")
    assert ("التسجيل<span" in arabic, "Sign up<span" in arabic) == (True, False)
    Shift.objects.filter(pk=shift.pk).update(capacity=9)
    moved = page(visitor, mission)
    assert ("9 / 9" in moved, "4 / 4" in moved) == (True, False)
