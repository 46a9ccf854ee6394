"""The partner organisations named in appendix 1 of the Paris plan (demo: types and sectors are estimates)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from django.db import transaction
from django.utils.text import slugify

from accueil.languages.models import Language
from accueil.territories.models import City, District

from .models import Organisation, Sector, Verification
from .search_text import organisation_search_text

DATA = Path(__file__).resolve().parent / "data" / "paris_partners.json"


@transaction.atomic
def load_demo(*, city: City, stdout: TextIO | None = None) -> int:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    sectors = {s.code: s for s in Sector.objects.all()}
    districts = {d.number: d for d in District.objects.filter(city=city)}
    languages = {lang.code: lang for lang in Language.objects.all()}
    used_slugs: set[str] = set(Organisation.objects.filter(city=city).values_list("slug", flat=True))
    count = 0
    for row in data["organisations"]:
        organisation = Organisation.objects.filter(city=city, name=row["name"]).first()
        if organisation is None:
            base = slugify(row.get("acronym") or row["name"])[:100] or "organisation"
            slug, n = base, 2
            while slug in used_slugs:
                slug, n = f"{base}-{n}", n + 1
            used_slugs.add(slug)
            organisation = Organisation(city=city, name=row["name"], slug=slug)
        organisation.acronym = row.get("acronym", "")
        organisation.type = row["type"]
        organisation.description = row.get("description_fr", "")
        organisation.website = row.get("website", "")
        organisation.verification = Verification.VERIFIED
        organisation.is_demo = True
        organisation.search_text = organisation_search_text(
            name=organisation.name, acronym=organisation.acronym, description=organisation.description
        )
        organisation.full_clean(exclude=["verified_by"])
        organisation.save()
        organisation.sectors.set([sectors[c] for c in row.get("sectors", []) if c in sectors])
        organisation.districts.set([districts[n] for n in row.get("districts", []) if n in districts])
        organisation.languages.set([languages[c] for c in row.get("languages", []) if c in languages])
        count += 1
    if stdout:
        stdout.write(f"  organisations: {count} partners of the plan\n")
    return count
