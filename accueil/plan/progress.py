"""How progress is computed — the published rules, in one place, with no database access.

The public page "How progress is computed" renders ``RULES`` and these functions are the only implementation:

1. An indicator's progress is ``(value − baseline) / (target − baseline)``, clamped to [0, 1]. For an indicator
   where lower is better ("decrease") the same formula applies with baseline above target, so a fall towards
   the target counts as progress. Without a value, or without a target (or with target = baseline), the
   indicator is unmeasured.
2. A measure's progress is:
   a. excluded when its status is "dropped" (it counts neither as done nor as undone);
   b. else the plain mean of its measured indicators' progress, when at least one indicator is measured;
   c. else the weighted mean of its measured sub-results, when it has any;
   d. else 100 % when its status is "done";
   e. else unmeasured — shown as "unmeasured", never as 0 %.
3. A parent (a commitment over its measures, a cornerstone over its commitments, the plan over its
   cornerstones) takes the weighted mean of its measured children; weights are shown next to each item.
   Unmeasured children are left out of the mean and counted next to it; dropped children are left out and
   counted apart. A parent with no measured child is itself unmeasured.
4. A commitment's own indicators (not attached to a measure) count as one more child of weight 1 whose
   progress is the mean of those indicators.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

Number = int | float | Decimal

DONE = "done"
DROPPED = "dropped"
DECREASE = "decrease"

RULES = [
    _(
        "An indicator's progress is (latest value − baseline) ÷ (target − baseline), kept between 0 % and 100 %. "
        "When lower is better, the baseline is above the target and a fall counts as progress."
    ),
    _("An indicator without a value or without a target is unmeasured."),
    _("A dropped measure is left out of every calculation and counted apart."),
    _("A measure with measured indicators shows the mean of their progress."),
    _("Otherwise, a measure with sub-results shows the weighted mean of its measured sub-results."),
    _("Otherwise, a measure marked done shows 100 %; any other measure is unmeasured — never 0 %."),
    _(
        "A commitment shows the weighted mean of its measured measures; a cornerstone, of its measured "
        "commitments; the plan, of its measured cornerstones. Weights are shown next to each item."
    ),
    _("Unmeasured items are left out of the mean and their number is shown next to it."),
    _("Indicators attached to a whole commitment count as one more item of weight 1."),
    _(
        "Indicators computed from the platform's own data show their live value; reviews record the value "
        "at the review date."
    ),
]


@dataclass(frozen=True)
class Progress:
    """``value`` in [0, 1], or None when unmeasured; counts are of direct children."""

    value: float | None
    measured: int = 0
    unmeasured: int = 0
    excluded: bool = False
    dropped: int = 0

    @property
    def is_measured(self) -> bool:
        return self.value is not None and not self.excluded

    @property
    def percent(self) -> int | None:
        return None if self.value is None else round(self.value * 100)


UNMEASURED = Progress(None)
EXCLUDED = Progress(None, excluded=True)


def indicator_progress(*, value: Number | None, baseline: Number | None, target: Number | None) -> float | None:
    """Rule 1. Direction is carried by baseline and target: a decrease has target < baseline."""
    if value is None or target is None:
        return None
    baseline = baseline or 0
    span = float(target) - float(baseline)
    if span == 0:
        return None
    ratio = (float(value) - float(baseline)) / span
    return min(1.0, max(0.0, ratio))


def directed_indicator_progress(
    *, value: Number | None, baseline: Number | None, target: Number | None, direction: str
) -> float | None:
    """Rule 1 with an explicit direction: an indicator whose target contradicts its direction is unmeasured."""
    if target is not None and baseline is not None:
        if direction == DECREASE and float(target) > float(baseline):
            return None
        if direction != DECREASE and float(target) < float(baseline):
            return None
    return indicator_progress(value=value, baseline=baseline, target=target)


def weighted_mean(children: Iterable[tuple[Number, Progress]]) -> Progress:
    """Rule 3: weighted mean over measured children; unmeasured and dropped children are counted apart."""
    total = 0.0
    weights = 0.0
    measured = unmeasured = dropped = 0
    for weight, child in children:
        if child.excluded:
            dropped += 1
        elif child.value is None:
            unmeasured += 1
        else:
            measured += 1
            total += float(weight) * child.value
            weights += float(weight)
    value = total / weights if weights > 0 else None
    return Progress(value, measured=measured, unmeasured=unmeasured, dropped=dropped)


def measure_progress(
    *,
    status: str,
    indicators: Sequence[float | None] = (),
    children: Sequence[tuple[Number, Progress]] = (),
) -> Progress:
    """Rule 2, from the measure's status, its indicators' progress and its sub-results ``(weight, Progress)``."""
    if status == DROPPED:
        return EXCLUDED
    measured = [p for p in indicators if p is not None]
    if measured:
        return Progress(
            sum(measured) / len(measured), measured=len(measured), unmeasured=len(indicators) - len(measured)
        )
    if children:
        rolled = weighted_mean(children)
        if rolled.value is not None:
            return rolled
        if status == DONE:
            return Progress(1.0, unmeasured=rolled.unmeasured, dropped=rolled.dropped)
        return rolled
    if status == DONE:
        return Progress(1.0)
    return Progress(None, unmeasured=len(indicators))


def commitment_progress(
    *, measures: Sequence[tuple[Number, Progress]], indicators: Sequence[float | None] = ()
) -> Progress:
    """Rules 3 and 4."""
    children = list(measures)
    measured = [p for p in indicators if p is not None]
    if measured:
        children.append((1, Progress(sum(measured) / len(measured))))
    return weighted_mean(children)


def as_dict(progress: Progress) -> dict[str, Any]:
    return {
        "value": None if progress.value is None else round(progress.value, 4),
        "measured": progress.measured,
        "unmeasured": progress.unmeasured,
        "dropped": progress.dropped,
        "excluded": progress.excluded,
    }
