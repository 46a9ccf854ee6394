"""Benchmark: allocation of stock at 20 collection points to 1,000 needs over 200 item types, solved exactly.

    .venv/bin/python bench/donations_bench.py [--points 20] [--needs 1000] [--items 200] [--repeat 3]

Builds a random instance (fixed seed), times `accueil.donations.deliveries.planning.allocate` (edges, scores with their
criteria, the matching engine's exact min-cost flow) and the grouping into runs, and checks the objective
against an independent LP (scipy HiGHS). Target: ≤ 5 s for the allocation.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

import numpy as np  # noqa: E402
from scipy.optimize import linprog  # noqa: E402
from scipy.sparse import coo_matrix  # noqa: E402

from accueil.donations.deliveries import planning  # noqa: E402


def build(points: int, needs: int, items: int, seed: int = 2015):
    rng = random.Random(seed)
    centres = [(48.83 + rng.random() * 0.06, 2.28 + rng.random() * 0.12) for _ in range(20)]
    stocks = []
    for p in range(points):
        lat, lon = centres[p % 20]
        for i in range(items):
            stocks.append(
                planning.StockOffer(
                    key=(p, i),
                    point_id=p,
                    item_id=i,
                    size="",
                    available=rng.randint(0, 40),
                    latitude=lat,
                    longitude=lon,
                    district=p % 20 + 1,
                )
            )
    demands = []
    for n in range(needs):
        lat, lon = centres[rng.randrange(20)]
        demands.append(
            planning.NeedDemand(
                key=n,
                item_id=rng.randrange(items),
                size="",
                open_quantity=rng.randint(1, 60),
                urgency=rng.choice(["urgent", "high", "normal"]),
                days_until=rng.randint(-3, 30),
                latitude=lat,
                longitude=lon,
                district=rng.randint(1, 20),
                priority=rng.choice(["", "", "urgent", "high", "normal"]),
            )
        )
    return stocks, demands


def lp_objective(stocks, needs) -> float:
    edges = planning.candidate_edges(stocks, needs)
    scores = np.array([round(sum(planning.edge_criteria(stocks[s], needs[n]).values()), 3) for s, n in edges])
    rows = [s for s, _ in edges] + [len(stocks) + n for _, n in edges]
    cols = list(range(len(edges))) * 2
    matrix = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(stocks) + len(needs), len(edges)))
    bounds = [s.available for s in stocks] + [n.open_quantity for n in needs]
    result = linprog(-scores, A_ub=matrix.tocsr(), b_ub=bounds, bounds=(0, None), method="highs")
    return -result.fun


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=20)
    parser.add_argument("--needs", type=int, default=1000)
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    stocks, needs = build(args.points, args.needs, args.items)
    times, runs_times = [], []
    for _ in range(args.repeat):
        started = time.perf_counter()
        lines, objective = planning.allocate(stocks, needs)
        times.append(time.perf_counter() - started)
        started = time.perf_counter()
        runs = planning.propose_runs(lines, [planning.VehicleSpec(id=v, capacity=300) for v in range(5)])
        runs_times.append(time.perf_counter() - started)
    edges = len(planning.candidate_edges(stocks, needs))
    lp = lp_objective(stocks, needs)
    print(f"instance: {args.points} points × {args.needs} needs × {args.items} item types, {edges} edges")
    print(f"allocation (exact): best {min(times):.3f} s, worst {max(times):.3f} s over {args.repeat} runs")
    units = sum(line.quantity for line in lines)
    print(f"runs grouping: {min(runs_times) * 1000:.1f} ms, {len(runs)} runs, {units} units")
    print(f"objective {objective:.3f}, independent LP {lp:.3f}, equal: {abs(objective - lp) < 1e-6}")


if __name__ == "__main__":
    main()
