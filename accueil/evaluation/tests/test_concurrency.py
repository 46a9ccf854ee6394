"""Two coordinators of other cities take the same review at once, and two publications race, on PostgreSQL:
one reviewer wins, the cycle is published once."""

from __future__ import annotations

import pytest

from accueil.core.errors import Refused
from accueil.evaluation import services
from accueil.evaluation.models import Assessment, NodeScore
from accueil.testing.accounts_factories import totp_activate
from accueil.testing.concurrency import run_together
from accueil.testing.factories import CityFactory, RoleAssignmentFactory, UserFactory

from .conftest import answer_everything

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_one_reviewer_and_one_publication(postgres_only, small_framework, city, coordinator, peer, other_city):
    third = CityFactory(slug="lille", name="Lille", domain="lille.accueil.test")
    rival = UserFactory(email="rival@example.org")
    RoleAssignmentFactory(user=rival, city=third, role="coordinator")
    totp_activate(user=rival)
    assessment = services.assessment_create(city=city, framework=small_framework, cycle=2025, acting_user=coordinator)
    answer_everything(assessment, coordinator)
    services.assessment_submit(assessment=assessment, acting_user=coordinator)
    outcomes = run_together(
        [
            lambda: services.review_take(assessment=assessment, reviewer_city=other_city, acting_user=peer),
            lambda: services.review_take(assessment=assessment, reviewer_city=third, acting_user=rival),
        ]
    )
    assert (outcomes.raised(Refused), sum(v is not None for v in outcomes.values)) == (1, 1)
    winner = Assessment.objects.get(pk=assessment.pk)
    reviewer = peer if winner.reviewer_id == peer.pk else rival
    services.review_complete(assessment=assessment, summary="Revue.", acting_user=reviewer)
    outcomes = run_together([lambda: services.assessment_publish(assessment=assessment, acting_user=coordinator)] * 2)
    assert outcomes.raised(Refused) == 1
    assert NodeScore.objects.filter(assessment=assessment).count() == 9
