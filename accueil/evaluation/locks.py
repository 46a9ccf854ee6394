"""Row locks of the evaluation app, always taken in this order on every path:

1. the assessment row (`Assessment`, `select_for_update`): every answer, piece of evidence, review comment and
   transition holds it, so a submission never races an answer being saved and a cycle is published once;
2. the exchange request row, for its answer.
"""

from __future__ import annotations

from .models import Assessment, ExchangeRequest


def lock_assessment(assessment_id: int) -> Assessment:
    return Assessment.objects.select_for_update(of=("self",)).select_related("city", "framework").get(pk=assessment_id)


def lock_exchange(exchange_id: int) -> ExchangeRequest:
    return (
        ExchangeRequest.objects.select_for_update(of=("self",))
        .select_related("practice", "practice__city")
        .get(pk=exchange_id)
    )
