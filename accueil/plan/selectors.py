"""Reads about the plan. ``plan_tree`` builds the whole plan with its progress in a constant number of queries:
cornerstones, commitments (+ lead officials), measures, indicators annotated with their latest value (a
subquery per row, served by the ``(indicator, -date)`` index), and one call per registered computed source."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from accueil.translations.shown import prefetch_shown

from . import policies, progress, sources
from .models import (
    Commitment,
    Cornerstone,
    Indicator,
    IndicatorValue,
    Measure,
    MeasurePartner,
    Plan,
    PlanStatus,
    Pledge,
    Review,
    ReviewStatus,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City


def plan_current(*, city: City | None) -> Plan | None:
    """The city's plan in force: the latest adopted one, else the latest of any status."""
    if city is None:
        return None
    plans = Plan.objects.filter(city=city)
    return (
        plans.filter(status=PlanStatus.ADOPTED).order_by("-adopted_on", "-pk").first() or plans.order_by("-pk").first()
    )


@dataclass
class IndicatorRow:
    indicator: Indicator
    value: Decimal | float | int | None
    date: dt.date | None
    progress: float | None

    @property
    def percent(self) -> int | None:
        return None if self.progress is None else round(self.progress * 100)


@dataclass
class MeasureNode:
    measure: Measure
    indicators: list[IndicatorRow] = field(default_factory=list)
    children: list[MeasureNode] = field(default_factory=list)
    progress: progress.Progress = progress.UNMEASURED


@dataclass
class CommitmentNode:
    commitment: Commitment
    measures: list[MeasureNode] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    progress: progress.Progress = progress.UNMEASURED

    def all_measures(self) -> Iterator[MeasureNode]:
        stack = list(reversed(self.measures))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))


@dataclass
class CornerstoneNode:
    cornerstone: Cornerstone
    commitments: list[CommitmentNode] = field(default_factory=list)
    progress: progress.Progress = progress.UNMEASURED


@dataclass
class PlanTree:
    plan: Plan
    on_date: dt.date
    live: bool
    cornerstones: list[CornerstoneNode] = field(default_factory=list)
    progress: progress.Progress = progress.UNMEASURED

    def commitments(self) -> Iterator[CommitmentNode]:
        for cornerstone in self.cornerstones:
            yield from cornerstone.commitments

    def commitment(self, number: int) -> CommitmentNode | None:
        return next((c for c in self.commitments() if c.commitment.number == number), None)

    def measures(self) -> Iterator[MeasureNode]:
        for commitment in self.commitments():
            yield from commitment.all_measures()

    def indicators(self) -> Iterator[IndicatorRow]:
        for commitment in self.commitments():
            yield from commitment.indicators
            for measure in commitment.all_measures():
                yield from measure.indicators


def commitments_measured(tree: PlanTree) -> tuple[int, int]:
    """How many of the plan's counted commitments are measured, and how many are not (dropped ones are neither)."""
    counted = [c for c in tree.commitments() if not c.progress.excluded]
    measured = sum(1 for c in counted if c.progress.value is not None)
    return measured, len(counted) - measured


def indicators_with_latest(queryset: QuerySet[Indicator], *, on_date: dt.date | None = None) -> QuerySet[Indicator]:
    """Annotate ``latest_value`` and ``latest_date``: the last value dated on or before ``on_date`` (any date
    when None)."""
    values = IndicatorValue.objects.filter(indicator=OuterRef("pk"))
    if on_date is not None:
        values = values.filter(date__lte=on_date)
    values = values.order_by("-date", "-id")
    return queryset.annotate(
        latest_value=Subquery(values.values("value")[:1]), latest_date=Subquery(values.values("date")[:1])
    )


def _indicator_row(indicator: Indicator, *, city: City, on_date: dt.date, cache: dict[str, Any]) -> IndicatorRow:
    if indicator.is_computed:
        key = indicator.computed_source or ""
        if key not in cache:
            cache[key] = sources.value_at(key, city=city, on_date=on_date)
        value, date = cache[key], on_date if cache[key] is not None else None
    else:
        value, date = indicator.latest_value, indicator.latest_date  # type: ignore[attr-defined]
    measured = progress.directed_indicator_progress(
        value=value, baseline=indicator.baseline, target=indicator.target, direction=indicator.direction
    )
    return IndicatorRow(indicator=indicator, value=value, date=date, progress=measured)


def plan_tree(*, plan: Plan, include_unpublished: bool = False, on_date: dt.date | None = None) -> PlanTree:
    """The whole plan with progress at ``on_date`` (today, live, when None)."""
    live = on_date is None
    on_date = on_date or timezone.localdate()
    city = plan.city
    cornerstones = list(Cornerstone.objects.filter(plan=plan).order_by("number"))
    commitments = Commitment.objects.filter(plan=plan).prefetch_related("lead_officials").order_by("number")
    measures = Measure.objects.filter(commitment__plan=plan).select_related("owner_organisation")
    indicators = Indicator.objects.filter(Q(measure__commitment__plan=plan) | Q(commitment__plan=plan))
    if not include_unpublished:
        commitments = commitments.filter(published=True)
        measures = measures.filter(published=True, commitment__published=True)
        indicators = indicators.filter(published=True)
    indicators = indicators_with_latest(indicators, on_date=None if live else on_date).order_by("pk")

    cache: dict[str, Any] = {}
    by_measure: dict[int, list[IndicatorRow]] = defaultdict(list)
    by_commitment: dict[int, list[IndicatorRow]] = defaultdict(list)
    for indicator in indicators:
        row = _indicator_row(indicator, city=city, on_date=on_date, cache=cache)
        if indicator.measure_id is not None:
            by_measure[indicator.measure_id].append(row)
        else:
            by_commitment[indicator.commitment_id].append(row)  # type: ignore[index]

    nodes = {m.pk: MeasureNode(measure=m, indicators=by_measure.get(m.pk, [])) for m in measures}
    top_level: dict[int, list[MeasureNode]] = defaultdict(list)
    for node in nodes.values():
        parent_id = node.measure.parent_id
        if parent_id is None:
            top_level[node.measure.commitment_id].append(node)
        elif parent_id in nodes:
            nodes[parent_id].children.append(node)
        # a child of a hidden parent stays hidden

    def rollup(node: MeasureNode) -> progress.Progress:
        for child in node.children:
            rollup(child)
        node.progress = progress.measure_progress(
            status=node.measure.status,
            indicators=[row.progress for row in node.indicators],
            children=[(child.measure.weight, child.progress) for child in node.children],
        )
        return node.progress

    tree = PlanTree(plan=plan, on_date=on_date, live=live)
    commitments_by_cornerstone: dict[int, list[CommitmentNode]] = defaultdict(list)
    for commitment in commitments:
        measure_nodes = sorted(top_level.get(commitment.pk, []), key=lambda n: (n.measure.position, n.measure.pk))
        for node in measure_nodes:
            rollup(node)
        cnode = CommitmentNode(
            commitment=commitment, measures=measure_nodes, indicators=by_commitment.get(commitment.pk, [])
        )
        cnode.progress = progress.commitment_progress(
            measures=[(n.measure.weight, n.progress) for n in measure_nodes],
            indicators=[row.progress for row in cnode.indicators],
        )
        commitments_by_cornerstone[commitment.cornerstone_id].append(cnode)
    for cornerstone in cornerstones:
        children = commitments_by_cornerstone.get(cornerstone.pk, [])
        cornerstone_node = CornerstoneNode(cornerstone=cornerstone, commitments=children)
        cornerstone_node.progress = progress.weighted_mean((c.commitment.weight, c.progress) for c in children)
        tree.cornerstones.append(cornerstone_node)
    tree.progress = progress.weighted_mean((c.cornerstone.weight, c.progress) for c in tree.cornerstones)
    prefetch_shown(translated_objects(tree))
    return tree


def translated_objects(tree: PlanTree) -> Iterator[Any]:
    """Every translated object of the tree: their texts in the reader's language are read in one query."""
    yield tree.plan
    for cornerstone in tree.cornerstones:
        yield cornerstone.cornerstone
    for node in tree.commitments():
        yield node.commitment
        yield from node.commitment.lead_officials.all()
    for measure in tree.measures():
        yield measure.measure
    for row in tree.indicators():
        yield row.indicator


def plan_tree_for(*, plan: Plan, user: User | AnonymousUser) -> PlanTree:
    return plan_tree(plan=plan, include_unpublished=policies.can_see_unpublished(user, plan.city))


def partners_by_commitment(*, plan: Plan, include_unpublished: bool = False) -> dict[int, list[MeasurePartner]]:
    """Who does what: partners per commitment id (commitment-wide and per measure), one query."""
    queryset = MeasurePartner.objects.filter(commitment__plan=plan).select_related("organisation", "measure")
    if not include_unpublished:
        queryset = queryset.filter(commitment__published=True).filter(
            Q(measure__isnull=True) | Q(measure__published=True)
        )
    grouped: dict[int, list[MeasurePartner]] = defaultdict(list)
    for partner in queryset.order_by("commitment__number", "role", "organisation__name", "name"):
        grouped[partner.commitment_id].append(partner)
    return grouped


def measure_get(*, city: City, pk: int, user: User | AnonymousUser) -> Measure | None:
    measure = (
        Measure.objects.filter(city=city, pk=pk)
        .select_related("commitment__cornerstone", "commitment__plan", "parent", "owner_organisation", "city")
        .first()
    )
    if measure is None or not policies.can_view_measure(user, measure):
        return None
    return measure


def measure_indicators(*, measure: Measure, user: User | AnonymousUser) -> list[IndicatorRow]:
    queryset = Indicator.objects.filter(measure=measure).select_related("city", "measure").order_by("pk")
    if not (policies.can_see_unpublished(user, measure.city) or policies.is_measure_owner(user, measure)):
        queryset = queryset.filter(published=True)
    cache: dict[str, Any] = {}
    today = timezone.localdate()
    rows = [_indicator_row(i, city=measure.city, on_date=today, cache=cache) for i in indicators_with_latest(queryset)]
    prefetch_shown(row.indicator for row in rows)
    return rows


def indicator_history(*, indicator: Indicator) -> list[IndicatorValue]:
    return list(IndicatorValue.objects.filter(indicator=indicator).select_related("entered_by").order_by("date", "pk"))


def measure_children(*, measure: Measure, user: User | AnonymousUser) -> QuerySet[Measure]:
    queryset = measure.children.all()
    if not policies.can_see_unpublished(user, measure.city):
        queryset = queryset.filter(published=True)
    return queryset.order_by("position", "pk")


def pledges_for(*, plan: Plan, include_unpublished: bool = False) -> list[Pledge]:
    queryset = (
        Pledge.objects.filter(plan=plan)
        .select_related("organisation")
        .prefetch_related(Prefetch("commitments", queryset=Commitment.objects.order_by("number")))
    )
    if not include_unpublished:
        queryset = queryset.filter(published=True)
    pledges = list(queryset.order_by("made_on", "pk"))
    prefetch_shown([*pledges, *(c for pledge in pledges for c in pledge.commitments.all())])
    return pledges


def reviews_visible(*, plan: Plan, user: User | AnonymousUser) -> QuerySet[Review]:
    queryset = Review.objects.filter(plan=plan)
    if not policies.can_see_unpublished(user, plan.city):
        queryset = queryset.filter(status=ReviewStatus.FROZEN)
    return queryset.order_by("-held_on", "-pk")


def review_get(*, city: City, pk: int, user: User | AnonymousUser) -> Review | None:
    review = Review.objects.filter(city=city, pk=pk).select_related("plan", "city").first()
    if review is None or not policies.can_view_review(user, review):
        return None
    return review


def review_previous(*, review: Review) -> Review | None:
    return (
        Review.objects.filter(plan=review.plan, status=ReviewStatus.FROZEN)
        .filter(Q(held_on__lt=review.held_on) | Q(held_on=review.held_on, pk__lt=review.pk))
        .select_related("snapshot")
        .order_by("-held_on", "-pk")
        .first()
    )


def review_latest_frozen(*, plan: Plan) -> Review | None:
    return Review.objects.filter(plan=plan, status=ReviewStatus.FROZEN).order_by("-held_on", "-pk").first()


def indicators_entrable_by(*, user: User | AnonymousUser, plan: Plan) -> QuerySet[Indicator]:
    """Manual or imported indicators this person may enter values for (for the "my indicators" page)."""
    queryset = Indicator.objects.filter(Q(measure__commitment__plan=plan) | Q(commitment__plan=plan)).exclude(
        source="computed"
    )
    if not policies.is_coordinator(user=user, city=plan.city):
        organisations = policies.owned_organisation_ids(user)
        queryset = queryset.filter(Q(measure__owner_user=user) | Q(measure__owner_organisation_id__in=organisations))
    return queryset.select_related("measure__commitment", "commitment").order_by("pk")


# The app that holds public proposals (participation) registers how to list those that feed a measure.
_measure_proposals: list[Callable[..., list[Any]]] = []


def register_measure_proposals(provider: Callable[..., list[Any]]) -> None:
    """`provider(measure=...)` returns the published proposals that feed a measure, newest first."""
    _measure_proposals[:] = [provider]


def measure_proposals(*, measure: Measure) -> list[Any]:
    """Published public proposals that feed this measure, newest first (none when no app provides them)."""
    return _measure_proposals[0](measure=measure) if _measure_proposals else []


def plan_cornerstones(*, plan: Plan) -> QuerySet[Cornerstone]:
    """The plan's cornerstones in order, each with its commitments (for the coordinators' tree page)."""
    return (
        Cornerstone.objects.filter(plan=plan)
        .order_by("number")
        .prefetch_related(Prefetch("commitments", queryset=Commitment.objects.order_by("number")))
    )
