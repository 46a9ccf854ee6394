"""The volunteering demo: loads the Paris templates, is marked as demo, is idempotent and consistent."""

from __future__ import annotations

import io

import pytest
from django.db.models import Count, F, Q

from accueil.accounts.models import User
from accueil.organisations import demo as organisations_demo
from accueil.territories import demo as territories_demo
from accueil.volunteering import demo
from accueil.volunteering.models import Mission, Shift, Signup, SignupStatus, VolunteerProfile

pytestmark = pytest.mark.django_db


def test_demo_loads_once_marked_as_demo_and_consistent(monkeypatch):
    monkeypatch.setattr(demo, "VOLUNTEERS", 300)
    city = territories_demo.load_demo()
    organisations_demo.load_demo(city=city)
    out = io.StringIO()

    counts = demo.load_demo(city=city, stdout=out)

    assert counts["missions"] == Mission.objects.filter(city=city).count() >= 200
    assert counts["shifts"] == Shift.objects.filter(city=city).count() > counts["missions"]
    assert counts["volunteers"] == VolunteerProfile.objects.filter(city=city).count() == 300
    assert counts["signups"] == Signup.objects.filter(city=city).count() > 0
    assert not Mission.objects.filter(is_demo=False).exists()
    assert all(title.endswith("(démo)") for title in Mission.objects.values_list("title", flat=True))
    assert not User.objects.filter(volunteer_profiles__isnull=False).exclude(email__endswith=".invalid").exists()
    assert not any(user.has_usable_password() for user in User.objects.filter(email__startswith="volunteer0"))
    assert set(VolunteerProfile.objects.values_list("languages__language_id", flat=True)) >= {
        "fr",
        "ar",
        "ps",
        "ti",
        "am",
        "fa",
    }
    # Places are never overbooked and the counters match the accepted sign-ups.
    assert not Shift.objects.filter(accepted_count__gt=F("capacity")).exists()
    mismatched = Shift.objects.annotate(
        accepted=Count("signups", filter=Q(signups__status=SignupStatus.ACCEPTED))
    ).exclude(accepted=F("accepted_count"))
    assert not mismatched.exists()
    assert Signup.objects.filter(hours_approved=True, hours__gt=0).exists()
    assert "volunteering: " in out.getvalue()

    again = demo.load_demo(city=city)
    assert again == {"missions": 0, "shifts": 0, "volunteers": 0, "signups": 0}
    assert Mission.objects.count() == counts["missions"]
    assert VolunteerProfile.objects.count() == 300


def test_missing_organisations_are_skipped_with_a_warning(city, monkeypatch):
    monkeypatch.setattr(demo, "VOLUNTEERS", 20)
    out = io.StringIO()
    counts = demo.load_demo(city=city, stdout=out)  # the test city has no organisations
    assert counts["missions"] == 0
    assert "skipped a mission of unknown organisation 'Secours catholique'" in out.getvalue()
