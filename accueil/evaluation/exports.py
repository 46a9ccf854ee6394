"""Open-data exports of published assessments (CSV and JSON, licence CC BY 4.0): one row per city, cycle and
node, with the city's score and the peer-reviewed one. Drafts never leave the city."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from .models import text_of
from .selectors import Comparison, FrozenScore

LICENCE = "CC BY 4.0"
COLUMNS = [
    "city",
    "framework",
    "version",
    "cycle",
    "level",
    "code",
    "title_fr",
    "title_en",
    "score",
    "reviewed_score",
    "published_at",
    "reviewer_city",
]


def comparison_rows(comparison: Comparison) -> Iterator[dict[str, Any]]:
    framework = comparison.framework
    for row in comparison.rows:
        a = row.assessment
        base = {
            "city": a.city.slug,
            "framework": framework.key,
            "version": framework.version,
            "cycle": a.cycle,
            "published_at": a.published_at.isoformat() if a.published_at else "",
            "reviewer_city": a.reviewer_city.slug if a.reviewer_city_id and a.reviewer_city else "",
        }
        yield {
            **base,
            "level": "overall",
            "code": "",
            "title_fr": "",
            "title_en": "",
            "score": a.score,
            "reviewed_score": a.reviewed_score,
        }
        for node in comparison.nodes:
            score: FrozenScore | None = row.scores.get(node.pk)
            yield {
                **base,
                "level": node.kind,
                "code": node.code,
                "title_fr": text_of(node.texts, "title", "fr")[0],
                "title_en": text_of(node.texts, "title", "en")[0],
                "score": score.score if score else None,
                "reviewed_score": score.reviewed_score if score else None,
            }


def _safe(value: Any) -> Any:
    """Neutralise a cell a spreadsheet would run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return "" if value is None else value


def as_csv(rows: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _safe(v) for k, v in row.items()})
    return buffer.getvalue()


def as_json(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {
        "licence": LICENCE,
        "rows": [
            {k: (str(v) if v is not None and k in ("score", "reviewed_score") else v) for k, v in r.items()}
            for r in rows
        ],
    }
