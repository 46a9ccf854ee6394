"""Open-data exports of the plan (CSV and JSON): commitments, measures, indicator values. Published items only
unless the caller may see unpublished ones. Stable ids: commitment numbers and measure / indicator ids."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Q

from accueil.translations.shown import prefetch_shown, translation_text, translation_texts

from .models import Commitment, Indicator, IndicatorValue, Measure, Plan
from .selectors import plan_tree

DATASETS = ("commitments", "measures", "values")

COLUMNS = {
    "commitments": [
        "number",
        "cornerstone",
        "title_fr",
        "title_en",
        "weight",
        "progress",
        "measured",
        "unmeasured",
        "dropped",
        "url",
    ],
    "measures": [
        "id",
        "commitment",
        "parent",
        "title_fr",
        "title_en",
        "status",
        "weight",
        "progress",
        "owner",
        "url",
    ],
    "values": [
        "indicator",
        "measure",
        "commitment",
        "indicator_name_fr",
        "indicator_name_en",
        "unit",
        "date",
        "value",
        "provenance",
    ],
}


def measure_fields(measure: Measure, commitment: Commitment) -> dict[str, Any]:
    """What exports and review snapshots say of a measure, texts in French and in English."""
    return {
        "id": measure.pk,
        "commitment": commitment.number,
        "parent": measure.parent_id,
        "title_fr": measure.title,
        "title_en": translation_text(measure, "title", "en"),
        "status": measure.status,
        "weight": measure.weight,
        "owner": measure.owner_organisation.name if measure.owner_organisation is not None else "",
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def rows(*, plan: Plan, dataset: str, include_unpublished: bool, base_url: str = "") -> Iterator[dict[str, Any]]:
    if dataset == "values":
        yield from _values(plan=plan, include_unpublished=include_unpublished)
        return
    tree = plan_tree(plan=plan, include_unpublished=include_unpublished)
    # The columns keep the French text and its English translation ("" when there is none yet).
    prefetch_shown([node.commitment for node in tree.commitments()] + [node.measure for node in tree.measures()], "en")
    for cornerstone in tree.cornerstones:
        for node in cornerstone.commitments:
            commitment = node.commitment
            if dataset == "commitments":
                yield {
                    "number": commitment.number,
                    "cornerstone": cornerstone.cornerstone.number,
                    "title_fr": commitment.title,
                    "title_en": translation_text(commitment, "title", "en"),
                    "weight": commitment.weight,
                    "progress": _round(node.progress.value),
                    "measured": node.progress.measured,
                    "unmeasured": node.progress.unmeasured,
                    "dropped": node.progress.dropped,
                    "url": base_url + commitment.get_absolute_url(),
                }
                continue
            for measure_node in node.all_measures():
                measure = measure_node.measure
                yield measure_fields(measure, commitment) | {
                    "progress": _round(measure_node.progress.value),
                    "url": base_url + measure.get_absolute_url(),
                }


def _values(*, plan: Plan, include_unpublished: bool) -> Iterator[dict[str, Any]]:
    queryset = IndicatorValue.objects.filter(
        Q(indicator__measure__commitment__plan=plan) | Q(indicator__commitment__plan=plan)
    )
    if not include_unpublished:
        queryset = queryset.filter(indicator__published=True).filter(
            Q(indicator__measure__isnull=True, indicator__commitment__published=True)
            | Q(indicator__measure__published=True, indicator__measure__commitment__published=True)
        )
    queryset = queryset.select_related("indicator__measure__commitment", "indicator__commitment").order_by(
        "indicator_id", "date", "pk"
    )
    english = translation_texts(
        Indicator, queryset.values_list("indicator_id", flat=True).distinct().order_by(), "name", "en"
    )
    for value in queryset.iterator(chunk_size=2000):
        indicator = value.indicator
        commitment = indicator.commitment or indicator.measure.commitment  # type: ignore[union-attr]
        yield {
            "indicator": indicator.pk,
            "measure": indicator.measure_id,
            "commitment": commitment.number,
            "indicator_name_fr": indicator.name,
            "indicator_name_en": english.get(indicator.pk, ""),
            "unit": indicator.unit,
            "date": value.date.isoformat(),
            "value": float(value.value),
            "provenance": value.provenance,
        }
