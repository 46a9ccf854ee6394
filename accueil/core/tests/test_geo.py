"""Great-circle distances and the local scale of longitude."""

from __future__ import annotations

from decimal import Decimal

import pytest

from accueil.core.geo import distance_km, longitude_factor

PARIS = (48.85661, 2.35222)
LYON = (45.76400, 4.83570)


def test_paris_to_lyon_is_about_392_km():
    assert distance_km(*PARIS, *LYON) == pytest.approx(391.5, abs=1)


def test_distance_is_symmetric_and_zero_for_one_point():
    assert distance_km(*PARIS, *LYON) == distance_km(*LYON, *PARIS)
    assert distance_km(*PARIS, *PARIS) == 0


def test_coordinates_as_stored_decimals_or_text_give_the_same_distance():
    as_float = distance_km(*PARIS, *LYON)
    assert distance_km(Decimal("48.85661"), Decimal("2.35222"), "45.76400", "4.83570") == pytest.approx(as_float)


def test_one_degree_of_latitude_is_about_111_km():
    assert distance_km(0, 0, 1, 0) == pytest.approx(111.195, abs=0.01)


def test_antipodes_do_not_overflow():
    assert distance_km(0, 0, 0, 180) == pytest.approx(20015.1, abs=1)


@pytest.mark.parametrize(("latitude", "factor"), [(0, 1.0), (60, 0.5), (Decimal("48.85661"), 0.658), (90, 0.0)])
def test_longitude_factor_is_the_cosine_of_the_latitude(latitude, factor):
    assert longitude_factor(latitude) == pytest.approx(factor, abs=1e-3)
