"""A cycle draft → self-assessed → peer-reviewed → published: who may do each step, nothing changed on a refusal,
drafts of one city invisible to another, and live evidence frozen at publication."""

from __future__ import annotations

import datetime as dt

import pytest

from accueil.core.errors import Refused
from accueil.evaluation import services
from accueil.evaluation.errors import EvaluationError
from accueil.evaluation.models import Answer, Assessment, Evidence, FrameworkNode, NodeScore
from accueil.plan.models import IndicatorValue
from accueil.testing.plan_factories import IndicatorFactory

from .conftest import answer_everything

pytestmark = pytest.mark.django_db


def snapshot(assessment):
    assessment = Assessment.objects.get(pk=assessment.pk)
    return (
        assessment.status,
        assessment.reviewer_id,
        assessment.reviewer_city_id,
        assessment.score,
        sorted(
            Answer.objects.filter(assessment=assessment).values_list(
                "question_id", "option_id", "justification", "review_option_id", "review_comment"
            )
        ),
        Evidence.objects.filter(answer__assessment=assessment).count(),
        NodeScore.objects.filter(assessment=assessment).count(),
    )


@pytest.fixture
def draft(small_framework, city, coordinator):
    return services.assessment_create(city=city, framework=small_framework, cycle=2025, acting_user=coordinator)


def _refused(call, code):
    with pytest.raises(Refused) as info:
        call()
    assert info.value.code == code
    return info.value


def test_a_resident_and_another_citys_coordinator_cannot_answer(draft, resident, peer):
    question = FrameworkNode.objects.get(framework=draft.framework, code="A1.1")
    before = snapshot(draft)
    for user in (resident, peer):
        _refused(
            lambda u=user: services.answer_save(
                assessment=draft, question=question, option_code="yes", justification="x", acting_user=u
            ),
            EvaluationError.FORBIDDEN,
        )
    assert snapshot(draft) == before


def test_submission_needs_every_answer_and_changes_nothing_otherwise(draft, coordinator):
    question = FrameworkNode.objects.get(framework=draft.framework, code="A1.1")
    services.answer_save(
        assessment=draft, question=question, option_code="yes", justification="Oui.", acting_user=coordinator
    )
    before = snapshot(draft)
    exc = _refused(
        lambda: services.assessment_submit(assessment=draft, acting_user=coordinator), EvaluationError.INCOMPLETE
    )
    assert exc.details == {"questions": ["A1.2", "A2.1", "B1.1"]}
    assert snapshot(draft) == before


def test_bad_answer_is_refused_without_a_write(draft, coordinator):
    question = FrameworkNode.objects.get(framework=draft.framework, code="A1.1")
    before = snapshot(draft)
    _refused(
        lambda: services.answer_save(
            assessment=draft, question=question, option_code="maybe", justification="x", acting_user=coordinator
        ),
        EvaluationError.BAD_OPTION,
    )
    _refused(
        lambda: services.answer_save(
            assessment=draft, question=question, option_code="yes", justification="   ", acting_user=coordinator
        ),
        EvaluationError.BAD_OPTION,
    )
    assert snapshot(draft) == before


def test_the_full_cycle_and_who_may_do_each_step(draft, coordinator, peer, resident, city, other_city):
    answer_everything(draft, coordinator)
    services.assessment_submit(assessment=draft, acting_user=coordinator)
    submitted = snapshot(draft)
    # Answers are frozen once submitted, even for the city's coordinator.
    question = FrameworkNode.objects.get(framework=draft.framework, code="A1.1")
    _refused(
        lambda: services.answer_save(
            assessment=draft, question=question, option_code="no", justification="x", acting_user=coordinator
        ),
        EvaluationError.FROZEN,
    )
    # Nobody reviews their own city; a resident cannot review; the city cannot publish before the review.
    _refused(
        lambda: services.review_take(assessment=draft, reviewer_city=city, acting_user=coordinator),
        EvaluationError.SAME_CITY_REVIEWER,
    )
    _refused(
        lambda: services.review_take(assessment=draft, reviewer_city=other_city, acting_user=resident),
        EvaluationError.FORBIDDEN,
    )
    _refused(
        lambda: services.assessment_publish(assessment=draft, acting_user=coordinator), EvaluationError.BAD_TRANSITION
    )
    assert snapshot(draft) == submitted

    services.review_take(assessment=draft, reviewer_city=other_city, acting_user=peer)
    answer = Answer.objects.get(assessment=draft, question=question)
    # Only the reviewer comments; the city's coordinator cannot close its own review.
    _refused(
        lambda: services.review_comment(answer=answer, comment="x", option_code="", acting_user=coordinator),
        EvaluationError.FORBIDDEN,
    )
    _refused(
        lambda: services.review_complete(assessment=draft, summary="x", acting_user=coordinator),
        EvaluationError.FORBIDDEN,
    )
    services.review_comment(answer=answer, comment="À documenter.", option_code="partly", acting_user=peer)
    assert Answer.objects.get(pk=answer.pk).is_challenged is True
    # The reviewer cannot publish; the city does.
    services.review_complete(assessment=draft, summary="Solide.", acting_user=peer)
    reviewed = snapshot(draft)
    _refused(lambda: services.assessment_publish(assessment=draft, acting_user=peer), EvaluationError.FORBIDDEN)
    assert snapshot(draft) == reviewed
    published = services.assessment_publish(assessment=draft, acting_user=coordinator)
    assert (published.status, NodeScore.objects.filter(assessment=published).count()) == ("published", 9)
    # Published once: a second publication is refused and changes nothing.
    after = snapshot(draft)
    _refused(
        lambda: services.assessment_publish(assessment=draft, acting_user=coordinator), EvaluationError.BAD_TRANSITION
    )
    assert snapshot(draft) == after


def test_one_cycle_per_city_framework_and_year(draft, coordinator, city):
    _refused(
        lambda: services.assessment_create(city=city, framework=draft.framework, cycle=2025, acting_user=coordinator),
        EvaluationError.DUPLICATE_CYCLE,
    )
    assert Assessment.objects.count() == 1


def test_live_figure_follows_the_data_until_publication_then_stays(
    small_framework, city, coordinator, peer, other_city
):
    from accueil.evaluation import figures

    indicator = IndicatorFactory(commitment__cornerstone__plan__city=city, city=city)
    IndicatorValue.objects.create(city=city, indicator=indicator, date=dt.date(2025, 1, 10), value=40)
    assessment = services.assessment_create(city=city, framework=small_framework, cycle=2025, acting_user=coordinator)
    answer_everything(assessment, coordinator)
    answer = Answer.objects.get(assessment=assessment, question__code="B1.1")
    evidence = services.evidence_add(answer=answer, kind="figure", indicator=indicator, acting_user=coordinator)
    assert (figures.figure_of(evidence).value, figures.figure_of(evidence).on) == (40, dt.date(2025, 1, 10))
    IndicatorValue.objects.create(city=city, indicator=indicator, date=dt.date(2025, 2, 10), value=55)
    assert (figures.figure_of(evidence).value, figures.figure_of(evidence).frozen) == (55, False)
    services.assessment_submit(assessment=assessment, acting_user=coordinator)
    services.review_take(assessment=assessment, reviewer_city=other_city, acting_user=peer)
    services.review_complete(assessment=assessment, summary="Revue.", acting_user=peer)
    services.assessment_publish(assessment=assessment, acting_user=coordinator)
    IndicatorValue.objects.create(city=city, indicator=indicator, date=dt.date(2025, 3, 10), value=99)
    frozen = figures.figure_of(Evidence.objects.get(pk=evidence.pk))
    assert (frozen.value, frozen.on, frozen.frozen) == (55, dt.date(2025, 2, 10), True)


def test_evidence_from_another_citys_indicator_is_refused(draft, coordinator, other_city):
    answer_everything(draft, coordinator)
    foreign = IndicatorFactory(commitment__cornerstone__plan__city=other_city, city=other_city)
    answer = Answer.objects.get(assessment=draft, question__code="A1.1")
    _refused(
        lambda: services.evidence_add(answer=answer, kind="figure", indicator=foreign, acting_user=coordinator),
        EvaluationError.BAD_EVIDENCE,
    )
    _refused(
        lambda: services.evidence_add(
            answer=answer, kind="figure", source_key="no.such.figure", acting_user=coordinator
        ),
        EvaluationError.BAD_EVIDENCE,
    )
    _refused(
        lambda: services.evidence_add(answer=answer, kind="link", url="", acting_user=coordinator),
        EvaluationError.BAD_EVIDENCE,
    )
    assert Evidence.objects.count() == 0


class TestIsolation:
    """A draft (or a cycle in review) is its city's: another city's coordinator, a resident and an anonymous
    visitor get a 404 on its pages, and it is in no public list, export or API listing."""

    def test_pages_and_listings(self, client, draft, coordinator, peer, resident, other_city):
        answer_everything(draft, coordinator)
        urls = [f"/fr/evaluation/assessments/{draft.pk}/", f"/fr/evaluation/assessments/{draft.pk}/questions/A1.1/"]
        for user in (None, resident, peer):
            client.logout()
            if user is not None:
                client.force_login(user)
            for url in urls:
                response = client.get(url, HTTP_HOST="lyon.accueil.test" if user is peer else "testserver")
                assert response.status_code in (302, 404) if user is None else response.status_code == 404
        client.logout()
        assert client.get(f"/api/v1/evaluation/assessments/{draft.pk}").status_code == 404
        assert client.get("/api/v1/evaluation/assessments").json()["count"] == 0
        assert "2025" not in client.get("/fr/evaluation/compare/").content.decode()
        assert client.get("/fr/evaluation/compare.json?framework=small").json()["rows"] == []

    def test_the_city_sees_its_draft(self, client, draft, coordinator):
        client.force_login(coordinator)
        response = client.get(f"/fr/evaluation/assessments/{draft.pk}/")
        assert response.status_code == 200
