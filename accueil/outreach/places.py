"""Coarse places: a grid of cells of about 250 m, computed from a point that is never stored.

A phone may know where it is; the encounter keeps only the cell (`G-<row>-<column>`), and after the retention
period only the district. Cells are a fixed grid in degrees, so the same point always falls in the same cell.
"""

from __future__ import annotations

import math
import re

CELL_LATITUDE_DEGREES = 0.00225  # ≈ 250 m
CELL_LONGITUDE_DEGREES = 0.0034  # ≈ 250 m at the latitude of Paris
_CELL = re.compile(r"^G-(\d{1,6})-(\d{1,6})$")


def grid_cell_of(latitude: float, longitude: float) -> str:
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError("coordinates out of range")
    row = math.floor((latitude + 90) / CELL_LATITUDE_DEGREES)
    column = math.floor((longitude + 180) / CELL_LONGITUDE_DEGREES)
    return f"G-{row}-{column}"


def is_grid_cell(value: str) -> bool:
    return bool(_CELL.match(value))


def cell_centre(cell: str) -> tuple[float, float]:
    match = _CELL.match(cell)
    if match is None:
        raise ValueError("not a grid cell")
    row, column = int(match.group(1)), int(match.group(2))
    return (
        (row + 0.5) * CELL_LATITUDE_DEGREES - 90,
        (column + 0.5) * CELL_LONGITUDE_DEGREES - 180,
    )
