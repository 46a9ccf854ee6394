"""Public pages of the rights guide (no account, JavaScript off) and the printable PDF."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from accueil.translations.services import page_view_record

from . import directory_links, selectors
from .models import Status


def _city(request: HttpRequest) -> Any:
    city = getattr(request, "city", None)
    if city is None:
        raise Http404
    return city


def theme_name(code: str) -> str:
    try:
        from accueil.directory.categories import CATEGORY_TREE
    except ImportError:
        return code
    entry = CATEGORY_TREE.get(code)
    return str(entry[0]) if entry else code


def _districts(city: Any) -> Any:
    return city.districts.order_by("number")


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    city = _city(request)
    lang = translation.get_language()
    articles = selectors.articles_shown(city=city, lang=lang)
    themes: dict[str, list[Any]] = {}
    for shown in articles:
        themes.setdefault(shown.obj.category_code, []).append(shown)
    district = selectors.district_choice(city=city, value=request.GET.get("district"))
    return render(
        request,
        "guide/index.html",
        {
            "themes": [(theme_name(code), items) for code, items in themes.items()],
            "road_maps": selectors.road_maps_shown(city=city, lang=lang),
            "districts": _districts(city),
            "district": district,
        },
    )


@require_GET
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    city = _city(request)
    lang = translation.get_language()
    article = selectors.article_get(city=city, slug=slug)
    if article is None:
        raise Http404
    page_view_record(obj=article, language=lang)
    shown = selectors.article_shown(article=article, lang=lang)
    district = selectors.district_choice(city=city, value=request.GET.get("district"))
    for step in shown.children:
        step.services = directory_links.nearby_services(
            city=city, category_code=step.obj.service_category_code, district=district, lang=lang
        )
    return render(
        request,
        "guide/article_detail.html",
        {
            "article": shown,
            "theme": theme_name(article.category_code),
            "districts": _districts(city),
            "district": district,
            "is_demo": article.is_demo,
        },
    )


@require_GET
def road_map(request: HttpRequest, status: str) -> HttpResponse:
    city = _city(request)
    if status not in Status.values:
        raise Http404
    shown = selectors.road_map_shown(city=city, status=status, lang=translation.get_language())
    if shown is None:
        raise Http404
    page_view_record(obj=shown.obj, language=translation.get_language())
    return render(request, "guide/road_map.html", {"road_map": shown, "is_demo": shown.obj.is_demo})


@require_GET
def print_pdf(request: HttpRequest) -> HttpResponse:
    from .printing import guide_pdf

    city = _city(request)
    district = selectors.district_choice(city=city, value=request.GET.get("district"))
    lang = translation.get_language()
    pdf = guide_pdf(city=city, lang=lang, district=district)
    response = HttpResponse(pdf, content_type="application/pdf")
    suffix = f"-{district.number}" if district else ""
    response["Content-Disposition"] = f'inline; filename="guide-{lang}{suffix}.pdf"'
    return response
