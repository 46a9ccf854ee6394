"""The report to the Council for a frozen review, in HTML and PDF (WeasyPrint), in any language.

Everything reported comes from the review's immutable snapshot (statuses, progress, indicator values at the
review date) plus the review's decisions and action items and the partners of each commitment.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from . import charts, selectors
from .models import MeasureStatus, Review
from .snapshots import Changes, localized, public_view, snapshot_changes

REPORT_CSS = Path(__file__).resolve().parent / "static" / "plan" / "report.css"
STATUS_LABELS = dict(MeasureStatus.choices)


def _percent(value: float | None) -> int | None:
    return None if value is None else round(value * 100)


def report_context(*, review: Review, language: str, include_unpublished: bool = False) -> dict[str, Any]:
    """Everything the report template shows, in ``language``."""
    snapshot = review.snapshot
    data = public_view(snapshot.data, include_unpublished=include_unpublished)
    previous_review = selectors.review_previous(review=review)
    previous = None
    if previous_review is not None and hasattr(previous_review, "snapshot"):
        previous = public_view(previous_review.snapshot.data, include_unpublished=include_unpublished)
    partners = selectors.partners_by_commitment(plan=review.plan, include_unpublished=include_unpublished)
    partner_names = {
        c.number: sorted({p.display_name for p in partners.get(c.pk, [])}) for c in review.plan.commitments.all()
    }
    with translation.override(language):
        indicators_by_measure: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for indicator in data["indicators"]:
            indicators_by_measure[(indicator["commitment"], indicator["measure"])].append(
                {
                    "name": localized(indicator, "name", language),
                    "value": indicator["value"],
                    "unit": indicator["unit"],
                    "date": dt.date.fromisoformat(indicator["date"]) if indicator["date"] else None,
                    "target": indicator["target"],
                    "percent": _percent(indicator["progress"]),
                    "computed": indicator["source"] == "computed",
                }
            )
        measures_by_commitment: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for measure in data["measures"]:
            measures_by_commitment[measure["commitment"]].append(
                {
                    "title": localized(measure, "title", language),
                    "status": str(STATUS_LABELS.get(measure["status"], measure["status"])),
                    "weight": measure["weight"],
                    "is_sub_result": measure["parent"] is not None,
                    "percent": _percent(measure["progress"]["value"]),
                    "excluded": measure["progress"]["excluded"],
                    "indicators": indicators_by_measure.get((measure["commitment"], measure["id"]), []),
                }
            )
        cornerstones = []
        for corner in data["cornerstones"]:
            commitments = []
            for commitment in data["commitments"]:
                if commitment["cornerstone"] != corner["number"]:
                    continue
                title = localized(commitment, "title", language)
                value = commitment["progress"]["value"]
                commitments.append(
                    {
                        "number": commitment["number"],
                        "title": title,
                        "percent": _percent(value),
                        "bar": charts.bar(value, label=title, width=240),
                        "summary_bar": charts.bar(value, label=title, width=160),
                        "unmeasured": commitment["progress"]["unmeasured"],
                        "dropped": commitment["progress"]["dropped"],
                        "measures": measures_by_commitment.get(commitment["number"], []),
                        "indicators": indicators_by_measure.get((commitment["number"], None), []),
                        "partners": partner_names.get(commitment["number"], []),
                    }
                )
            title = localized(corner, "title", language)
            cornerstones.append(
                {
                    "number": corner["number"],
                    "title": title,
                    "percent": _percent(corner["progress"]["value"]),
                    "ring": charts.ring(corner["progress"]["value"], label=title, size=72),
                    "unmeasured": corner["progress"]["unmeasured"],
                    "commitments": commitments,
                }
            )
        changes = changes_display(snapshot_changes(previous, data), language)
        return {
            "review": review,
            "language": language,
            "plan_title": localized(data["plan"], "title", language),
            "taken_on": snapshot.taken_on,
            "plan_percent": _percent(data["progress"]["value"]),
            "plan_ring": charts.ring(data["progress"]["value"], label=localized(data["plan"], "title", language)),
            "plan_unmeasured": data["progress"]["unmeasured"],
            "cornerstones": cornerstones,
            "previous_review": previous_review,
            "changes": changes,
            "status_labels": {k: str(v) for k, v in STATUS_LABELS.items()},
            "decisions": list(review.decisions.all()),
            "action_items": list(review.action_items.all()),
        }


def changes_display(changes: Changes, language: str) -> dict[str, Any]:
    """The changes since the previous review, as text ready to show in ``language``."""
    return {
        "status_changes": [
            {
                "title": localized(c["measure"], "title", language),
                "before": str(STATUS_LABELS.get(c["before"], c["before"])),
                "after": str(STATUS_LABELS.get(c["after"], c["after"])),
            }
            for c in changes.status_changes
        ],
        "progress_changes": [
            {
                "kind": c["kind"],
                "number": c["item"].get("number"),
                "title": localized(c["item"], "title", language),
                "before": c["before"],
                "after": c["after"],
                "points": c["points"],
            }
            for c in changes.progress_changes
        ],
        "new_values": [
            {
                "name": localized(c["indicator"], "name", language),
                "value": c["indicator"]["value"],
                "unit": c["indicator"]["unit"],
                "date": c["indicator"]["date"],
                "before": c["before"],
            }
            for c in changes.new_values
        ],
        "new_measures": [localized(m, "title", language) for m in changes.new_measures],
        "empty": changes.empty,
    }


def report_html(*, review: Review, language: str, include_unpublished: bool = False) -> str:
    """The standalone report document (used for the PDF)."""
    context = report_context(review=review, language=language, include_unpublished=include_unpublished)
    with translation.override(language):
        return render_to_string(
            "plan/report_document.html",
            {**context, "bidi": language in settings.LANGUAGES_BIDI},
        )


def report_pdf(*, review: Review, language: str, include_unpublished: bool = False) -> bytes:
    from weasyprint import CSS, HTML

    html = report_html(review=review, language=language, include_unpublished=include_unpublished)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=[CSS(filename=str(REPORT_CSS))])


def review_changes_preview(*, review: Review, language: str) -> dict[str, Any]:
    """For a draft review: what changed between the previous frozen review and the plan as it stands at the
    draft's date (or today, if the draft is dated later). Nothing is written."""
    from django.utils import timezone

    from .snapshots import snapshot_build

    previous_review = selectors.review_previous(review=review)
    if previous_review is None or not hasattr(previous_review, "snapshot"):
        return {"previous_review": None, "changes": None}
    current = snapshot_build(plan=review.plan, on_date=min(review.held_on, timezone.localdate()))
    changes = snapshot_changes(previous_review.snapshot.data, current)
    return {"previous_review": previous_review, "changes": changes_display(changes, language)}
