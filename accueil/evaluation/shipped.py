"""The frameworks shipped with the platform, in ``accueil/evaluation/data/``: the OECD checklist first, then the
Eurocities charter (its crosswalk points to the checklist, so it loads second)."""

from __future__ import annotations

from pathlib import Path

from . import services
from .models import Framework

DATA = Path(__file__).resolve().parent / "data"
SHIPPED = ("oecd-checklist-2018.json", "eurocities-charter-2010.json")


def load_shipped() -> list[Framework]:
    return [services.framework_load(raw=(DATA / name).read_bytes(), acting_user=None)[0] for name in SHIPPED]
