"""Public pages of the rights guide (no account, JavaScript off), the printable PDF, and the coordinators' editor."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import BaseFormSet, Form
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accueil.core.http import CityRequest, SignedInRequest, city_of
from accueil.core.saving import save_then_redirect
from accueil.directory.categories import CATEGORY_TREE
from accueil.translations.models import TARGET_LANGUAGES
from accueil.translations.services import page_view_record

from . import directory_links, policies, selectors, services
from .forms import ArticleForm, RoadMapForm, StageForm, StageFormSet, StepForm, StepFormSet, article_link_choices
from .models import Article, RoadMap, Status

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet

    from accueil.territories.models import City, District


def theme_name(code: str) -> str:
    entry = CATEGORY_TREE.get(code)
    return str(entry[0]) if entry else code


def _districts(city: City) -> QuerySet[District]:
    return city.districts.order_by("number")


@require_GET
def index(request: CityRequest) -> HttpResponse:
    city = city_of(request)
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
            "can_edit": policies.can_edit_guide(request.user, city),
        },
    )


@require_GET
def article_detail(request: CityRequest, slug: str) -> HttpResponse:
    city = city_of(request)
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
def road_map(request: CityRequest, status: str) -> HttpResponse:
    city = city_of(request)
    if status not in Status.values:
        raise Http404
    shown = selectors.road_map_shown(city=city, status=status, lang=translation.get_language())
    if shown is None:
        raise Http404
    page_view_record(obj=shown.obj, language=translation.get_language())
    return render(request, "guide/road_map.html", {"road_map": shown, "is_demo": shown.obj.is_demo})


@require_GET
def print_pdf(request: CityRequest) -> HttpResponse:
    from .printing import guide_pdf

    city = city_of(request)
    district = selectors.district_choice(city=city, value=request.GET.get("district"))
    lang = translation.get_language()
    pdf = guide_pdf(city=city, lang=lang, district=district)
    response = HttpResponse(pdf, content_type="application/pdf")
    suffix = f"-{district.number}" if district else ""
    response["Content-Disposition"] = f'inline; filename="guide-{lang}{suffix}.pdf"'
    return response


# --- Editor (the city's coordinators) ---

EDITOR_PAGE_SIZE = 50


def _editor_city(request: CityRequest) -> City:
    city = city_of(request)
    if not policies.can_edit_guide(request.user, city):
        raise PermissionDenied
    return city


@login_required
@require_GET
def manage(request: SignedInRequest) -> HttpResponse:
    city = _editor_city(request)
    page = Paginator(selectors.articles_for_editor(city=city), EDITOR_PAGE_SIZE).get_page(request.GET.get("page"))
    articles = list(page.object_list)
    counts = selectors.translated_counts(articles=articles)
    return render(
        request,
        "guide/manage.html",
        {
            "page": page,
            "rows": [(article, counts[article.pk]) for article in articles],
            "languages": TARGET_LANGUAGES,
            "road_maps": selectors.road_maps_for_editor(city=city),
            "statuses_free": selectors.statuses_without_road_map(city=city),
        },
    )


ChildInput = TypeVar("ChildInput", services.StepInput, services.StageInput)


def _child_inputs(
    formset: BaseFormSet, make: type[ChildInput], values: Callable[[dict[str, Any]], dict[str, Any]]
) -> list[ChildInput]:
    """What the editor asked for each step or stage: kept forms with their ``values``, deletions by id."""
    items = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data:
            continue  # an extra form left empty
        child_id = data.get("id")
        if data.get("DELETE"):
            if child_id:
                items.append(make(id=child_id, delete=True))
            continue
        items.append(make(id=child_id, **values(data)))
    return items


def _step_values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": data["title"],
        "body": data["body"],
        "service_category_code": data["service_category_code"] or "",
        "order": data["order"],
    }


def _stage_values(data: dict[str, Any]) -> dict[str, Any]:
    return {"title": data["title"], "body": data["body"], "article_id": data["article"], "order": data["order"]}


def _save_valid(
    request: SignedInRequest,
    form: Form,
    formset: BaseFormSet[Any],
    save: Callable[[], Model],
    *,
    message: str,
    url_name: str,
) -> HttpResponse | None:
    """On a valid POST, ``save`` and go to the saved item's edit page; refusals land on the form (None then)."""
    if not (request.method == "POST" and form.is_valid() and formset.is_valid()):
        return None
    return save_then_redirect(request, form, save, message=message, url_name=url_name)


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request: SignedInRequest, pk: int | None = None) -> HttpResponse:
    city = _editor_city(request)
    article: Article | None = None
    if pk is not None:
        article = selectors.article_for_editor(city=city, pk=pk)
        if article is None:
            raise Http404
    steps_initial = [StepForm.initial_for(step) for step in article.steps.all()] if article else []
    data = request.POST if request.method == "POST" else None
    form = ArticleForm(data, initial=ArticleForm.initial_for(article) if article else None)
    formset = StepFormSet(data, initial=steps_initial, prefix="steps")
    saved = _save_valid(
        request,
        form,
        formset,
        lambda: services.article_edit(
            acting_user=request.user,
            city=city,
            article=article,
            steps=_child_inputs(formset, services.StepInput, _step_values),
            **form.cleaned_data,
        ),
        message=_("The article is saved.") if article else _("The article is created."),
        url_name="guide:article_edit",
    )
    if saved is not None:
        return saved
    return render(
        request,
        "guide/article_form.html",
        {"form": form, "formset": formset, "article": article},
    )


@login_required
@require_http_methods(["GET", "POST"])
def road_map_edit(request: SignedInRequest, pk: int | None = None) -> HttpResponse:
    city = _editor_city(request)
    road_map: RoadMap | None = None
    if pk is not None:
        road_map = selectors.road_map_for_editor(city=city, pk=pk)
        if road_map is None:
            raise Http404
    if road_map is not None:
        initial = RoadMapForm.initial_for(road_map)
    else:
        status = request.GET.get("status")
        initial = {"status": status} if status in Status.values else {}
    stages_initial = [StageForm.initial_for(stage) for stage in road_map.stages.all()] if road_map else []
    data = request.POST if request.method == "POST" else None
    form = RoadMapForm(data, initial=initial)
    formset = StageFormSet(
        data,
        initial=stages_initial,
        prefix="stages",
        form_kwargs={"article_choices": article_link_choices(selectors.articles_to_link(city=city))},
    )
    saved = _save_valid(
        request,
        form,
        formset,
        lambda: services.road_map_edit(
            acting_user=request.user,
            city=city,
            road_map=road_map,
            stages=_child_inputs(formset, services.StageInput, _stage_values),
            **form.cleaned_data,
        ),
        message=_("The road map is saved.") if road_map else _("The road map is created."),
        url_name="guide:road_map_edit",
    )
    if saved is not None:
        return saved
    return render(
        request,
        "guide/road_map_form.html",
        {
            "form": form,
            "formset": formset,
            "road_map": road_map,
            "status_label": selectors.status_label(road_map.status) if road_map else "",
        },
    )
