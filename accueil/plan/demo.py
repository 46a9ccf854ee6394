"""The Paris 2015 reception plan as demo content, from ``data/paris_2015.json``.

Loads the plan, its 4 cornerstones, 18 commitments and 61 measures, the projects with their lead deputy
mayors, partners per measure (linked to the partner registry by exact name), the achieved figures as dated
indicator values, the pledges of the civic conference, live indicators computed from the volunteering data,
and two frozen six-monthly reviews (April and October 2016) with decisions and action items. Everything is
marked ``is_demo``; values and review content invented for the demo say "(démo)" in their note or text.
Idempotent: a city that already has the demo plan is left unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from django.db import models, transaction
from django.utils import timezone

from accueil.organisations.models import Organisation
from accueil.territories.models import City
from accueil.translations.services import translation_load_published

from . import sources
from .models import (
    ActionItem,
    Commitment,
    Cornerstone,
    Decision,
    Indicator,
    IndicatorSource,
    IndicatorValue,
    Measure,
    MeasurePartner,
    MeasureStatus,
    Official,
    Plan,
    PlanStatus,
    Pledge,
    Project,
    Provenance,
    Review,
    ReviewSnapshot,
    ReviewStatus,
)
from .snapshots import snapshot_build

DATA = Path(__file__).resolve().parent / "data" / "paris_2015.json"
DEMO_NOTE = "Valeur de démonstration (démo)"

# (commitment number, measure index) -> demo values for measures whose target the plan gives as a number.
DEMO_PROGRESS: dict[tuple[int, int], list[tuple[str, int]]] = {
    (2, 0): [("2015-11-15", 50)],
    (3, 1): [("2016-01-31", 6), ("2016-03-31", 9), ("2016-09-30", 14)],
    (11, 3): [("2015-12-31", 12), ("2016-03-31", 25), ("2016-09-30", 40)],
    (14, 0): [("2015-11-30", 12), ("2016-03-31", 16), ("2016-06-30", 20)],
    (16, 0): [("2016-02-29", 1), ("2016-07-12", 2)],
}
# Statuses moved between the two demo reviews.
DONE_BY_OCTOBER = [(11, 3), (14, 0), (16, 0)]

LIVE_INDICATORS = [
    # (commitment, key, name_fr, name_en, unit, target)
    (11, "volunteering.volunteers_mobilised", "Bénévoles mobilisés", "Volunteers mobilised", "people", 500),
    (11, "volunteering.hours_given", "Heures de bénévolat données", "Volunteer hours given", "hours", 5000),
    (10, "organisations.verified_partners", "Partenaires vérifiés", "Verified partners", "organisations", 100),
]

REVIEWS: list[dict[str, Any]] = [
    {
        "held_on": "2016-04-15",
        "title": "Revue semestrielle du plan — avril 2016 (démo)",
        "decisions": [
            "Étendre la maraude « Corne de l'Afrique » à deux nouveaux arrondissements (démo).",
            "Ouvrir un point de collecte dans chaque arrondissement avant l'été (démo).",
        ],
        "actions": [
            ("Publier la carte des points de collecte", "Direction de l'action sociale (DASES)", "2016-06-30"),
            ("Recruter 15 jeunes en service civique supplémentaires", "Unis-Cité", "2016-09-30"),
        ],
    },
    {
        "held_on": "2016-10-14",
        "title": "Revue semestrielle du plan — octobre 2016 (démo)",
        "decisions": [
            "Présenter le rapport de suivi au Conseil de Paris de novembre 2016 (démo).",
            "Reconduire le recrutement en service civique en 2017 (démo).",
        ],
        "actions": [
            ("Préparer le bilan annuel des engagements de la conférence citoyenne", "Mission réfugiés", "2016-12-15"),
            ("Mesurer le nombre de bénévoles mobilisés par la plateforme", "Mission réfugiés", "2017-03-31"),
        ],
    },
]


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _load() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def _french(french: str, english: str) -> str:
    """The source text: French, or the English text where the plan has no French one (as the migration does)."""
    return (french or "").strip() or (english or "").strip()


def _english(obj: models.Model, **texts: str) -> None:
    """The plan's English texts, written by people, as published English translations."""
    for field, text in texts.items():
        if (text or "").strip() and str(getattr(obj, field) or "").strip():
            translation_load_published(obj=obj, field=field, language="en", text=text.strip())


def _official_name(text: str) -> str:
    return text.split(",", 1)[0].strip()


@transaction.atomic
def load_demo(*, city: City, stdout: TextIO | None = None) -> Plan:
    data = _load()
    existing = Plan.objects.filter(city=city, is_demo=True, title=data["title_fr"]).first()
    if existing is not None:
        if stdout:
            stdout.write("  plan: the Paris 2015 plan is already loaded\n")
        return existing
    organisations = {o.name: o for o in Organisation.objects.filter(city=city)}
    plan = Plan.objects.create(
        city=city,
        title=data["title_fr"],
        adopted_on=_date(data["adopted_on"]),
        status=PlanStatus.ADOPTED,
        is_demo=True,
    )
    _english(plan, title=data["title_en"])
    officials: dict[str, Official] = {}
    for row in data["officials"]:
        officials[row["name"]], _ = Official.objects.update_or_create(
            city=city,
            name=row["name"],
            defaults={"role": _french(row.get("role_fr", ""), row.get("role_en", "")), "is_demo": True},
        )
        _english(officials[row["name"]], role=row.get("role_en", ""))

    measures_by_key: dict[tuple[int, int], Measure] = {}
    commitments: dict[int, Commitment] = {}
    counts = {"measures": 0, "partners": 0, "values": 0}
    for corner_row in data["cornerstones"]:
        cornerstone = Cornerstone.objects.create(
            city=city,
            plan=plan,
            number=corner_row["number"],
            title=corner_row["title_fr"],
            description=_french("", corner_row.get("description_en", "")),
        )
        _english(cornerstone, title=corner_row["title_en"], description=corner_row.get("description_en", ""))
        for row in corner_row["commitments"]:
            commitment = Commitment.objects.create(
                city=city,
                plan=plan,
                cornerstone=cornerstone,
                number=row["number"],
                title=row["title_fr"],
                description=_french("", row.get("intro_en", "") or row.get("heading_en", "")),
            )
            _english(
                commitment,
                title=row["title_en"],
                description=row.get("intro_en", "") or row.get("heading_en", ""),
            )
            commitments[commitment.number] = commitment
            commitment.lead_officials.set(
                [officials[n] for n in map(_official_name, row.get("lead_officials", [])) if n in officials]
            )
            for partner in row.get("partners", []):
                _partner(city, commitment, None, partner, organisations)
                counts["partners"] += 1
            for index, measure_row in enumerate(row["measures"]):
                measure = _measure(city, commitment, index, measure_row, organisations, counts)
                measures_by_key[(commitment.number, index)] = measure

    for project_row in data["projects"]:
        official = officials.get(project_row.get("lead_official", ""))
        project = Project.objects.create(
            city=city,
            plan=plan,
            title=project_row["title_fr"],
            lead_official=official,
            portfolio=project_row.get("portfolio", ""),
        )
        _english(project, title=project_row["title_en"])
        project.commitments.set([commitments[n] for n in project_row.get("commitments", []) if n in commitments])

    conference = next((e for e in data["events"] if e.get("date") == "2015-09-10"), None)
    for pledge_row in data["pledges"]:
        organisation = organisations.get(pledge_row["stakeholder"])
        made_on = _date(pledge_row.get("date", ""))
        pledge = Pledge.objects.create(
            city=city,
            plan=plan,
            organisation=organisation,
            stakeholder="" if organisation else pledge_row["stakeholder"],
            text=_french(pledge_row.get("text_fr", ""), pledge_row["text_en"]),
            made_on=made_on or (_date(conference["date"]) if conference else None),
            event_name=conference["title_fr"] if conference else "",
            status=MeasureStatus.IN_PROGRESS,
            is_demo=True,
        )
        _english(pledge, text=pledge_row["text_en"])
        pledge.commitments.set([commitments[n] for n in pledge_row.get("commitments", []) if n in commitments])

    for commitment_number, key, name_fr, name_en, unit, target in LIVE_INDICATORS:
        if key in sources.SOURCES and commitment_number in commitments:
            indicator = Indicator.objects.create(
                city=city,
                commitment=commitments[commitment_number],
                name=name_fr,
                unit=unit,
                baseline=Decimal(0),
                target=Decimal(target),
                source=IndicatorSource.COMPUTED,
                computed_source=key,
                is_demo=True,
            )
            _english(indicator, name=name_en)

    _reviews(plan, measures_by_key)
    if stdout:
        stdout.write(
            f"  plan: {len(commitments)} commitments, {counts['measures']} measures, {counts['partners']} partners, "
            f"{counts['values']} achieved figures, {plan.pledges.count()} pledges, {len(REVIEWS)} frozen reviews\n"
        )
    return plan


def _partner(
    city: City, commitment: Commitment, measure: Measure | None, row: dict[str, Any], organisations: dict[str, Any]
) -> MeasurePartner:
    organisation = organisations.get(row["name"])
    return MeasurePartner.objects.create(
        city=city,
        commitment=commitment,
        measure=measure,
        organisation=organisation,
        name="" if organisation else row["name"],
        role=row.get("role") or "partner",
        note=row.get("note_en", "")[:500],
    )


def _measure(
    city: City,
    commitment: Commitment,
    index: int,
    row: dict[str, Any],
    organisations: dict[str, Organisation],
    counts: dict[str, int],
) -> Measure:
    description_en = row.get("text_en", "")
    description_fr = ""
    qualitative = [a for a in row["achieved"] if a.get("value") is None]
    if qualitative:
        description_fr = "\n".join(f"Déjà réalisé : {a['text_fr']}" for a in qualitative if a.get("text_fr"))
        description_en += "\n" + "\n".join(f"Already achieved: {a['text_en']}" for a in qualitative)
    targets_without_value = [t for t in row["targets"] if t.get("value") is None]
    if targets_without_value:
        description_fr += "\n" + "\n".join(
            f"Objectif : {t['text_fr']}" for t in targets_without_value if t.get("text_fr")
        )
        description_en += "\n" + "\n".join(f"Target: {t['text_en']}" for t in targets_without_value)
    partners = list(row.get("partners", []))
    owner = next(
        (
            organisations[p["name"]]
            for p in sorted(partners, key=lambda p: p.get("role") != "lead")
            if p["name"] in organisations
        ),
        None,
    )
    measure = Measure.objects.create(
        city=city,
        commitment=commitment,
        position=index + 1,
        title=row["title_fr"],
        description=_french(description_fr, description_en),
        status=MeasureStatus.IN_PROGRESS if row["achieved"] else MeasureStatus.PLANNED,
        owner_organisation=owner,
        is_demo=True,
    )
    _english(measure, title=row["title_en"], description=description_en)
    counts["measures"] += 1
    for partner in partners:
        _partner(city, commitment, measure, partner, organisations)
        counts["partners"] += 1
    for achieved in row["achieved"]:
        if achieved.get("value") is None:
            continue
        indicator = Indicator.objects.create(
            city=city,
            measure=measure,
            name=_french(achieved.get("text_fr", ""), achieved["text_en"]),
            unit=achieved.get("unit", ""),
            source=IndicatorSource.MANUAL,
            is_demo=True,
        )
        _english(indicator, name=achieved["text_en"])
        IndicatorValue.objects.create(
            city=city,
            indicator=indicator,
            date=_date(achieved["date"]) or dt.date(2015, 10, 1),
            value=Decimal(str(achieved["value"])),
            provenance=Provenance.IMPORTED,
            note="Chiffre du plan (octobre 2015)",
            is_demo=True,
        )
        counts["values"] += 1
    for target in row["targets"]:
        if target.get("value") is None:
            continue
        indicator = Indicator.objects.create(
            city=city,
            measure=measure,
            name=_french(target.get("text_fr", ""), target["text_en"]),
            unit=target.get("unit", ""),
            baseline=Decimal(0),
            target=Decimal(str(target["value"])),
            deadline=_date(target.get("due", "")),
            source=IndicatorSource.MANUAL,
            is_demo=True,
        )
        _english(indicator, name=target["text_en"])
        for date, value in DEMO_PROGRESS.get((commitment.number, index), []):
            IndicatorValue.objects.create(
                city=city,
                indicator=indicator,
                date=dt.date.fromisoformat(date),
                value=Decimal(value),
                provenance=Provenance.ENTERED,
                note=DEMO_NOTE,
                is_demo=True,
            )
    if (commitment.number, index) == (2, 0):
        measure.status = MeasureStatus.DONE
        measure.save(update_fields=["status"])
    return measure


def _reviews(plan: Plan, measures: dict[tuple[int, int], Measure]) -> None:
    for number, spec in enumerate(REVIEWS):
        if number == 1:
            for key in DONE_BY_OCTOBER:
                if key in measures:
                    Measure.objects.filter(pk=measures[key].pk).update(status=MeasureStatus.DONE)
        held_on = dt.date.fromisoformat(spec["held_on"])
        review = Review.objects.create(city=plan.city, plan=plan, held_on=held_on, title=spec["title"], is_demo=True)
        for text in spec["decisions"]:
            Decision.objects.create(city=plan.city, review=review, text=text, is_demo=True)
        for text, owner, due in spec["actions"]:
            ActionItem.objects.create(
                city=plan.city, review=review, text=f"{text} (démo)", owner=owner, due_on=_date(due), is_demo=True
            )
        ReviewSnapshot.objects.create(review=review, taken_on=held_on, data=snapshot_build(plan=plan, on_date=held_on))
        Review.objects.filter(pk=review.pk).update(status=ReviewStatus.FROZEN, frozen_at=timezone.now())
