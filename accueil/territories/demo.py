"""The Paris demo territory: the city, its 20 arrondissements and the Île-de-France départements."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from django.db import transaction

from .models import City, Departement, District

DATA = Path(__file__).resolve().parent / "data" / "paris.json"


@transaction.atomic
def load_demo(*, stdout: TextIO | None = None) -> City:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    c = data["city"]
    city, _ = City.objects.update_or_create(
        slug=c["slug"],
        defaults={
            "name": c["name"],
            "country": c["country"],
            "timezone": c["timezone"],
            "population": c["population"],
            "latitude": round(c["lat"], 5),
            "longitude": round(c["lon"], 5),
            "is_demo": True,
            "names": c.get("names", {}),
        },
    )
    for d in data["districts"]:
        District.objects.update_or_create(
            city=city,
            number=d["number"],
            defaults={
                "code": d["code"],
                "name": d["name"],
                "population": d["population"],
                "latitude": round(d["lat"], 5),
                "longitude": round(d["lon"], 5),
            },
        )
    for dep in data["departements"]:
        Departement.objects.update_or_create(
            city=city,
            code=dep["code"],
            defaults={
                "name": dep["name"],
                "population": dep.get("population"),
                "reception_places": dep.get("places"),
                "places_per_1000": dep.get("places_per_1000"),
            },
        )
    if stdout:
        stdout.write(
            f"  territory: {city.name}, {city.districts.count()} districts, {city.departements.count()} départements\n"
        )
    return city
