"""Benchmark of interpreter matching: 2,000 requests × 1,500 interpreters, exact optimum within 5 s.

Generates (seeded) interpreters with 1–3 credentials among 12 languages (some with a dialect), modes, domains,
gender, weekdays, district, conflicts of interest with 40 organisations and persons they must not serve; and
requests with language (and sometimes a dialect), level, domain, mode, urgency, gender preference, district,
organisation and person. Then, as `accueil.outreach.services.interpreting_match_run` does after reading the
database:

(a) times the hard rules and scores (`interpreting_rules.build_edges`) and the engine (`solve_arrays`), median
    of ``--repeat`` runs, and asserts the total is under 5 s;
(b) checks every proposed pair against the plain rule (`breaks_hard_rule`) and every capacity;
(c) checks the optimum is exact: the same edges solved as a linear programme by HiGHS (scipy; the assignment
    matrix is totally unimodular, so the LP optimum is the integer optimum) give the same Σ score.

    .venv/bin/python bench/interpreting_bench.py [--repeat N] [--requests R] [--interpreters I]
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from accueil.matching import build_arrays, solve_arrays
from accueil.outreach.interpreting_rules import (
    Credential,
    InterpreterFacts,
    RequestFacts,
    breaks_hard_rule,
    build_edges,
)

SEED = 20151204
LANGUAGES = ["ar", "fa", "ps", "ti", "am", "so", "ur", "ku", "en", "ru", "bn", "ta"]
DIALECTS = {"ar": ["", "Soudanais", "Maghrébin"], "fa": ["", "Dari"], "ku": ["", "Sorani", "Kurmanji"]}
MODES = ["on_site", "phone", "video"]
DOMAINS = ["asylum", "medical", "legal", "everyday"]
PARIS = (48.8566, 2.3522)


def generate(requests: int, interpreters: int, seed: int = SEED) -> tuple[list[InterpreterFacts], list[RequestFacts]]:
    rng = random.Random(seed)
    districts = {n: (PARIS[0] + rng.uniform(-0.05, 0.05), PARIS[1] + rng.uniform(-0.08, 0.08)) for n in range(1, 21)}
    people = list(range(1, 4001))
    pool = []
    for i in range(interpreters):
        credentials = []
        for code in rng.sample(LANGUAGES, k=rng.choice([1, 1, 2, 3])):
            credentials.append(Credential(code, rng.choice([1, 2, 2, 3]), rng.choice(DIALECTS.get(code, [""]))))
        district = rng.randint(1, 20)
        pool.append(
            InterpreterFacts(
                id=i,
                capacity=rng.choice([1, 1, 1, 2]),
                credentials=tuple(credentials),
                modes=frozenset(rng.sample(MODES, k=rng.randint(1, 3))),
                domains=frozenset(rng.sample(DOMAINS, k=rng.randint(1, 3))),
                gender=rng.choice(["woman", "man"]),
                weekdays=frozenset() if rng.random() < 0.4 else frozenset(rng.sample(range(7), k=rng.randint(2, 6))),
                position=districts[district],
                district=district,
                conflict_organisations=frozenset(rng.sample(range(1, 41), k=rng.choice([0, 0, 1, 2]))),
                excluded_persons=frozenset(rng.sample(people, k=rng.choice([0, 0, 0, 1, 3]))),
                served_persons=frozenset(rng.sample(people, k=rng.choice([0, 1, 4]))),
            )
        )
    asks = []
    for r in range(requests):
        code = rng.choice(LANGUAGES)
        district = rng.randint(1, 20)
        asks.append(
            RequestFacts(
                id=r,
                language=code,
                level=rng.choice([1, 2, 2, 3]),
                mode=rng.choice(MODES),
                weekday=rng.randint(0, 6),
                domain=rng.choice(DOMAINS),
                dialect=rng.choice(DIALECTS.get(code, [""])) if rng.random() < 0.3 else "",
                urgency=rng.choice([1, 2, 2, 3]),
                gender=rng.choice(["", "", "woman", "man"]),
                organisation=rng.choice([None, *range(1, 41)]),
                person=rng.choice([None, *people]),
                position=districts[district],
                district=district,
            )
        )
    return pool, asks


def run(pool: list[InterpreterFacts], asks: list[RequestFacts]) -> tuple[float, float, object, object]:
    started = time.perf_counter()
    edges = build_edges(pool, asks)
    built = time.perf_counter()
    arrays = build_arrays(
        agent_ids=list(range(len(pool))),
        agent_capacity=np.array([i.capacity for i in pool], dtype=np.int64),
        slot_ids=list(range(len(asks))),
        slot_capacity=np.ones(len(asks), dtype=np.int64),
        edge_agent=edges.interpreter,
        edge_slot=edges.request,
        edge_score=edges.score,
    )
    solution = solve_arrays(arrays)
    return built - started, time.perf_counter() - built, edges, solution


def lp_optimum(pool: list[InterpreterFacts], asks: list[RequestFacts], edges: object) -> float:
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix, vstack

    e_req, e_int, score = edges.request, edges.interpreter, edges.score  # type: ignore[attr-defined]
    m = score.size
    cols = np.arange(m)
    by_interpreter = coo_matrix((np.ones(m), (e_int, cols)), shape=(len(pool), m))
    by_request = coo_matrix((np.ones(m), (e_req, cols)), shape=(len(asks), m))
    bounds = np.concatenate([np.array([i.capacity for i in pool], dtype=float), np.ones(len(asks))])
    result = linprog(
        -score, A_ub=vstack([by_interpreter, by_request]).tocsr(), b_ub=bounds, bounds=(0, 1), method="highs"
    )
    return float(-result.fun)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--interpreters", type=int, default=1500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    pool, asks = generate(args.requests, args.interpreters)
    timings = []
    for _ in range(args.repeat):
        build_s, solve_s, edges, solution = run(pool, asks)
        timings.append((build_s, solve_s))
    build_med = statistics.median(t[0] for t in timings)
    solve_med = statistics.median(t[1] for t in timings)
    total = [a + b for a, b in timings]
    flow = solution.flow  # type: ignore[attr-defined]
    used = np.flatnonzero(flow > 0)
    load: dict[int, int] = {}
    for k in used:
        interpreter, request = pool[int(edges.interpreter[k])], asks[int(edges.request[k])]  # type: ignore[attr-defined]
        assert breaks_hard_rule(interpreter, request) is None, (interpreter.id, request.id)
        load[interpreter.id] = load.get(interpreter.id, 0) + 1
    assert all(load[i] <= pool[i].capacity for i in load)
    assert len({int(edges.request[k]) for k in used}) == used.size  # type: ignore[attr-defined]
    objective = solution.objective_millis / 1000  # type: ignore[attr-defined]
    reference = lp_optimum(pool, asks, edges)
    print(f"machine: {platform.platform()}, Python {platform.python_version()}")
    print(
        f"instance: {len(asks)} requests × {len(pool)} interpreters, {edges.score.size} allowed pairs "  # type: ignore[attr-defined]
        f"(hard rules applied), seed {SEED}"
    )
    print(
        f"hard rules + scores: median {build_med:.3f} s; engine: median {solve_med:.3f} s; "
        f"total median {statistics.median(total):.3f} s, max {max(total):.3f} s over {args.repeat} runs"
    )
    print(f"matched {used.size} of {len(asks)} requests; objective {objective:.3f}; HiGHS LP optimum {reference:.3f}")
    assert abs(objective - reference) < 1e-6 * max(1.0, reference), "not the exact optimum"
    assert max(total) < 5.0, "over 5 s"
    print("OK: exact optimum, hard rules and capacities hold, under 5 s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
