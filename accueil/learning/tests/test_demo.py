"""The demo loader: classes in seven languages (flagged for review), learners placed and waiting, idempotent."""

from __future__ import annotations

import pytest

from accueil.learning import demo
from accueil.learning.models import ApplicationStatus, Course, LearnerApplication
from accueil.testing.organisations_factories import coordinator_of
from accueil.translations.models import Translation

pytestmark = pytest.mark.django_db


def test_demo_loads_once_with_translations_and_a_waiting_list(city):
    coordinator_of(city, email=demo.COORDINATOR)
    counts = demo.load_demo(city=city, learners=12, classes=8)
    assert counts["courses"] == 8
    assert Course.objects.filter(is_demo=True).count() == 8
    titles = Translation.objects.filter(field="title", status="published")
    assert sorted(set(titles.values_list("language", flat=True))) == ["am", "ar", "en", "fa", "ps", "ti"]
    assert all(t.meta.get("needs_review") for t in titles)
    assert LearnerApplication.objects.filter(status=ApplicationStatus.WAITING).count() == counts["waiting"] > 0
    assert demo.load_demo(city=city) == {}
    assert Course.objects.count() == 8
