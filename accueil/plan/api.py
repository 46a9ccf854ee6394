"""Plan endpoints: ``GET /api/v1/plan/commitments`` and ``GET /api/v1/plan/commitments/{number}``.

Public reads of published items (coordinators and elected officials signed in also see unpublished ones).
``?lang=`` (or the Accept-Language header) picks the language of titles, with the French fallback.
Progress is a share in [0, 1], or null when unmeasured (never 0 for "no data").
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router, Schema

from accueil.core.errors import ApiError
from accueil.core.http import city_or_none
from accueil.translations.shown import shown_text

from . import policies, selectors
from .selectors import CommitmentNode, MeasureNode

router = Router(tags=["plan"])

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


class CornerstoneOut(Schema):
    number: int
    title: str


class MeasureOut(Schema):
    id: int
    parent: int | None
    title: str
    status: str
    weight: int
    progress: float | None
    excluded: bool
    url: str


class CommitmentOut(Schema):
    number: int
    title: str
    cornerstone: CornerstoneOut
    weight: int
    progress: float | None
    unmeasured_count: int
    url: str


class CommitmentDetailOut(CommitmentOut):
    measures: list[MeasureOut]


def _language(request: HttpRequest, lang: str | None) -> str:
    if lang:
        code = lang.split("-")[0].lower()
        if code not in LANGUAGE_CODES:
            raise ApiError(422, "invalid", _("Unknown language."), {"lang": sorted(LANGUAGE_CODES)})
        return code
    return translation.get_language_from_request(request, check_path=False).split("-")[0]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _commitment(node: CommitmentNode, cornerstone: Any, language: str) -> dict[str, Any]:
    commitment = node.commitment
    with translation.override(language):
        url = commitment.get_absolute_url()
    return {
        "number": commitment.number,
        "title": shown_text(commitment, "title", language).text,
        "cornerstone": {"number": cornerstone.number, "title": shown_text(cornerstone, "title", language).text},
        "weight": commitment.weight,
        "progress": _round(node.progress.value),
        "unmeasured_count": node.progress.unmeasured,
        "url": url,
    }


def _measure(node: MeasureNode, language: str) -> dict[str, Any]:
    measure = node.measure
    with translation.override(language):
        url = measure.get_absolute_url()
    return {
        "id": measure.pk,
        "parent": measure.parent_id,
        "title": shown_text(measure, "title", language).text,
        "status": measure.status,
        "weight": measure.weight,
        "progress": _round(node.progress.value),
        "excluded": node.progress.excluded,
        "url": url,
    }


def _tree(request: HttpRequest, language: str) -> selectors.PlanTree:
    plan = selectors.plan_current(city=city_or_none(request))
    if plan is None:
        raise ApiError(404, "not_found", _("This city has no plan."))
    with translation.override(language):  # the tree's texts are read in the language asked for
        return selectors.plan_tree(plan=plan, include_unpublished=policies.can_see_unpublished(request.user, plan.city))


@router.get("/commitments", response=list[CommitmentOut], summary="Commitments of the plan with their progress")
def commitments(request: HttpRequest, lang: str | None = None) -> list[dict[str, Any]]:
    language = _language(request, lang)
    tree = _tree(request, language)
    return [_commitment(node, c.cornerstone, language) for c in tree.cornerstones for node in c.commitments]


@router.get(
    "/commitments/{number}", response=CommitmentDetailOut, summary="One commitment with its measures and their progress"
)
def commitment(request: HttpRequest, number: int, lang: str | None = None) -> dict[str, Any]:
    language = _language(request, lang)
    tree = _tree(request, language)
    for corner in tree.cornerstones:
        for node in corner.commitments:
            if node.commitment.number == number:
                return {
                    **_commitment(node, corner.cornerstone, language),
                    "measures": [_measure(m, language) for m in node.all_measures()],
                }
    raise ApiError(404, "not_found", _("No such commitment."))
