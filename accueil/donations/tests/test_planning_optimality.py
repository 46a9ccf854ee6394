"""The allocation of stock to needs is exact: checked against an independent LP (HiGHS) on random instances."""

from __future__ import annotations

import random

import numpy as np
import pytest
from scipy.optimize import linprog

from accueil.core.geo import distance_km
from accueil.donations.deliveries import planning
from accueil.donations.deliveries.planning import NeedDemand, StockOffer, VehicleSpec


def _instance(seed: int) -> tuple[list[StockOffer], list[NeedDemand]]:
    rng = random.Random(seed)
    items = rng.randint(1, 4)
    stocks = [
        StockOffer(
            key=f"s{p}-{i}-{size}",
            point_id=p,
            item_id=i,
            size=size,
            available=rng.randint(0, 12),
            latitude=48.82 + rng.random() * 0.08,
            longitude=2.25 + rng.random() * 0.15,
            district=p,
        )
        for p in range(rng.randint(1, 4))
        for i in range(items)
        for size in ("", "M")
        if rng.random() < 0.7
    ]
    needs = [
        NeedDemand(
            key=n,
            item_id=rng.randrange(items),
            size=rng.choice(["", "", "M"]),
            open_quantity=rng.randint(1, 15),
            urgency=rng.choice(["urgent", "high", "normal"]),
            days_until=rng.randint(-2, 20),
            latitude=48.82 + rng.random() * 0.08,
            longitude=2.25 + rng.random() * 0.15,
            district=rng.randint(1, 20),
            priority=rng.choice(["", "urgent", "high", "normal"]),
        )
        for n in range(rng.randint(1, 8))
    ]
    return stocks, needs


def _lp_optimum(stocks: list[StockOffer], needs: list[NeedDemand]) -> float:
    edges = planning.candidate_edges(stocks, needs)
    if not edges:
        return 0.0
    scores = np.array([round(sum(planning.edge_criteria(stocks[s], needs[n]).values()), 3) for s, n in edges])
    a_ub = np.zeros((len(stocks) + len(needs), len(edges)))
    for e, (s, n) in enumerate(edges):
        a_ub[s, e] = 1
        a_ub[len(stocks) + n, e] = 1
    b_ub = [s.available for s in stocks] + [n.open_quantity for n in needs]
    result = linprog(-scores, A_ub=a_ub, b_ub=b_ub, bounds=[(0, None)] * len(edges), method="highs")
    assert result.status == 0
    return -result.fun


@pytest.mark.smoke
@pytest.mark.parametrize("seed", range(40))
def test_allocation_matches_an_independent_lp(seed):
    stocks, needs = _instance(seed)
    lines, objective = planning.allocate(stocks, needs)
    assert objective == pytest.approx(_lp_optimum(stocks, needs), abs=1e-6)
    # feasibility: no stock row or need gets more than it has / asks
    for position, stock in enumerate(stocks):
        assert sum(line.quantity for line in lines if line.stock is stock) <= stock.available, position
    for need in needs:
        assert sum(line.quantity for line in lines if line.need is need) <= need.open_quantity
        assert all(not line.need.size or line.stock.size == line.need.size for line in lines)
    assert sum(line.score * line.quantity for line in lines) == pytest.approx(objective, abs=1e-6)


def test_urgent_need_served_first_and_reasons_add_up():
    stock = StockOffer(key=1, point_id=1, item_id=7, size="", available=5, latitude=48.86, longitude=2.35)
    calm = NeedDemand(
        key="calm", item_id=7, size="", open_quantity=5, urgency="normal", days_until=10, latitude=48.86, longitude=2.35
    )
    urgent = NeedDemand(
        key="urgent",
        item_id=7,
        size="",
        open_quantity=3,
        urgency="urgent",
        days_until=10,
        latitude=48.86,
        longitude=2.35,
    )
    lines, _ = planning.allocate([stock], [calm, urgent])
    served = {line.need.key: line.quantity for line in lines}
    assert served == {"urgent": 3, "calm": 2}
    for line in lines:
        assert sum(points for _, points in line.reasons) == pytest.approx(line.score)
        assert [name for name, _ in line.reasons] == ["urgency", "priority", "distance", "deadline"]


def test_runs_split_lines_within_capacity_and_group_by_point():
    stocks, needs = _instance(3)
    lines, _ = planning.allocate(stocks, needs)
    runs = planning.propose_runs(lines, [VehicleSpec(id=1, capacity=7), VehicleSpec(id=2, capacity=5, electric=False)])
    assert sum(run.units for run in runs) == sum(line.quantity for line in lines)
    for run in runs:
        assert 0 < run.units <= run.capacity
        assert {line.stock.point_id for line in run.lines} == {run.point_id}


def test_haversine_paris_distance():
    # Hôtel de Ville to Gare du Nord: about 2.6 km
    assert distance_km(48.8566, 2.3522, 48.8809, 2.3553) == pytest.approx(2.71, abs=0.1)
