"""Review snapshots: what the plan looked like at a review date, as plain JSON, and what changed between two.

A snapshot holds every item, published or not (with its ``published`` flag), so the public view of a review
filters it the same way the live dashboard does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from accueil.translations.shown import prefetch_shown, translation_text

from . import progress
from .exports import measure_fields
from .models import Commitment, Cornerstone, Plan
from .selectors import plan_tree, translated_objects

SNAPSHOT_VERSION = 1


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return float(value)


def _numbered(item: Cornerstone | Commitment) -> dict[str, Any]:
    return {
        "id": item.pk,
        "number": item.number,
        "title_fr": item.title,
        "title_en": translation_text(item, "title", "en"),
        "weight": item.weight,
    }


def snapshot_build(*, plan: Plan, on_date: dt.date) -> dict[str, Any]:
    """Every status, progress and indicator value at ``on_date``; computed sources are evaluated at that date."""
    tree = plan_tree(plan=plan, include_unpublished=True, on_date=on_date)
    # Texts are kept as the French source and its English translation ("" when there is none yet).
    prefetch_shown(translated_objects(tree), "en")
    data: dict[str, Any] = {
        "version": SNAPSHOT_VERSION,
        "taken_on": on_date.isoformat(),
        "plan": {"id": plan.pk, "title_fr": plan.title, "title_en": translation_text(plan, "title", "en")},
        "progress": progress.as_dict(tree.progress),
        "cornerstones": [],
        "commitments": [],
        "measures": [],
        "indicators": [],
    }
    for cnode in tree.cornerstones:
        corner = cnode.cornerstone
        data["cornerstones"].append(_numbered(corner) | {"progress": progress.as_dict(cnode.progress)})
        for comm in cnode.commitments:
            commitment = comm.commitment
            data["commitments"].append(
                _numbered(commitment)
                | {
                    "cornerstone": corner.number,
                    "published": commitment.published,
                    "progress": progress.as_dict(comm.progress),
                }
            )
            rows = list(comm.indicators)
            for mnode in comm.all_measures():
                measure = mnode.measure
                data["measures"].append(
                    measure_fields(measure, commitment)
                    | {"published": measure.published, "progress": progress.as_dict(mnode.progress)}
                )
                rows.extend(mnode.indicators)
            for row in rows:
                indicator = row.indicator
                data["indicators"].append(
                    {
                        "id": indicator.pk,
                        "measure": indicator.measure_id,
                        "commitment": commitment.number,
                        "name_fr": indicator.name,
                        "name_en": translation_text(indicator, "name", "en"),
                        "unit": indicator.unit,
                        "baseline": _number(indicator.baseline),
                        "target": _number(indicator.target),
                        "deadline": indicator.deadline.isoformat() if indicator.deadline else None,
                        "direction": indicator.direction,
                        "source": indicator.source,
                        "computed_source": indicator.computed_source,
                        "published": indicator.published,
                        "value": _number(row.value),
                        "date": row.date.isoformat() if row.date else None,
                        "progress": None if row.progress is None else round(row.progress, 4),
                    }
                )
    return data


def localized(item: dict[str, Any], name: str, language: str) -> str:
    """``item[name_<language>]`` with the same French fallback as the models."""
    language = (language or "fr").split("-")[0]
    for code in (language, "fr", "en"):
        if item.get(f"{name}_{code}"):
            return str(item[f"{name}_{code}"])
    return ""


def public_view(data: dict[str, Any], *, include_unpublished: bool) -> dict[str, Any]:
    """The snapshot without unpublished items (unless allowed)."""
    if include_unpublished:
        return data
    commitments = [c for c in data["commitments"] if c.get("published", True)]
    numbers = {c["number"] for c in commitments}
    measures = [m for m in data["measures"] if m.get("published", True) and m["commitment"] in numbers]
    ids = {m["id"] for m in measures}
    indicators = [
        i
        for i in data["indicators"]
        if i.get("published", True) and i["commitment"] in numbers and (i["measure"] is None or i["measure"] in ids)
    ]
    return {**data, "commitments": commitments, "measures": measures, "indicators": indicators}


@dataclass
class Changes:
    status_changes: list[dict[str, Any]] = field(default_factory=list)
    progress_changes: list[dict[str, Any]] = field(default_factory=list)
    new_values: list[dict[str, Any]] = field(default_factory=list)
    new_measures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.status_changes or self.progress_changes or self.new_values or self.new_measures)


def snapshot_changes(previous: dict[str, Any] | None, current: dict[str, Any]) -> Changes:
    """What changed between two snapshots: statuses, progress (in points, for measures and commitments), indicator
    values that are new or different, measures that did not exist."""
    changes = Changes()
    if previous is None:
        return changes
    before_measures = {m["id"]: m for m in previous["measures"]}
    for measure in current["measures"]:
        old = before_measures.get(measure["id"])
        if old is None:
            changes.new_measures.append(measure)
            continue
        if old["status"] != measure["status"]:
            changes.status_changes.append({"measure": measure, "before": old["status"], "after": measure["status"]})
        _add_progress_change(changes, "measure", old, measure)
    before_commitments = {c["number"]: c for c in previous["commitments"]}
    for commitment in current["commitments"]:
        old = before_commitments.get(commitment["number"])
        if old is None:
            continue
        _add_progress_change(changes, "commitment", old, commitment)
    before_indicators = {i["id"]: i for i in previous["indicators"]}
    for indicator in current["indicators"]:
        old = before_indicators.get(indicator["id"])
        if indicator["value"] is None:
            continue
        if old is None or old["value"] != indicator["value"] or old["date"] != indicator["date"]:
            changes.new_values.append({"indicator": indicator, "before": old["value"] if old else None})
    return changes


def _add_progress_change(changes: Changes, kind: str, old: dict[str, Any], item: dict[str, Any]) -> None:
    delta = _delta(old["progress"]["value"], item["progress"]["value"])
    if delta is not None:
        changes.progress_changes.append({"kind": kind, "item": item, **delta})


def _delta(before: float | None, after: float | None) -> dict[str, Any] | None:
    if before == after:
        return None
    points = None if before is None or after is None else round((after - before) * 100)
    if points == 0:
        return None
    return {
        "before": None if before is None else round(before * 100),
        "after": None if after is None else round(after * 100),
        "points": points,
    }
