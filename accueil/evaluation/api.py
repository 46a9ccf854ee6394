"""Evaluation endpoints (public reads, open licence CC BY 4.0):

- ``GET /api/v1/evaluation/frameworks``: every framework version with its tree, weights and answer points;
- ``GET /api/v1/evaluation/assessments``: published cycles (``?framework=``, ``?city=``);
- ``GET /api/v1/evaluation/assessments/{id}``: one published cycle with its answers, evidence and scores;
- ``GET /api/v1/evaluation/comparison``: the comparison table (``?framework=&level=&cycle=&size=&foreign_born=``);
- ``GET /api/v1/evaluation/practices``: practices shared between cities.

Drafts and cycles in review never appear here: they are the city's until published.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from accueil.core.errors import ApiError, CommonError
from accueil.core.paging import BoundedPageNumberPagination

from . import exports, figures, selectors
from .models import Assessment, AssessmentStatus, Framework, NodeKind, text_of

router = Router(tags=["evaluation"])


class _Mapped:
    """A queryset the paginator slices and counts, each row mapped to its output once sliced."""

    def __init__(self, rows: Any, fn: Any) -> None:
        self.rows, self.fn = rows, fn

    def __len__(self) -> int:
        return int(self.rows.count())

    def count(self) -> int:
        return int(self.rows.count())

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        return [self.fn(row) for row in self.rows[item]]


class OptionOut(Schema):
    code: str
    points: str
    label: str


class NodeOut(Schema):
    code: str
    kind: str
    weight: str
    title: str
    options: list[OptionOut]
    children: list[NodeOut]


class FrameworkOut(Schema):
    key: str
    version: str
    title: str
    publisher: str
    licence: str
    rule: str
    nodes: list[NodeOut]


def _tree(nodes: list[selectors.TreeNode], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "code": t.node.code,
            "kind": t.node.kind,
            "weight": str(t.node.weight),
            "title": text_of(t.node.texts, "title", lang)[0],
            "options": [
                {"code": o.code, "points": str(o.points), "label": text_of(o.texts, "label", lang)[0]}
                for o in t.options
            ],
            "children": _tree(t.children, lang),
        }
        for t in nodes
    ]


def _lang(lang: str | None) -> str:
    return lang if lang in ("fr", "en", "ar", "fa", "ps", "ti", "am") else "fr"


@router.get("/evaluation/frameworks", response=list[FrameworkOut], summary="Assessment frameworks")
def frameworks(request: HttpRequest, lang: str | None = None) -> list[dict[str, Any]]:
    language = _lang(lang)
    return [
        {
            "key": f.key,
            "version": f.version,
            "title": text_of(f.texts, "title", language)[0],
            "publisher": f.publisher,
            "licence": f.licence,
            "rule": text_of(f.texts, "rule", language)[0],
            "nodes": _tree(selectors.framework_tree(framework=f), language),
        }
        for f in Framework.objects.order_by("key", "version")
    ]


class AssessmentOut(Schema):
    id: int
    city: str
    framework: str
    version: str
    cycle: int
    score: str | None
    reviewed_score: str | None
    reviewer_city: str | None
    published_at: str | None


def _assessment(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "city": a.city.slug,
        "framework": a.framework.key,
        "version": a.framework.version,
        "cycle": a.cycle,
        "score": str(a.score) if a.score is not None else None,
        "reviewed_score": str(a.reviewed_score) if a.reviewed_score is not None else None,
        "reviewer_city": a.reviewer_city.slug if a.reviewer_city else None,
        "published_at": a.published_at.isoformat() if a.published_at else None,
    }


@router.get("/evaluation/assessments", response=list[AssessmentOut], summary="Published assessments")
@paginate(BoundedPageNumberPagination)
def assessments(request: HttpRequest, framework: str | None = None, city: str | None = None) -> Any:
    rows = selectors.assessments_published().select_related("reviewer_city")
    if framework:
        rows = rows.filter(framework__key=framework)
    if city:
        rows = rows.filter(city__slug=city)
    return _Mapped(rows, _assessment)


class EvidenceOut(Schema):
    kind: str
    title: str
    url: str
    figure: str | None
    value: str | None
    on: str | None
    frozen: bool


class AnswerOut(Schema):
    question: str
    option: str
    points: str
    justification: str
    review_comment: str
    review_option: str | None
    evidence: list[EvidenceOut]


class ScoreOut(Schema):
    code: str
    score: str
    reviewed_score: str


class AssessmentDetailOut(AssessmentOut):
    answers: list[AnswerOut]
    scores: list[ScoreOut]
    licence: str


@router.get(
    "/evaluation/assessments/{assessment_id}",
    response={200: AssessmentDetailOut},
    summary="One published assessment with its answers, evidence and scores",
)
def assessment_detail(request: HttpRequest, assessment_id: int) -> dict[str, Any]:
    assessment = (
        Assessment.objects.select_related("city", "framework", "reviewer_city")
        .filter(pk=assessment_id, status=AssessmentStatus.PUBLISHED)
        .first()
    )
    if assessment is None:
        raise ApiError(404, CommonError.NOT_FOUND, _("No published assessment has this id."))
    answers = selectors.answers_of(assessment=assessment)
    codes = dict(assessment.framework.nodes.values_list("pk", "code"))
    out = _assessment(assessment)
    out["licence"] = exports.LICENCE
    out["answers"] = []
    for answer in answers.values():
        evidence = []
        for e in answer.evidence.all():
            figure = figures.figure_of(e) if e.kind == "figure" else None
            evidence.append(
                {
                    "kind": e.kind,
                    "title": e.title,
                    "url": e.url or (figure.url if figure else ""),
                    "figure": figure.label if figure else None,
                    "value": str(figure.value) if figure and figure.value is not None else None,
                    "on": figure.on.isoformat() if figure and figure.on else None,
                    "frozen": bool(figure and figure.frozen),
                }
            )
        out["answers"].append(
            {
                "question": codes.get(answer.question_id, ""),
                "option": answer.option.code,
                "points": str(answer.option.points),
                "justification": answer.justification,
                "review_comment": answer.review_comment,
                "review_option": answer.review_option.code if answer.review_option else None,
                "evidence": evidence,
            }
        )
    out["scores"] = [
        {"code": codes.get(s.node_id, ""), "score": str(s.score), "reviewed_score": str(s.reviewed_score)}
        for s in selectors.node_scores_of(assessment=assessment).values()
    ]
    return out


class ComparisonOut(Schema):
    licence: str
    rows: list[dict[str, Any]]


@router.get("/evaluation/comparison", response=ComparisonOut, summary="Published scores of cities side by side")
def comparison(
    request: HttpRequest,
    framework: str | None = None,
    level: str = NodeKind.BLOCK,
    cycle: int | None = None,
    size: str = "",
    foreign_born: str = "",
) -> dict[str, Any]:
    if cycle is not None and not 2000 <= cycle <= 2100:
        raise ApiError(422, CommonError.INVALID, _("A cycle is a year between 2000 and 2100."))
    chosen = next((f for f in selectors.frameworks_latest() if f.key == framework), None)
    if chosen is None:
        raise ApiError(404, CommonError.NOT_FOUND, _("No framework has this key."))
    result = selectors.comparison(framework=chosen, level=level, cycle=cycle, size=size, foreign_born=foreign_born)
    return exports.as_json(exports.comparison_rows(result))


class PracticeOut(Schema):
    id: int
    city: str
    title: str
    audience: str
    summary: str
    results: str
    contact_name: str
    contact_email: str
    objectives: list[str]


@router.get("/evaluation/practices", response=list[PracticeOut], summary="Practices shared between cities")
@paginate(BoundedPageNumberPagination)
def practices(request: HttpRequest) -> Any:
    return _Mapped(selectors.practices_visible(), _practice)


def _practice(p: Any) -> dict[str, Any]:
    return {
        "id": p.pk,
        "city": p.city.slug,
        "title": p.title,
        "audience": p.audience,
        "summary": p.summary,
        "results": p.results,
        "contact_name": p.contact_name,
        "contact_email": p.contact_email,
        "objectives": [o.code for o in p.objectives.all()],
    }
