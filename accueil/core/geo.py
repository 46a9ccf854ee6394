"""Geography every app shares: great-circle distances and the local scale of longitude.

No external geocoder: districts and places carry their own coordinates (territories holds a city's districts
and reads a district out of an address, `accueil.territories.places.district_from_text`).
"""

from __future__ import annotations

import math
from decimal import Decimal

EARTH_RADIUS_KM = 6371.0088
Degrees = float | Decimal | int | str


def distance_km(lat1: Degrees, lon1: Degrees, lat2: Degrees, lon2: Degrees) -> float:
    """Great-circle (haversine) distance in kilometres between two (latitude, longitude) points in degrees."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    d_phi = phi2 - phi1
    d_lambda = math.radians(float(lon2) - float(lon1))
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def longitude_factor(latitude: Degrees) -> float:
    """How much shorter a degree of longitude is than a degree of latitude at this latitude (cos φ): the factor
    that makes a flat squared distance rank places correctly near the city."""
    return math.cos(math.radians(float(latitude)))
