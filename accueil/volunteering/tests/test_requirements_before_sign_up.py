"""A mission says what it requires before sign-up, a volunteer can keep only missions that require nothing, and a
required training links to its next sessions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from accueil.participation.models import EventKind, EventStatus
from accueil.testing.participation_factories import EventFactory
from accueil.testing.volunteering_factories import MissionFactory, QualificationTypeFactory, ShiftFactory
from accueil.volunteering.models import MissionLanguage

pytestmark = pytest.mark.django_db


@pytest.fixture
def missions(city):
    training = QualificationTypeFactory(city=city, name="Accueil des mineurs")
    free = MissionFactory(city=city, title="Tri des dons")
    trained = MissionFactory(
        city=city, title="Atelier enfants", required_qualification=training, works_with_minors=True
    )
    speaking = MissionFactory(city=city, title="Permanence")
    MissionLanguage.objects.create(mission=speaking, language_id="fr", min_level=5)
    for mission in (free, trained, speaking):
        ShiftFactory(mission=mission)
    return {"free": free, "trained": trained, "speaking": speaking, "training": training}


def titles(html: str) -> list[str]:
    return sorted(re.findall(r'<h3><a href="/en/volunteering/missions/\d+/">([^<]+)</a></h3>', html))


def test_no_requirement_filter_keeps_only_missions_that_require_nothing(client, missions):
    everything = titles(client.get("/en/volunteering/").content.decode())
    free_only = titles(client.get("/en/volunteering/", {"no_requirement": "on"}).content.decode())
    assert (everything, free_only) == (["Atelier enfants", "Permanence", "Tri des dons"], ["Tri des dons"])


def test_mission_cards_say_what_is_required_before_opening_them(client, missions):
    html = client.get("/en/volunteering/").content.decode()
    shown = dict(
        re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>.*?class="meta mission-requirements">(.*?)</p>', html, re.S)
    )
    assert shown == {
        "Atelier enfants": "Requires: training “Accueil des mineurs”, a background check",
        "Permanence": "Requires: Français (C1 — advanced)",
        "Tri des dons": "No requirement",
    }


def test_required_training_links_to_its_next_session(client, city, missions):
    session = EventFactory(
        city=city,
        kind=EventKind.TRAINING,
        grants_qualification=missions["training"],
        starts_at=timezone.now() + dt.timedelta(days=5),
    )
    EventFactory(
        city=city, kind=EventKind.TRAINING, grants_qualification=missions["training"], status=EventStatus.DRAFT
    )
    html = client.get(f"/en/volunteering/missions/{missions['trained'].pk}/").content.decode()
    assert re.findall(r'href="(/en/events/\d+/)" class="mission-training"', html) == [f"/en/events/{session.pk}/"]
