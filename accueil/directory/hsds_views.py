"""The HSDS 3.0 API at /api/hsds/: plain JSON views shaped by the Open Referral specification (ADR 0009).

Every list is paged as HSDS says (``page``, ``per_page``; ``total_items``, ``total_pages``, ``contents``…), and
every endpoint takes ``lang`` (one feed per language, the same identifiers in each).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from accueil.core.http import city_of
from accueil.core.paging import MAX_PAGE, page_number_from
from accueil.organisations.models import Organisation

from . import hsds
from .models import Category, Place, Service
from .selectors import public_services

MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 50


def _lang(request: HttpRequest) -> str:
    lang = request.GET.get("lang", "fr")
    return lang if lang in dict(settings.LANGUAGES) else "fr"


def _paging(request: HttpRequest) -> tuple[int, int] | None:
    """`page` and `per_page` from the query; None when the page is past `MAX_PAGE` (refused with 400)."""
    page_number = page_number_from(request.GET.get("page"))
    per_page = page_number_from(request.GET.get("per_page"), default=DEFAULT_PER_PAGE, maximum=2**31)
    if page_number is None:
        return None
    return page_number, min(MAX_PER_PAGE, per_page or MAX_PER_PAGE)


def _json(data: Any, lang: str) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Language"] = lang
    return response


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"code": "not_found" if status == 404 else "bad_request", "message": message}, status=status)


def _services(request: HttpRequest) -> QuerySet[Service]:
    return (
        public_services(city=city_of(request))
        .select_related("city", "place__city", "place__organisation__city", "organisation__city")
        .prefetch_related("opening_hours", "languages", "categories__parent")
    )


def _paged(request: HttpRequest, queryset: QuerySet[Any], render: Any, lang: str) -> JsonResponse:
    paging = _paging(request)
    if paging is None:
        return _error(400, f"page must be between 1 and {MAX_PAGE}.")
    page_number, per_page = paging
    total = queryset.count()
    items = list(queryset[(page_number - 1) * per_page : page_number * per_page])
    with translation.override(lang):
        contents = [render(item) for item in items]
    return _json(hsds.page(contents, total=total, page_number=page_number, per_page=per_page), lang)


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


@require_GET
def root(request: HttpRequest) -> JsonResponse:
    return _json(
        {
            "version": hsds.HSDS_VERSION,
            "profile": hsds.PROFILE,
            "openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json",
        },
        _lang(request),
    )


@require_GET
def services(request: HttpRequest) -> JsonResponse:
    lang = _lang(request)
    return _paged(request, _services(request).order_by("pk"), lambda s: hsds.service_list_record(s, lang), lang)


@require_GET
def service(request: HttpRequest, pk: str) -> JsonResponse:
    lang = _lang(request)
    found = _services(request).filter(uuid=_uuid(pk)).first()
    if found is None:
        return _error(404, "No such service.")
    with translation.override(lang):
        return _json(hsds.service_record(found, lang), lang)


def _organisations(request: HttpRequest) -> QuerySet[Organisation]:
    with_services = public_services(city=city_of(request)).values("organisation_id")
    return Organisation.objects.filter(pk__in=with_services).select_related("city").order_by("pk")


@require_GET
def organizations(request: HttpRequest) -> JsonResponse:
    lang = _lang(request)
    return _paged(request, _organisations(request), hsds.organization_list_record, lang)


@require_GET
def organization(request: HttpRequest, pk: str) -> JsonResponse:
    lang = _lang(request)
    wanted = str(_uuid(pk))
    for org in _organisations(request):
        if hsds.organisation_uuid(org) == wanted:
            places = list(
                Place.objects.filter(organisation=org).select_related("city", "district", "organisation__city")
            )
            return _json(hsds.organization_record(org, places), lang)
    return _error(404, "No such organization.")


@require_GET
def taxonomies(request: HttpRequest) -> JsonResponse:
    lang = _lang(request)
    with translation.override(lang):
        return _json(hsds.page([hsds.taxonomy_record()], total=1, page_number=1, per_page=1), lang)


@require_GET
def taxonomy_terms(request: HttpRequest) -> JsonResponse:
    lang = _lang(request)
    return _paged(
        request,
        Category.objects.select_related("parent").order_by("order", "pk"),
        lambda c: hsds.taxonomy_term_record(c, lang),
        lang,
    )


@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    lang = _lang(request)
    with translation.override(lang):
        data = hsds.export_zip(list(_services(request).order_by("pk")), lang)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="hsds-{city_of(request).slug}-{lang}.zip"'
    return response
