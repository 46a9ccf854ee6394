"""Coverage gaps for coordinators: which needs lack a service by district, language and day.

Reads a handful of flat queries over the public services and counts in memory (no N+1), then writes readable
sentences such as "No Pashto-speaking Legal help open on Sunday".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from .categories import category_name, root_code, top_level_codes
from .hours import WEEKDAYS, weekday_name
from .models import OpeningHours, Service
from .selectors import public_services

if TYPE_CHECKING:
    from accueil.territories.models import City


@dataclass
class CoverageReport:
    categories: list[str]
    languages: list[str]
    # (category, language) → services speaking it, any day; (category, language, weekday) → open that day
    by_language: dict[tuple[str, str], int] = field(default_factory=dict)
    by_language_day: dict[tuple[str, str, int], int] = field(default_factory=dict)
    by_district: dict[tuple[str, int], int] = field(default_factory=dict)
    districts: list[tuple[int, str]] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)

    def language_rows(self) -> list[tuple[str, list[tuple[str, int, list[str]]]]]:
        """Table rows: category name, then per language (name, count, days without any)."""
        rows = []
        for code in self.categories:
            cells = []
            for lang in self.languages:
                missing = [weekday_name(d) for d in WEEKDAYS if not self.by_language_day.get((code, lang, d))]
                cells.append((language_name(lang), self.by_language.get((code, lang), 0), missing))
            rows.append((category_name(code), cells))
        return rows

    def district_rows(self) -> list[tuple[str, list[int]]]:
        return [
            (name, [self.by_district.get((code, number), 0) for code in self.categories])
            for number, name in self.districts
        ]

    def category_names(self) -> list[str]:
        return [category_name(code) for code in self.categories]


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def coverage_gaps(*, city: City, languages: list[str] | None = None) -> CoverageReport:
    languages = languages or [code for code, _name in settings.LANGUAGES if code != "fr"]
    categories = top_level_codes()
    visible = public_services(city=city)
    ids = list(visible.values_list("pk", flat=True))
    service_categories: dict[int, set[str]] = defaultdict(set)
    for service_id, code in Service.categories.through.objects.filter(service_id__in=ids).values_list(
        "service_id", "category__code"
    ):
        service_categories[service_id].add(root_code(code))
    service_languages: dict[int, set[str]] = defaultdict(set)
    for service_id, lang in Service.languages.through.objects.filter(service_id__in=ids).values_list(
        "service_id", "language_id"
    ):
        service_languages[service_id].add(lang)
    service_days: dict[int, set[int]] = defaultdict(set)
    for service_id, weekday in OpeningHours.objects.filter(service_id__in=ids).values_list("service_id", "weekday"):
        service_days[service_id].add(weekday)
    report = CoverageReport(categories=categories, languages=languages)
    districts = {}
    for service_id, number, name in visible.values_list("pk", "place__district__number", "place__district__name"):
        if number is not None:
            districts[number] = name
            for code in service_categories[service_id]:
                report.by_district[(code, number)] = report.by_district.get((code, number), 0) + 1
        for code in service_categories[service_id]:
            for lang in service_languages[service_id]:
                report.by_language[(code, lang)] = report.by_language.get((code, lang), 0) + 1
                for day in service_days[service_id]:
                    key = (code, lang, day)
                    report.by_language_day[key] = report.by_language_day.get(key, 0) + 1
    from accueil.territories.models import District

    report.districts = list(District.objects.filter(city=city).order_by("number").values_list("number", "name"))
    for code in categories:
        for lang in languages:
            need, speaking = category_name(code), language_name(lang)
            if not report.by_language.get((code, lang)):
                report.sentences.append(
                    _("No %(language)s-speaking %(need)s at all") % {"language": speaking, "need": need}
                )
                continue
            for day in WEEKDAYS:
                if not report.by_language_day.get((code, lang, day)):
                    report.sentences.append(
                        _("No %(language)s-speaking %(need)s open on %(day)s")
                        % {"language": speaking, "need": need, "day": weekday_name(day)}
                    )
        for number, name in report.districts:
            if not report.by_district.get((code, number)):
                report.sentences.append(
                    _("No %(need)s in %(district)s") % {"need": category_name(code), "district": name}
                )
    return report
