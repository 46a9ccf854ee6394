"""Reads of the directory: public search and listing, service pages, management lists, interfaces for other apps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, ExpressionWrapper, F, FloatField, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from accueil.core.geo import longitude_factor
from accueil.territories.models import City, District

from .categories import CATEGORY_TREE
from .freshness import visible_cutoff
from .holidays import holiday_name
from .hours import DayStatus, day_status, local_now
from .models import Category, Closure, OpeningHours, Report, Service, ServiceChange, ServiceStatus
from .search import search_scores

PAGE_SIZE = 20


# --- Interfaces for other apps -------------------------------------------------------------------------------------


def public_services(*, city: City, now: dt.datetime | None = None) -> QuerySet[Service]:
    """Services the public sees: published and verified within six months."""
    return Service.objects.filter(
        city=city, status=ServiceStatus.PUBLISHED, last_verified_at__gte=visible_cutoff(now)
    ).select_related("place__district", "organisation")


def category_codes_under(code: str) -> list[str]:
    """The code and every code below it in the tree."""
    found = [code]
    for other, (_name, parent) in CATEGORY_TREE.items():
        while parent:
            if parent == code:
                found.append(other)
                break
            parent = CATEGORY_TREE[parent][1]
    return found


def _distance(*, city: City, lat: Any, lon: Any) -> ExpressionWrapper:
    """Squared flat distance to (lat, lon); longitude degrees scaled by the city's latitude, so ranking holds."""
    dlat = F("place__latitude") - float(lat)
    dlon = (F("place__longitude") - float(lon)) * longitude_factor(city.latitude)
    return ExpressionWrapper(dlat * dlat + dlon * dlon, output_field=FloatField())


def services_for_category(*, city: City, category_code: str, district: Any = None, limit: int = 5) -> list[Service]:
    """Public services of a need (and its sub-needs), nearest to the district's centre first when one is given.

    `district` is a District, its number, or None. Used by the rights guide to link steps to nearby services.
    """
    queryset = (
        public_services(city=city)
        .filter(categories__code__in=category_codes_under(category_code))
        .distinct()
        .prefetch_related("opening_hours")
    )
    if district is not None and not isinstance(district, District):
        district = District.objects.filter(city=city, number=int(district)).first()
    if district is not None:
        queryset = queryset.annotate(
            distance=_distance(city=city, lat=district.latitude, lon=district.longitude)
        ).order_by(F("distance").asc(nulls_last=True), "name")
    else:
        queryset = queryset.order_by("name", "pk")
    return list(queryset[:limit])


def service_public_url(service: Service, lang: str) -> str:
    with translation.override(lang):
        return reverse("directory:service_detail", kwargs={"pk": service.pk})


# --- Public search -------------------------------------------------------------------------------------------------


@dataclass
class SearchFilters:
    query: str = ""
    category: str = ""
    district: District | None = None
    near: District | None = None
    open_now: bool = False
    day: dt.date | None = None
    language: str = ""
    audience: str = ""


def _open_at_filter(
    queryset: QuerySet[Service], *, day: dt.date, at_time: dt.time | None, country: str, region: str = ""
) -> Any:
    hours = OpeningHours.objects.filter(service=OuterRef("pk"), weekday=day.weekday())
    if at_time is not None:
        hours = hours.filter(opens_at__lte=at_time, closes_at__gt=at_time)
    closed = Closure.objects.filter(service=OuterRef("pk"), starts_on__lte=day, ends_on__gte=day)
    queryset = queryset.filter(Exists(hours)).exclude(Exists(closed))
    if holiday_name(day, country, region):
        queryset = queryset.filter(open_on_public_holidays=True)
    return queryset


def with_page_relations(queryset: QuerySet[Service], *, today: dt.date) -> QuerySet[Service]:
    """Everything a service page shows: hours, languages, needs and current closures."""
    return queryset.prefetch_related(
        "opening_hours",
        "languages",
        "categories",
        Prefetch("closures", queryset=Closure.objects.filter(ends_on__gte=today)),
    )


def _attach_list_data(services: list[Service], *, today: dt.date) -> list[Service]:
    """What a list shows of each service (hours, current closures, needs), in three lean queries of plain rows:
    set as ``list_hours``, ``list_closures`` and ``need_codes`` (read by ``status_of`` and ``need_codes_of``)."""
    ids = [s.pk for s in services]
    hours: dict[int, list[Any]] = {pk: [] for pk in ids}
    closures: dict[int, list[Any]] = {pk: [] for pk in ids}
    needs: dict[int, list[str]] = {pk: [] for pk in ids}
    for hours_row in OpeningHours.objects.filter(service_id__in=ids).values_list(
        "service_id", "weekday", "opens_at", "closes_at", named=True
    ):
        hours[hours_row.service_id].append(hours_row)
    for closure_row in Closure.objects.filter(service_id__in=ids, ends_on__gte=today).values_list(
        "service_id", "starts_on", "ends_on", "reason", named=True
    ):
        closures[closure_row.service_id].append(closure_row)
    for service_id, code in (
        Service.categories.through.objects.filter(service_id__in=ids)
        .order_by("category__order")
        .values_list("service_id", "category__code")
    ):
        needs[service_id].append(code)
    for service in services:
        service.list_hours = hours[service.pk]  # type: ignore[attr-defined]
        service.list_closures = closures[service.pk]  # type: ignore[attr-defined]
        service.need_codes = needs[service.pk]  # type: ignore[attr-defined]
    return services


def need_codes_of(service: Service) -> list[str]:
    """Codes of a service's needs: from a list's lean load when there is one, else from its categories."""
    codes = getattr(service, "need_codes", None)
    return list(codes) if codes is not None else [c.code for c in service.categories.all()]


def _list_services(queryset: QuerySet[Service]) -> QuerySet[Service]:
    return queryset.select_related(None).select_related("place__district")


def _page_of_ids(ids: list[int], page: Any, page_size: int, *, city: City, now: dt.datetime, today: dt.date) -> Page:
    """A page of ranked ids, loaded through ``public_services`` (one left unverified since the last index run drops
    out of the page)."""
    # The page holds ids, then the services loaded for them.
    paginator: Paginator[Any] = Paginator(ids, page_size)
    page_obj = paginator.get_page(page)
    by_pk = {
        s.pk: s for s in _list_services(public_services(city=city, now=now).filter(pk__in=list(page_obj.object_list)))
    }
    page_obj.object_list = _attach_list_data([by_pk[pk] for pk in page_obj.object_list if pk in by_pk], today=today)
    return page_obj


def services_search(
    *,
    city: City,
    filters: SearchFilters,
    page: int | str = 1,
    now: dt.datetime | None = None,
    page_size: int = PAGE_SIZE,
) -> tuple[Page, dict[int, float]]:
    """A page of public services for the filters, best match first (or nearest, or by name), and the scores."""
    now = now or timezone.now()
    local = local_now(now, city.timezone)
    queryset = public_services(city=city, now=now)
    scores: dict[int, float] = {}
    if filters.query:
        ranked = search_scores(city=city, query=filters.query)
        scores = dict(ranked)
        if filters == SearchFilters(query=filters.query):
            # Words only: the ranking already keeps public services alone, in order; load just the page.
            ids = [pk for pk, _score in ranked]
            return _page_of_ids(ids, page, page_size, city=city, now=now, today=local.date()), scores
        queryset = queryset.filter(pk__in=list(scores))
    if filters.category:
        queryset = queryset.filter(
            Exists(
                Service.categories.through.objects.filter(
                    service_id=OuterRef("pk"), category__code__in=category_codes_under(filters.category)
                )
            )
        )
    if filters.district is not None:
        queryset = queryset.filter(place__district=filters.district)
    if filters.language:
        queryset = queryset.filter(
            Exists(Service.languages.through.objects.filter(service_id=OuterRef("pk"), language_id=filters.language))
        )
    if filters.audience:
        queryset = queryset.filter(Q(audiences__contains=f",{filters.audience},") | Q(audiences=""))
    if filters.open_now:
        queryset = _open_at_filter(
            queryset, day=local.date(), at_time=local.time(), country=city.country, region=city.holiday_subdivision
        )
    elif filters.day is not None:
        queryset = _open_at_filter(
            queryset, day=filters.day, at_time=None, country=city.country, region=city.holiday_subdivision
        )
    order: list[Any] = []
    if filters.near is not None:
        queryset = queryset.annotate(
            distance=_distance(city=city, lat=filters.near.latitude, lon=filters.near.longitude)
        )
        order.append(F("distance").asc(nulls_last=True))
    if scores:
        # "distance" is the annotation added above: django-stubs does not follow it through the reassigned queryset.
        rows = list(
            queryset.values_list("pk", "distance")  # type: ignore[misc]
            if filters.near
            else queryset.values_list("pk", "pk")
        )
        if filters.near is not None:
            rows.sort(key=lambda r: (r[1] if r[1] is not None else 1e9, -scores.get(r[0], 0), r[0]))
        else:
            rows.sort(key=lambda r: (-scores.get(r[0], 0), r[0]))
        ids = [r[0] for r in rows]
        return _page_of_ids(ids, page, page_size, city=city, now=now, today=local.date()), scores
    page_obj = Paginator(_list_services(queryset.order_by(*order, "name", "pk")), page_size).get_page(page)
    page_obj.object_list = _attach_list_data(list(page_obj.object_list), today=local.date())
    return page_obj, scores


def status_of(service: Service, *, now: dt.datetime | None = None, city: City | None = None) -> DayStatus:
    """Today's status of a service whose hours and closures are loaded (prefetched). Pass `city` in lists."""
    city = city or service.city
    lean = hasattr(service, "list_hours")
    return day_status(
        hours=service.list_hours if lean else service.opening_hours.all(),  # type: ignore[attr-defined]
        closures=service.list_closures if lean else service.closures.all(),  # type: ignore[attr-defined]
        open_on_public_holidays=service.open_on_public_holidays,
        at=now or timezone.now(),
        timezone_name=city.timezone,
        country=city.country,
        region=city.holiday_subdivision,
    )


def service_public_get(*, city: City, pk: int, now: dt.datetime | None = None) -> Service | None:
    now = now or timezone.now()
    return (
        with_page_relations(public_services(city=city, now=now), today=local_now(now, city.timezone).date())
        .select_related("city")
        .filter(pk=pk)
        .first()
    )


def categories_top() -> list[Category]:
    return list(Category.objects.filter(parent__isnull=True).order_by("order"))


# --- Management ----------------------------------------------------------------------------------------------------


def services_of_organisation(*, organisation: Any) -> QuerySet[Service]:
    return (
        Service.objects.filter(organisation=organisation)
        .select_related("place__district")
        .prefetch_related("categories")
        .order_by("name", "pk")
    )


def open_reports(*, city: City, organisation: Any = None) -> QuerySet[Report]:
    queryset = Report.objects.filter(city=city, resolved_at__isnull=True).select_related("service__organisation")
    if organisation is not None:
        queryset = queryset.filter(service__organisation=organisation)
    return queryset.order_by("-created_at", "-pk")


def services_to_moderate(*, city: City) -> QuerySet[Service]:
    return (
        Service.objects.filter(city=city, status=ServiceStatus.DRAFT)
        .select_related("organisation", "place__district")
        .order_by("-updated_at", "pk")
    )


def stale_services(*, city: City, now: dt.datetime | None = None) -> QuerySet[Service]:
    from .services import FLAG_AFTER

    now = now or timezone.now()
    return (
        Service.objects.filter(city=city, status=ServiceStatus.PUBLISHED, last_verified_at__lt=now - FLAG_AFTER)
        .select_related("organisation", "place__district")
        .order_by("last_verified_at", "pk")
    )


def recent_changes(*, city: City, service: Service | None = None) -> QuerySet[ServiceChange]:
    queryset = ServiceChange.objects.filter(city=city).select_related("service", "actor")
    if service is not None:
        queryset = queryset.filter(service=service)
    return queryset.order_by("-created_at", "-pk")
