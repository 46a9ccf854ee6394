"""Benchmark of the matching engine on a volunteering-sized instance.

Generates (seeded) 100,000 volunteers (1–3 places each), 20,000 shifts (1–10 places) and 2,000,000
candidate pairs with plausible scores, writes the JSON instance in a temporary directory, then measures:

(a) end to end: ``python -m accueil.matching solve FILE > OUT`` wall time and peak RSS (``/usr/bin/time -v``
    when present, otherwise ``getrusage(RUSAGE_CHILDREN)``), in a fresh process each time;
(b) OR-Tools alone: ``SimpleMinCostFlow`` on the same file with the plain model (source → agents, each
    edge scoring > 0 as an arc of capacity = units and cost = −round(score × 1000), slots → sink, bypass
    of min(Σ agent capacities, Σ slot capacities)), timed from NumPy arrays ready to solve done; reading
    the file into those arrays is timed separately and not included;
(c) Σ score × units of the optimum against first come (self-service) and greedy by score.

Runs (a) and (b) alternately ``--repeat`` times and reports the minimum and the median. ``--small`` runs
a 5,000 × 1,000 × 100,000 instance in seconds.

    python bench/matching_bench.py [--small] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261122


def generate(path: Path, *, agents: int, slots: int, edges: int, seed: int = SEED) -> None:
    """Volunteers and shifts on a 60 km × 60 km map; each volunteer gets ``edges / agents`` nearby shifts.

    Score = distance (4 × e^(−km/15), 3 decimals) + skills (3, 30 %) + language (2, 25 %) + preferred
    day (1.5, 40 %) + fairness (2 × share of monthly hours left, 3 decimals) − 6 when already busy
    nearby that day (3 %): mostly 2–10, a few ≤ 0.
    """
    rng = np.random.default_rng(seed)
    agent_capacity = rng.integers(1, 4, agents)
    slot_capacity = rng.integers(1, 11, slots)
    cells = 20
    agent_xy = rng.uniform(0, 60, (agents, 2))
    slot_xy = rng.uniform(0, 60, (slots, 2))
    slot_cell = (slot_xy[:, 0] // 3).astype(np.int64) * cells + (slot_xy[:, 1] // 3).astype(np.int64)
    by_cell = np.argsort(slot_cell, kind="stable")
    cell_start = np.searchsorted(slot_cell[by_cell], np.arange(cells * cells + 1))

    per_agent = edges // agents
    draws = per_agent + 8
    agent = np.repeat(np.arange(agents), draws)
    cx = np.clip((agent_xy[agent, 0] // 3).astype(np.int64) + rng.integers(-1, 2, agent.size), 0, cells - 1)
    cy = np.clip((agent_xy[agent, 1] // 3).astype(np.int64) + rng.integers(-1, 2, agent.size), 0, cells - 1)
    cell = cx * cells + cy
    size = cell_start[cell + 1] - cell_start[cell]
    slot = by_cell[cell_start[cell] + (rng.random(agent.size) * size).astype(np.int64)]
    keys = np.unique(agent.astype(np.int64) * slots + slot)
    owner = keys // slots
    rank = np.arange(keys.size) - np.searchsorted(owner, owner)
    keys = keys[rank < per_agent]
    while keys.size < edges:  # a volunteer with too few distinct draws: top up with random pairs
        extra = rng.integers(0, agents, edges - keys.size) * slots + rng.integers(0, slots, edges - keys.size)
        keys = np.union1d(keys, extra)
    keys = keys[:edges]
    # Agent by agent, shifts in no particular order within a volunteer.
    keys = keys[np.lexsort((rng.random(keys.size), keys // slots))]
    agent, slot = keys // slots, keys % slots

    km = np.hypot(*(agent_xy[agent] - slot_xy[slot]).T)
    share_left = rng.random(agents)
    score = (
        np.round(4 * np.exp(-km / 15), 3)
        + 3 * (rng.random(keys.size) < 0.30)
        + 2 * (rng.random(keys.size) < 0.25)
        + 1.5 * (rng.random(keys.size) < 0.40)
        + np.round(2 * share_left[agent], 3)
        - 6 * (rng.random(keys.size) < 0.03)
    )
    document = {
        "agents": [{"id": f"v{i}", "capacity": c} for i, c in enumerate(agent_capacity.tolist())],
        "slots": [{"id": f"s{j}", "capacity": c} for j, c in enumerate(slot_capacity.tolist())],
        "edges": [
            [f"v{a}", f"s{s}", x]
            for a, s, x in zip(agent.tolist(), slot.tolist(), np.round(score, 3).tolist(), strict=True)
        ],
    }
    path.write_text(json.dumps(document), encoding="utf-8")


def run_end_to_end(instance: Path, output: Path) -> dict[str, float]:
    """Wall and CPU (user + system) seconds, and peak RSS in KiB, of ``python -m accueil.matching solve``."""
    command = [sys.executable, "-m", "accueil.matching", "solve", str(instance)]
    time_binary = shutil.which("time", path="/usr/bin")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with output.open("wb") as out:
        start = time.perf_counter()
        completed = subprocess.run(
            [time_binary, "-v", *command] if time_binary else command, cwd=ROOT, stdout=out, stderr=subprocess.PIPE
        )
        elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        raise SystemExit(f"the engine failed: {completed.stderr.decode()[-2000:]}")
    found = re.search(rb"Maximum resident set size \(kbytes\): (\d+)", completed.stderr)
    return {
        "wall": elapsed,
        "cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
        "peak_kib": int(found.group(1)) if found else after.ru_maxrss,
    }


def child_baseline(instance: Path) -> dict[str, float]:
    """OR-Tools on the plain model; prints and returns timings and the objective in millis."""
    from ortools.graph.python import min_cost_flow

    start = time.perf_counter()
    document = json.loads(instance.read_bytes())
    agents = {item["id"]: i for i, item in enumerate(document["agents"])}
    slots = {item["id"]: j for j, item in enumerate(document["slots"])}
    agent_capacity = np.array([item["capacity"] for item in document["agents"]], dtype=np.int64)
    slot_capacity = np.array([item["capacity"] for item in document["slots"]], dtype=np.int64)
    edges = document["edges"]
    edge_agent = np.fromiter((agents[edge[0]] for edge in edges), dtype=np.int32, count=len(edges))
    edge_slot = np.fromiter((slots[edge[1]] for edge in edges), dtype=np.int32, count=len(edges))
    millis = np.rint(np.array([edge[2] for edge in edges], dtype=np.float64) * 1000).astype(np.int64)
    units = np.array([edge[3] if len(edge) == 4 else 1 for edge in edges], dtype=np.int64)
    del document, edges
    positive = millis > 0
    edge_agent, edge_slot, millis, units = edge_agent[positive], edge_slot[positive], millis[positive], units[positive]
    n_agents, n_slots = agent_capacity.size, slot_capacity.size
    source, sink = n_agents + n_slots, n_agents + n_slots + 1
    bypass = min(int(agent_capacity.sum()), int(slot_capacity.sum()))
    tails = np.concatenate((np.full(n_agents, source), edge_agent, n_agents + np.arange(n_slots), (source,))).astype(
        np.int32
    )
    heads = np.concatenate((np.arange(n_agents), n_agents + edge_slot, np.full(n_slots, sink), (sink,))).astype(
        np.int32
    )
    capacities = np.concatenate((agent_capacity, units, slot_capacity, (bypass,))).astype(np.int64)
    costs = np.concatenate((np.zeros(n_agents, np.int64), -millis, np.zeros(n_slots + 1, np.int64)))
    nodes, supplies = np.array((source, sink), np.int32), np.array((bypass, -bypass), np.int64)
    ready = time.perf_counter()

    ready_cpu = time.process_time()
    network = min_cost_flow.SimpleMinCostFlow()
    network.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
    network.set_nodes_supplies(nodes, supplies)
    status = network.solve()
    solved, solved_cpu = time.perf_counter(), time.process_time()
    if status != network.OPTIMAL:
        raise SystemExit(f"OR-Tools stopped with {status.name}")
    return {
        "parse_seconds": ready - start,
        "solve_seconds": solved - ready,
        "solve_cpu_seconds": solved_cpu - ready_cpu,
        "objective_millis": -network.optimal_cost(),
        "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def child_stages(instance: Path) -> dict[str, list[float]]:
    """Where the engine's end-to-end time goes, stage by stage in one process: [wall, CPU] seconds."""
    clocks = [(time.perf_counter(), time.process_time())]
    from numpy._core import multiarray

    from accueil.matching.cli import _keep_freed_memory, solution_document
    from accueil.matching.instance import gc_paused
    from accueil.matching.reading import read_arrays, read_file
    from accueil.matching.solver import solve_arrays

    multiarray._set_madvise_hugepage(False)  # as the command line does
    _keep_freed_memory()
    clocks.append((time.perf_counter(), time.process_time()))
    with gc_paused():
        text = read_file(instance)
        clocks.append((time.perf_counter(), time.process_time()))
        document, arrays = read_arrays(text)
        clocks.append((time.perf_counter(), time.process_time()))
        result = solve_arrays(arrays)
        clocks.append((time.perf_counter(), time.process_time()))
        json.dumps(solution_document(arrays, result))
        clocks.append((time.perf_counter(), time.process_time()))
    way = "ordinary parser" if document is not None else "scanner"
    names = ("imports", "read the file", f"JSON to arrays ({way})", "solve (network + OR-Tools)", "output JSON")
    return {
        name: [end[0] - begin[0], end[1] - begin[1]]
        for name, begin, end in zip(names, clocks[:-1], clocks[1:], strict=True)
    }


def child_baselines(instance: Path) -> dict[str, float]:
    """Σ score × units (millis) of the two baselines, and their run time."""
    from accueil.matching import first_come_arrays, greedy_by_score_arrays, load_instance_json

    arrays = load_instance_json(instance)
    figures: dict[str, float] = {}
    for name, rule in (("first_come", first_come_arrays), ("greedy", greedy_by_score_arrays)):
        start = time.perf_counter()
        figures[name] = rule(arrays).objective_millis
        figures[f"{name}_seconds"] = time.perf_counter() - start
    return figures


def in_child(mode: str, instance: Path) -> dict[str, float]:
    """Run a ``child_*`` function in a fresh interpreter, so that each starts from the same state."""
    completed = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(instance)], cwd=ROOT, capture_output=True, text=True
    )
    if completed.returncode != 0:
        raise SystemExit(completed.stderr[-2000:])
    return json.loads(completed.stdout)


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor() or "unknown CPU",
    )
    memory = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.splitlines()[1].split()[1]
    return f"{os.cpu_count()} cores ({model}), {memory} GiB of memory"


def seconds(values: list[float]) -> str:
    return f"{min(values):.2f} s / {statistics.median(values):.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="5,000 × 1,000 × 100,000 instead of 100,000 × 20,000 × 2M")
    parser.add_argument("--repeat", type=int, default=3, help="runs of (a) and (b) each (default 3)")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        mode, file = arguments.child
        sys.path.insert(0, str(ROOT))
        function = {"baseline": child_baseline, "stages": child_stages, "baselines": child_baselines}[mode]
        print(json.dumps(function(Path(file))))
        return

    agents, slots, edges = (5_000, 1_000, 100_000) if arguments.small else (100_000, 20_000, 2_000_000)
    with tempfile.TemporaryDirectory() as directory:
        instance, output = Path(directory) / "instance.json", Path(directory) / "solution.json"
        start = time.perf_counter()
        generate(instance, agents=agents, slots=slots, edges=edges)
        megabytes = instance.stat().st_size / 1e6
        print(f"generated {megabytes:.0f} MB in {time.perf_counter() - start:.0f} s", file=sys.stderr)

        load_before = os.getloadavg()[0]
        runs: list[dict[str, float]] = []
        baselines: list[dict[str, float]] = []
        for run in range(arguments.repeat):
            runs.append(run_end_to_end(instance, output))
            baselines.append(in_child("baseline", instance))
            alone = baselines[-1]["solve_seconds"]
            print(f"run {run + 1}: end to end {runs[-1]['wall']:.2f} s, OR-Tools alone {alone:.2f} s", file=sys.stderr)
        load_after = os.getloadavg()[0]
        solution = json.loads(output.read_text())
        optimum = round(solution["objective"] * 1000)
        if optimum != baselines[-1]["objective_millis"]:
            raise SystemExit(f"objectives differ: engine {optimum}, OR-Tools alone {baselines[-1]['objective_millis']}")
        stages = in_child("stages", instance)
        rules = in_child("baselines", instance)

    wall = [run["wall"] for run in runs]
    cpu = [run["cpu"] for run in runs]
    solve_wall = [baseline["solve_seconds"] for baseline in baselines]
    solve_cpu = [baseline["solve_cpu_seconds"] for baseline in baselines]
    size = f"{agents:,} agents × {slots:,} slots × {edges:,} edges"
    rows = [
        ("instance", f"{size}, JSON file of {megabytes:.0f} MB"),
        ("(a) end to end `python -m accueil.matching solve FILE > OUT`, wall (min / median)", seconds(wall)),
        ("(a) same, CPU user + system (min / median)", seconds(cpu)),
        ("(a) peak RSS (max)", f"{max(run['peak_kib'] for run in runs) / 1024:.0f} MiB"),
        ("(b) OR-Tools alone, NumPy arrays ready → solved, wall (min / median)", seconds(solve_wall)),
        ("(b) same, CPU (min / median)", seconds(solve_cpu)),
        ("**ratio (a) / (b)**, wall: min to min / median to median", ratio(wall, solve_wall)),
        ("**ratio (a) / (b)**, CPU: min to min / median to median", ratio(cpu, solve_cpu)),
        (
            "reading the file into the arrays of (b): not counted in (b) (min / median)",
            seconds([baseline["parse_seconds"] for baseline in baselines]),
        ),
        *(
            (f"(a) stage in one process: {name}, wall / CPU", f"{w:.2f} s / {c:.2f} s")
            for name, (w, c) in stages.items()
        ),
        ("(c) optimum: Σ score × units, pairs", f"{optimum / 1000:,.3f}, {len(solution['assignments']):,} pairs"),
        ("(c) first come, self-service", percent(rules["first_come"], optimum, rules["first_come_seconds"])),
        ("(c) greedy by score", percent(rules["greedy"], optimum, rules["greedy_seconds"])),
    ]
    print(
        f"Machine: {machine()}; Python {platform.python_version()}; {arguments.repeat} runs of (a) and (b), "
        f"alternating; load average {load_before:.1f} before, {load_after:.1f} after.\n"
    )
    print("| measure | value |\n| --- | --- |")
    for name, value in rows:
        print(f"| {name} | {value} |")


def ratio(numerators: list[float], denominators: list[float]) -> str:
    best = min(numerators) / min(denominators)
    typical = statistics.median(numerators) / statistics.median(denominators)
    return f"{best:.2f}× / {typical:.2f}×"


def percent(value: float, optimum: int, elapsed: float) -> str:
    return f"{value / 1000:,.3f} = {100 * value / optimum:.2f} % of the optimum (computed in {elapsed:.1f} s)"


if __name__ == "__main__":
    main()
