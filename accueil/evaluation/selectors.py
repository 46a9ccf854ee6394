"""Reads of the evaluation app, with their joins named and visibility applied for the person asking.

Comparison reads only published cycles and their frozen scores (``NodeScore``): two queries whatever the number
of cities, so the page stays fast at fifty cities and more.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Max, Prefetch, QuerySet

from . import policies, scoring
from .models import (
    Answer,
    AnswerOption,
    Assessment,
    AssessmentStatus,
    CityProfile,
    Crosswalk,
    Evidence,
    ExchangeRequest,
    Framework,
    FrameworkNode,
    NodeKind,
    NodeScore,
    Practice,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City

    Person = User | AnonymousUser


# --- Frameworks ----------------------------------------------------------------------------------------------


def frameworks_latest() -> list[Framework]:
    """The latest version of each framework."""
    latest: dict[str, Framework] = {}
    for framework in Framework.objects.order_by("key", "-loaded_at", "-pk"):
        latest.setdefault(framework.key, framework)
    return list(latest.values())


def framework_get(*, key: str, version: str) -> Framework | None:
    return Framework.objects.filter(key=key, version=version).first()


@dataclass
class TreeNode:
    node: FrameworkNode
    children: list[TreeNode] = field(default_factory=list)
    options: list[AnswerOption] = field(default_factory=list)


def framework_tree(*, framework: Framework) -> list[TreeNode]:
    """Blocks, their objectives and their questions with answer options, in order (two queries)."""
    nodes = list(FrameworkNode.objects.filter(framework=framework).order_by("position", "pk"))
    options: dict[int, list[AnswerOption]] = defaultdict(list)
    for option in AnswerOption.objects.filter(question__framework=framework).order_by("question", "position"):
        options[option.question_id].append(option)
    by_id = {n.pk: TreeNode(n, options=options.get(n.pk, [])) for n in nodes}
    roots: list[TreeNode] = []
    for n in nodes:
        (by_id[n.parent_id].children if n.parent_id else roots).append(by_id[n.pk])
    return roots


def _scoring_nodes(framework_id: int) -> tuple[scoring.Node, ...]:
    """The scoring tree of a framework version (two queries; read on publication and on a draft's page)."""
    maxima = {
        row["question"]: row["top"]
        for row in AnswerOption.objects.filter(question__framework_id=framework_id)
        .values("question")
        .annotate(top=Max("points"))
    }
    return tuple(
        scoring.Node(id=pk, parent_id=parent, weight=weight, max_points=maxima.get(pk))
        for pk, parent, weight in FrameworkNode.objects.filter(framework_id=framework_id).values_list(
            "pk", "parent_id", "weight"
        )
    )


def scoring_nodes(*, framework: Framework) -> tuple[scoring.Node, ...]:
    return _scoring_nodes(framework.pk)


def assessment_scores(*, assessment: Assessment) -> tuple[dict[int | None, Decimal], dict[int | None, Decimal]]:
    """(the city's scores, the scores with the reviewer's answers where given), computed from the answers."""
    own: dict[int, Decimal] = {}
    reviewed: dict[int, Decimal] = {}
    for question_id, points, review_points in Answer.objects.filter(assessment=assessment).values_list(
        "question_id", "option__points", "review_option__points"
    ):
        own[question_id] = points
        reviewed[question_id] = review_points if review_points is not None else points
    nodes = scoring_nodes(framework=assessment.framework)
    return scoring.scores(nodes, own), scoring.scores(nodes, reviewed)


def unanswered_questions(*, assessment: Assessment) -> list[FrameworkNode]:
    answered = Answer.objects.filter(assessment=assessment).values("question_id")
    return list(
        FrameworkNode.objects.filter(framework=assessment.framework, kind=NodeKind.QUESTION)
        .exclude(pk__in=answered)
        .order_by("position")
    )


def crosswalk(*, framework: Framework | None = None) -> list[Crosswalk]:
    rows = Crosswalk.objects.select_related(
        "source__framework", "target__framework", "source__parent", "target__parent"
    )
    if framework is not None:
        rows = rows.filter(source__framework=framework) | rows.filter(target__framework=framework)
    return list(rows.order_by("source__framework__key", "source__position", "target__position"))


# --- Assessments ---------------------------------------------------------------------------------------------


def assessment_get_visible(*, user: Person, pk: int) -> Assessment | None:
    """One assessment if the person may see it (published, or their city's, or the one they review)."""
    assessment = Assessment.objects.select_related("city", "framework", "reviewer_city").filter(pk=pk).first()
    if assessment is None or not policies.can_view_assessment(user=user, assessment=assessment):
        return None
    return assessment


def assessments_of_city(*, city: City, user: Person) -> QuerySet[Assessment]:
    """The city's cycles: all of them for its coordinators, the published ones for everyone else."""
    rows = Assessment.objects.filter(city=city).select_related("framework", "reviewer_city")
    if not policies.can_run_assessments(user=user, city=city):
        rows = rows.filter(status=AssessmentStatus.PUBLISHED)
    return rows.order_by("-cycle", "framework__key")


def reviews_for(*, user: Person, city: City | None) -> tuple[list[Assessment], list[Assessment]]:
    """(cycles of other cities waiting for a reviewer, cycles this person reviews) — for a coordinator."""
    if city is None or not policies.can_run_assessments(user=user, city=city):
        return [], []
    waiting = list(
        Assessment.objects.filter(status=AssessmentStatus.SELF_ASSESSED, reviewer__isnull=True)
        .exclude(city=city)
        .select_related("city", "framework")
        .order_by("submitted_at", "pk")
    )
    mine = list(
        Assessment.objects.filter(reviewer_id=user.pk)
        .select_related("city", "framework")
        .order_by("-submitted_at", "-pk")
    )
    return waiting, mine


def assessments_published(*, framework: Framework | None = None) -> QuerySet[Assessment]:
    rows = Assessment.objects.filter(status=AssessmentStatus.PUBLISHED).select_related("city", "framework")
    if framework is not None:
        rows = rows.filter(framework=framework)
    return rows.order_by("city__name", "framework__key", "-cycle")


def answers_of(*, assessment: Assessment) -> dict[int, Answer]:
    """{question id: answer} with the evidence of each (three queries)."""
    answers = (
        Answer.objects.filter(assessment=assessment)
        .select_related("option", "review_option")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("indicator", "city").order_by("pk"))
        )
    )
    return {a.question_id: a for a in answers}


def node_scores_of(*, assessment: Assessment) -> dict[int, NodeScore]:
    return {s.node_id: s for s in NodeScore.objects.filter(assessment=assessment)}


# --- Comparison ----------------------------------------------------------------------------------------------

SIZE_BANDS = (
    ("small", 0, 250_000),
    ("medium", 250_000, 1_000_000),
    ("large", 1_000_000, None),
)
FOREIGN_BORN_BANDS = (
    ("low", Decimal("0"), Decimal("15")),
    ("middle", Decimal("15"), Decimal("30")),
    ("high", Decimal("30"), None),
)


def size_band(population: int | None) -> str:
    if population is None:
        return ""
    for key, low, high in SIZE_BANDS:
        if population >= low and (high is None or population < high):
            return key
    return ""


def foreign_born_band(percent: Decimal | None) -> str:
    if percent is None:
        return ""
    for key, low, high in FOREIGN_BORN_BANDS:
        if percent >= low and (high is None or percent < high):
            return key
    return ""


@dataclass(frozen=True, slots=True)
class FrozenScore:
    score: Decimal
    reviewed_score: Decimal


@dataclass
class ComparisonRow:
    assessment: Assessment
    size: str
    foreign_born: str
    foreign_born_percent: Decimal | None
    scores: dict[int, FrozenScore]

    @property
    def city(self) -> City:
        return self.assessment.city


@dataclass
class Comparison:
    framework: Framework
    level: str
    nodes: list[FrameworkNode]
    cycles: list[int]
    cycle: int | None
    rows: list[ComparisonRow]


def comparison(
    *,
    framework: Framework,
    level: str = NodeKind.BLOCK,
    cycle: int | None = None,
    size: str = "",
    foreign_born: str = "",
) -> Comparison:
    """Published cycles of one framework side by side: one row per city (its cycle of that year, or its latest),
    the frozen scores of every block (or objective)."""
    level = level if level in (NodeKind.BLOCK, NodeKind.OBJECTIVE) else NodeKind.BLOCK
    nodes = list(FrameworkNode.objects.filter(framework=framework, kind=level).order_by("position"))
    published = Assessment.objects.filter(framework=framework, status=AssessmentStatus.PUBLISHED)
    cycles = sorted(set(published.values_list("cycle", flat=True)), reverse=True)
    chosen = published.select_related("city").order_by("city__name", "city_id", "-cycle")
    if cycle is not None:
        chosen = chosen.filter(cycle=cycle)
    latest: dict[int, Assessment] = {}
    for assessment in chosen:
        latest.setdefault(assessment.city_id, assessment)
    profiles = {
        p.city_id: p.foreign_born_percent
        for p in CityProfile.objects.filter(city_id__in=latest).only("city_id", "foreign_born_percent")
    }
    rows = []
    for assessment in latest.values():
        percent = profiles.get(assessment.city_id)
        row = ComparisonRow(
            assessment=assessment,
            size=size_band(assessment.city.population),
            foreign_born=foreign_born_band(percent),
            foreign_born_percent=percent,
            scores={},
        )
        if size and row.size != size:
            continue
        if foreign_born and row.foreign_born != foreign_born:
            continue
        rows.append(row)
    by_assessment = {row.assessment.pk: row for row in rows}
    for assessment_id, node_id, own, reviewed in NodeScore.objects.filter(
        assessment_id__in=by_assessment, node__in=nodes
    ).values_list("assessment_id", "node_id", "score", "reviewed_score"):
        by_assessment[assessment_id].scores[node_id] = FrozenScore(own, reviewed)
    return Comparison(framework=framework, level=level, nodes=nodes, cycles=cycles, cycle=cycle, rows=rows)


def city_history(*, city: City, framework: Framework) -> list[Assessment]:
    """The city's published cycles of one framework, oldest first, for its scores over time."""
    return list(
        Assessment.objects.filter(city=city, framework=framework, status=AssessmentStatus.PUBLISHED).order_by("cycle")
    )


# --- Practices -----------------------------------------------------------------------------------------------


def practices_visible(*, objective: FrameworkNode | None = None) -> QuerySet[Practice]:
    rows = Practice.objects.filter(published=True).select_related("city").prefetch_related("objectives")
    if objective is not None:
        rows = rows.filter(objectives=objective)
    return rows.order_by("city__name", "title", "pk")


def practice_get(*, pk: int, user: Person, city: City | None) -> Practice | None:
    practice = Practice.objects.select_related("city").filter(pk=pk).first()
    if practice is None:
        return None
    if not practice.published and not policies.can_manage_practices(user=user, city=practice.city):
        return None
    return practice


def exchanges_of(*, practice: Practice, user: Person, city: City | None) -> list[ExchangeRequest]:
    """The owner city's coordinators see every request; another city's coordinators see their own city's."""
    rows = ExchangeRequest.objects.filter(practice=practice).select_related("city", "requested_by")
    if policies.can_manage_practices(user=user, city=practice.city):
        return list(rows)
    if city is not None and policies.can_manage_practices(user=user, city=city):
        return list(rows.filter(city=city))
    return []
