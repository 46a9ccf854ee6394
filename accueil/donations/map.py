"""A light map of the collection points, drawn on the server as SVG: no tiles, no script.

Points sit at their district's centre (collection points have no coordinates of their own); several points
in one district are spread on a small circle around it. The projection is equirectangular around the
points' mean latitude, which is exact enough at the scale of a city.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

WIDTH = 400
HEIGHT = 280
MARGIN = 24
SPREAD = 7  # pixels between points of one district


@dataclass(frozen=True)
class MapPoint:
    point: Any
    x: float
    y: float
    label_y: float


@dataclass(frozen=True)
class PointsMap:
    width: int
    height: int
    points: tuple[MapPoint, ...]


def points_map(points: Sequence[Any]) -> PointsMap | None:
    """Positions for each point (objects with ``district.latitude``/``longitude``); None when nothing to draw."""
    located = [p for p in points if p.district is not None]
    if not located:
        return None
    lats = [float(p.district.latitude) for p in located]
    lons = [float(p.district.longitude) for p in located]
    scale_x = math.cos(math.radians(sum(lats) / len(lats)))
    xs = [lon * scale_x for lon in lons]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(lats), max(lats)
    span = max(max_x - min_x, (max_y - min_y) * (WIDTH - 2 * MARGIN) / (HEIGHT - 2 * MARGIN), 1e-6)
    factor = (WIDTH - 2 * MARGIN) / span
    by_district: dict[Any, list[int]] = defaultdict(list)
    for index, point in enumerate(located):
        by_district[point.district_id].append(index)
    drawn: list[MapPoint] = []
    for index, point in enumerate(located):
        group = by_district[point.district_id]
        rank = group.index(index)
        angle = 2 * math.pi * rank / len(group)
        offset = SPREAD if len(group) > 1 else 0
        x = MARGIN + (xs[index] - min_x) * factor + offset * math.cos(angle)
        y = HEIGHT - MARGIN - (lats[index] - min_y) * factor + offset * math.sin(angle)
        drawn.append(MapPoint(point=point, x=round(x, 1), y=round(y, 1), label_y=round(y - 8, 1)))
    return PointsMap(width=WIDTH, height=HEIGHT, points=tuple(drawn))
