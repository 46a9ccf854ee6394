"""Delivery planning: stock at collection points allocated to the needs of partner sites, then grouped into runs.

Allocation (exact, by the matching engine): agents are stock rows (a point's units of one item and size,
minus what planned runs already carry), slots are open needs (their open quantity), and an edge joins a stock
row to a need for the same item (and the same size when the need names one). Edges carry units, so a need can
be served by several points and a point can serve several needs: partial quantities are natural. The engine
maximises Σ score × units, where an edge's score is the sum of named criteria:

- urgency of the need: urgent 30, high 20, normal 10 points;
- the city's priority list: urgent 6, high 4, normal 2 points;
- distance: 10 − km between the point's district centre and the site's district centre (haversine), at least 0;
- deadline: 14 − days until the date needed, from 0 to 14 (overdue counts 14).

Every edge scores at least 10, so any unit that can move is moved, the better pairs first.

Runs (a simple, documented bin-packing): lines are grouped by point (a run picks up at one point), points in
order of units to move (most first). Within a point, lines are sorted by the destination district then the need,
so one run serves neighbouring sites. Lines fill runs first-fit in that order up to the vehicle's capacity;
a line that does not fit is split, the rest opening the next run. Vehicles are used in turn (electric first,
then the largest); a vehicle may make several runs. Drivers are assigned run by run: the volunteer driver with
the fewest runs so far, preferring one who serves the point's district.

No Django here: `selectors.planning_inputs` reads the database, `services.runs_create` writes the runs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from accueil.core.geo import distance_km
from accueil.matching import build_arrays, solve_arrays

URGENCY_POINTS = {"urgent": 30, "high": 20, "normal": 10}
PRIORITY_POINTS = {"urgent": 6, "high": 4, "normal": 2}
DISTANCE_RANGE_KM = 10
DEADLINE_DAYS = 14


@dataclass(frozen=True)
class StockOffer:
    key: Hashable
    point_id: int
    item_id: int
    size: str
    available: int
    latitude: float
    longitude: float
    district: int = 0


@dataclass(frozen=True)
class NeedDemand:
    key: Hashable
    item_id: int
    size: str
    open_quantity: int
    urgency: str
    days_until: int
    latitude: float
    longitude: float
    district: int = 0
    priority: str = ""


@dataclass(frozen=True)
class PlannedLine:
    stock: StockOffer
    need: NeedDemand
    quantity: int
    score: float
    reasons: tuple[tuple[str, float], ...]

    @property
    def need_id(self) -> Hashable:
        return self.need.key

    @property
    def item_id(self) -> int:
        return self.stock.item_id

    @property
    def size(self) -> str:
        return self.stock.size


@dataclass(frozen=True)
class VehicleSpec:
    id: int
    capacity: int
    electric: bool = True


@dataclass(frozen=True)
class DriverSpec:
    user_id: int
    districts: frozenset[int] = frozenset()


@dataclass
class RunProposal:
    point_id: int
    vehicle_id: int
    capacity: int
    lines: list[PlannedLine] = field(default_factory=list)
    driver_id: int | None = None
    driver_reasons: list[list[str]] = field(default_factory=list)

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)


def edge_criteria(stock: StockOffer, need: NeedDemand) -> dict[str, float]:
    km = distance_km(stock.latitude, stock.longitude, need.latitude, need.longitude)
    return {
        "urgency": URGENCY_POINTS.get(need.urgency, 10),
        "priority": PRIORITY_POINTS.get(need.priority, 0),
        "distance": round(max(0.0, DISTANCE_RANGE_KM - km), 3),
        "deadline": max(0, min(DEADLINE_DAYS, DEADLINE_DAYS - need.days_until)),
    }


def candidate_edges(stocks: Sequence[StockOffer], needs: Sequence[NeedDemand]) -> list[tuple[int, int]]:
    """(stock position, need position) pairs that may carry units: same item, compatible size."""
    by_item: dict[int, list[int]] = defaultdict(list)
    for position, stock in enumerate(stocks):
        if stock.available > 0:
            by_item[stock.item_id].append(position)
    edges = []
    for n, need in enumerate(needs):
        if need.open_quantity <= 0:
            continue
        for s in by_item.get(need.item_id, ()):
            if not need.size or stocks[s].size == need.size:
                edges.append((s, n))
    return edges


def allocate(stocks: Sequence[StockOffer], needs: Sequence[NeedDemand]) -> tuple[list[PlannedLine], float]:
    """The maximum-score allocation (exact) and its objective Σ score × units."""
    edges = candidate_edges(stocks, needs)
    if not edges:
        return [], 0.0
    criteria = [edge_criteria(stocks[s], needs[n]) for s, n in edges]
    scores = [round(sum(c.values()), 3) for c in criteria]
    arrays = build_arrays(
        agent_ids=list(range(len(stocks))),
        agent_capacity=[max(0, s.available) for s in stocks],
        slot_ids=list(range(len(needs))),
        slot_capacity=[max(0, n.open_quantity) for n in needs],
        edge_agent=[s for s, _ in edges],
        edge_slot=[n for _, n in edges],
        edge_score=scores,
        edge_units=[min(stocks[s].available, needs[n].open_quantity) for s, n in edges],
    )
    result = solve_arrays(arrays)
    lines = []
    for position in result.flow.nonzero()[0].tolist():
        s, n = edges[position]
        reasons = tuple((name, float(points)) for name, points in criteria[position].items())
        lines.append(
            PlannedLine(
                stock=stocks[s],
                need=needs[n],
                quantity=int(result.flow[position]),
                score=scores[position],
                reasons=reasons,
            )
        )
    return lines, result.objective


def propose_runs(
    lines: Sequence[PlannedLine], vehicles: Sequence[VehicleSpec], drivers: Sequence[DriverSpec] = ()
) -> list[RunProposal]:
    """Group allocated lines into runs within each vehicle's capacity (module docstring), then assign drivers."""
    if not vehicles or not lines:
        return []
    fleet = sorted(vehicles, key=lambda v: (not v.electric, -v.capacity, v.id))
    by_point: dict[int, list[PlannedLine]] = defaultdict(list)
    for line in lines:
        by_point[line.stock.point_id].append(line)
    point_order = sorted(by_point, key=lambda p: (-sum(line.quantity for line in by_point[p]), p))
    runs: list[RunProposal] = []
    district_of_point: dict[int, int] = {}
    for point_id in point_order:
        point_lines = sorted(by_point[point_id], key=lambda line: (line.need.district, str(line.need.key)))
        district_of_point[point_id] = point_lines[0].stock.district
        run: RunProposal | None = None
        for line in point_lines:
            remaining = line.quantity
            while remaining:
                if run is None or run.units >= run.capacity:
                    vehicle = fleet[len(runs) % len(fleet)]
                    run = RunProposal(point_id=point_id, vehicle_id=vehicle.id, capacity=vehicle.capacity)
                    runs.append(run)
                take = min(remaining, run.capacity - run.units)
                run.lines.append(
                    PlannedLine(stock=line.stock, need=line.need, quantity=take, score=line.score, reasons=line.reasons)
                )
                remaining -= take
    _assign_drivers(runs, drivers, district_of_point)
    return runs


def _assign_drivers(runs: list[RunProposal], drivers: Sequence[DriverSpec], district_of_point: dict[int, int]) -> None:
    if not drivers:
        return
    load: dict[int, int] = {driver.user_id: 0 for driver in drivers}
    for run in runs:
        district = district_of_point.get(run.point_id, 0)
        driver = min(drivers, key=lambda d: (load[d.user_id], district not in d.districts, d.user_id))
        load[driver.user_id] += 1
        run.driver_id = driver.user_id
        run.driver_reasons = [["licence", "B"], ["runs_before", str(load[driver.user_id] - 1)]]
        if district in driver.districts:
            run.driver_reasons.append(["serves_district", str(district)])
