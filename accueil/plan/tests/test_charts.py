"""A progress ring never looks full while most of its items are unmeasured."""

from __future__ import annotations

import re
from math import pi

from django.utils import translation

from accueil.plan import charts


def arcs(svg: str) -> dict[str, float]:
    found = {}
    for kind, first in re.findall(r'class="ring-(measured|unmeasured)"[^>]*stroke-dasharray="([\d.]+)', svg):
        found[kind] = float(first)
    return found


def test_a_full_value_with_five_of_six_unmeasured_fills_one_sixth_and_dashes_the_rest():
    svg = charts.ring(1.0, label="Pillar", size=72, measured=1, unmeasured=5)
    circumference = 2 * pi * (72 / 2 - 8)
    assert arcs(svg) == {"measured": round(circumference / 6, 1), "unmeasured": 0.0}
    with translation.override("en"):
        desc = re.search(r"<desc[^>]*>([^<]*)</desc>", charts.ring(1.0, label="P", measured=1, unmeasured=5)).group(1)
    assert desc == "Progress: 100 % of the measured part; 5 of 6 not measured"


def test_a_fully_measured_ring_has_no_dashed_part():
    svg = charts.ring(0.5, label="Pillar", size=72, measured=4, unmeasured=0)
    circumference = 2 * pi * (72 / 2 - 8)
    assert arcs(svg) == {"measured": round(circumference / 2, 1)}
