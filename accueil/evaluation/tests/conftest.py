"""Evaluation fixtures: the shipped frameworks, a coordinator in each of two cities, a small framework whose
scores are easy to compute by hand."""

from __future__ import annotations

import json

import pytest

from accueil.evaluation import services
from accueil.evaluation.shipped import load_shipped
from accueil.testing.accounts_factories import totp_activate
from accueil.testing.factories import RoleAssignmentFactory, UserFactory

SMALL = {
    "key": "small",
    "version": "1",
    "publisher": "Test",
    "texts": {"fr": {"title": "Petit cadre", "rule": "Règle"}, "en": {"title": "Small framework"}},
    "level_names": {},
    "options": {
        "three": [
            {"code": "no", "points": 0, "texts": {"fr": {"label": "Non"}}},
            {"code": "partly", "points": 50, "texts": {"fr": {"label": "En partie"}}},
            {"code": "yes", "points": 100, "texts": {"fr": {"label": "Oui"}}},
        ]
    },
    "blocks": [
        {
            "code": "A",
            "weight": 3,
            "texts": {"fr": {"title": "Bloc A"}},
            "objectives": [
                {
                    "code": "A1",
                    "weight": 1,
                    "texts": {"fr": {"title": "A1"}},
                    "questions": [
                        {"code": "A1.1", "weight": 1, "options": "three", "texts": {"fr": {"title": "Q A1.1"}}},
                        {"code": "A1.2", "weight": 2, "options": "three", "texts": {"fr": {"title": "Q A1.2"}}},
                    ],
                },
                {
                    "code": "A2",
                    "weight": 2,
                    "texts": {"fr": {"title": "A2"}},
                    "questions": [
                        {
                            "code": "A2.1",
                            "weight": 1,
                            "options": [
                                {"code": "0", "points": 0, "texts": {"fr": {"label": "0"}}},
                                {"code": "1", "points": 1, "texts": {"fr": {"label": "1"}}},
                                {"code": "2", "points": 2, "texts": {"fr": {"label": "2"}}},
                                {"code": "3", "points": 3, "texts": {"fr": {"label": "3"}}},
                            ],
                            "texts": {"fr": {"title": "Q A2.1"}},
                        },
                    ],
                },
            ],
        },
        {
            "code": "B",
            "weight": 1,
            "texts": {"fr": {"title": "Bloc B"}},
            "objectives": [
                {
                    "code": "B1",
                    "weight": 1,
                    "texts": {"fr": {"title": "B1"}},
                    "questions": [
                        {"code": "B1.1", "weight": 1, "options": "three", "texts": {"fr": {"title": "Q B1.1"}}},
                    ],
                },
            ],
        },
    ],
}


@pytest.fixture
def small_framework(db):
    return services.framework_load(raw=json.dumps(SMALL).encode(), acting_user=None)[0]


@pytest.fixture
def shipped(db):
    return load_shipped()


def _coordinator(city, email):
    user = UserFactory(email=email)
    RoleAssignmentFactory(user=user, city=city, role="coordinator")
    totp_activate(user=user)
    return user


@pytest.fixture
def coordinator(city):
    return _coordinator(city, "coordinator@example.org")


@pytest.fixture
def peer(other_city):
    """A coordinator of another city: the peer reviewer."""
    return _coordinator(other_city, "peer@example.org")


@pytest.fixture
def resident(city):
    return UserFactory(email="resident@example.org")


def answer_everything(assessment, user, choice=None):
    from accueil.evaluation.models import FrameworkNode

    for question in FrameworkNode.objects.filter(framework=assessment.framework, kind="question"):
        options = list(question.options.order_by("position"))
        code = (choice or {}).get(question.code, options[-1].code)
        services.answer_save(
            assessment=assessment, question=question, option_code=code, justification="Parce que.", acting_user=user
        )


@pytest.fixture
def make_published(coordinator, peer, city, other_city):
    def make(framework, cycle=2025, choice=None, challenge=None):
        assessment = services.assessment_create(city=city, framework=framework, cycle=cycle, acting_user=coordinator)
        answer_everything(assessment, coordinator, choice)
        services.assessment_submit(assessment=assessment, acting_user=coordinator)
        services.review_take(assessment=assessment, reviewer_city=other_city, acting_user=peer)
        for code, option in (challenge or {}).items():
            answer = assessment.answers.get(question__code=code)
            services.review_comment(answer=answer, comment="Pas encore.", option_code=option, acting_user=peer)
        services.review_complete(assessment=assessment, summary="Revue.", acting_user=peer)
        return services.assessment_publish(assessment=assessment, acting_user=coordinator)

    return make
