"""Directory pages: public search and service pages (no account), and the organisations' and coordinators' pages.

Thin: each view validates a form, asks a policy, and calls a selector or a service.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from accueil.core.geo import distance_km
from accueil.core.http import CityRequest, SignedInRequest, city_of
from accueil.core.ratelimits import rate_limit_hit
from accueil.core.refusals import refusal_text
from accueil.languages.models import Language
from accueil.organisations.models import Organisation
from accueil.territories.models import District
from accueil.territories.places import district_from_text

from . import coverage, policies, selectors, services
from .categories import category_name
from .forms import ClosureForm, HoursForm, PlaceForm, ReportForm, SearchForm, ServiceForm
from .holidays import holidays_between
from .hours import local_now, weekly_table
from .models import Closure, Place, Report, Service
from .text import shown_text, shown_texts

if TYPE_CHECKING:
    from accueil.territories.models import City

REPORTS_PER_HOUR = 5  # anonymous reports per client address


# --- Public --------------------------------------------------------------------------------------------------------


def _filters(request: CityRequest, data: dict[str, Any]) -> tuple[selectors.SearchFilters, District | None, bool]:
    """Filters from a validated form's data; fields that did not validate are simply absent (not applied)."""
    city = city_of(request)
    near = district_from_text(city, data.get("where", ""))
    unknown_place = bool(data.get("where")) and near is None
    day = None
    if data.get("day") not in (None, ""):
        today = local_now(timezone.now(), city.timezone).date()
        day = today + dt.timedelta(days=(int(data["day"]) - today.weekday()) % 7)
    filters = selectors.SearchFilters(
        query=data.get("q", "").strip(),
        category=data.get("category", ""),
        near=near,
        open_now=bool(data.get("open_now")),
        day=day,
        language=data.get("language", ""),
        audience=data.get("audience", ""),
    )
    return filters, near, unknown_place


def _decorate(
    services_list: list[Service], lang: str, now: dt.datetime, city: City, near: District | None = None
) -> list[dict[str, Any]]:
    texts = shown_texts(services_list, ["name", "description"], lang)
    rows = []
    for service in services_list:
        place = service.place
        km = None
        if near is not None and place is not None and place.latitude is not None and place.longitude is not None:
            km = distance_km(near.latitude, near.longitude, place.latitude, place.longitude)
        rows.append(
            {
                "service": service,
                "name": texts[(service.pk, "name")],
                "status": selectors.status_of(service, now=now, city=city),
                "categories": [category_name(code) for code in selectors.need_codes_of(service)],
                "km": km,
            }
        )
    return rows


# Filters a visitor may drop to widen a search that found nothing, in the order they are offered.
WIDENING = [
    ("open_now", _lazy("Show services closed now too")),
    ("day", _lazy("Any day")),
    ("where", _lazy("Anywhere in the city")),
    ("language", _lazy("Any language")),
    ("audience", _lazy("Services for everyone")),
    ("category", _lazy("All needs")),
    ("q", _lazy("Without the words typed")),
]


def _widen_links(request: CityRequest) -> list[tuple[str, str]]:
    """For an empty result: one link per filter in use, to the same search without it."""
    links = []
    for name, label in WIDENING:
        if request.GET.get(name):
            query = request.GET.copy()
            query.pop(name, None)
            query.pop("page", None)
            links.append((str(label), f"?{query.urlencode()}"))
    return links


def index(request: CityRequest) -> HttpResponse:
    city = city_of(request)
    lang = translation.get_language() or "fr"
    form = SearchForm(request.GET)
    now = timezone.now()
    page_obj = None
    rows: list[dict[str, Any]] = []
    near = None
    unknown_place = False
    searched = bool(request.GET)
    # After is_valid(), cleaned_data holds the fields that validated: a bad filter is shown with its error and
    # left out, the others still apply.
    form.is_valid()
    filters, near, unknown_place = _filters(request, form.cleaned_data)
    page_obj, _scores = selectors.services_search(
        city=city, filters=filters, page=request.GET.get("page") or 1, now=now
    )
    rows = _decorate(list(page_obj.object_list), lang, now, city, near)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    widen = _widen_links(request) if not rows else []
    return render(
        request,
        "directory/index.html",
        {
            "form": form,
            "page_obj": page_obj,
            "rows": rows,
            "near": near,
            "unknown_place": unknown_place,
            "searched": searched,
            "ignored_filters": bool(form.errors),
            "query_string": query_string.urlencode(),
            "back_query": urlencode({"back": request.GET.urlencode()}) if searched else "",
            "widen": widen,
            "categories": selectors.categories_top(),
        },
    )


def _safe_back(back: str) -> str:
    """The query string of a search, re-encoded from its parts (never a path or a URL of another site)."""
    return QueryDict(back[:1000]).urlencode() if back else ""


def service_detail(request: CityRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    now = timezone.now()
    service = selectors.service_public_get(city=city, pk=pk, now=now)
    if service is None:
        raise Http404
    lang = translation.get_language() or "fr"
    today = local_now(now, city.timezone).date()
    closures = [c for c in service.closures.all() if c.ends_on >= today]
    holidays = (
        []
        if service.open_on_public_holidays
        else holidays_between(today, today + dt.timedelta(days=60), city.country, city.holiday_subdivision)
    )
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "name": shown_text(service, "name", lang),
            "description": shown_text(service, "description", lang),
            "status": selectors.status_of(service, now=now),
            "week": weekly_table(service.opening_hours.all()),
            "closures": closures,
            "holidays": holidays,
            "categories": [category_name(c.code) for c in service.categories.all()],
            "languages": list(service.languages.all()),
            "report_form": ReportForm(),
            "timezone": city.timezone,
            # The search the visitor came from, kept so that "Back to the search" returns to its results.
            "back": _safe_back(request.GET.get("back", "")),
        },
    )


def service_report(request: CityRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    service = selectors.service_public_get(city=city, pk=pk)
    if service is None:
        raise Http404
    if request.method != "POST":
        return redirect("directory:service_detail", pk=pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return render(request, "directory/report_form.html", {"service": service, "form": form}, status=400)
    if not rate_limit_hit(request, scope="directory:report", limit=REPORTS_PER_HOUR, period_seconds=3600):
        messages.error(request, _("Too many reports from this connection. Please try again later."))
        return render(request, "directory/report_form.html", {"service": service, "form": form}, status=429)
    services.report_create(
        service=service,
        kind=form.cleaned_data["kind"],
        comment=form.cleaned_data["comment"],
        language=translation.get_language() or "",
    )
    messages.success(request, _("Thank you. The organisation and the city's coordinators have been told."))
    return redirect("directory:service_detail", pk=pk)


# --- Organisations -------------------------------------------------------------------------------------------------


def _organisation_for_editor(request: CityRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, city=city_of(request), slug=slug)
    if not policies.can_edit_for_organisation(request.user, organisation):
        raise PermissionDenied
    return organisation


def _service_for_editor(request: CityRequest, pk: int) -> Service:
    service = get_object_or_404(Service.objects.select_related("organisation", "place"), city=city_of(request), pk=pk)
    if not policies.can_edit_service(request.user, service):
        raise PermissionDenied
    return service


@login_required
def manage(request: SignedInRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for_editor(request, slug)
    services_page = Paginator(selectors.services_of_organisation(organisation=organisation), 50).get_page(
        request.GET.get("page") or 1
    )
    return render(
        request,
        "directory/manage.html",
        {
            "organisation": organisation,
            "page_obj": services_page,
            "places": Place.objects.filter(organisation=organisation).select_related("district").order_by("name"),
            "reports": selectors.open_reports(city=organisation.city, organisation=organisation)[:50],
            "now": timezone.now(),
            "flag_after": services.FLAG_AFTER,
        },
    )


def _service_form(
    request: HttpRequest, organisation: Organisation, initial: dict[str, Any] | None = None
) -> ServiceForm:
    return ServiceForm(
        request.POST or None,
        initial=initial,
        places=list(Place.objects.filter(organisation=organisation).order_by("name")),
        languages=list(Language.objects.all()),
    )


# The form's fields that are the service's own (the others are its relations, set apart).
SERVICE_FORM_FIELDS = [
    name for name in ServiceForm.base_fields if name not in ("place", "categories", "audiences", "languages")
]


def _service_kwargs(form: ServiceForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "name": data["name"],
        "description": data["description"],
        "category_codes": data["categories"],
        "audiences": data["audiences"],
        "language_codes": data["languages"],
        "interpreting": data["interpreting"],
        "is_free": data["is_free"],
        "appointment_required": data["appointment_required"],
        "documents": data["documents"],
        "phone": data["phone"],
        "email": data["email"],
        "website": data["website"],
        "open_on_public_holidays": data["open_on_public_holidays"],
    }


@login_required
def service_create(request: SignedInRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for_editor(request, slug)
    form = _service_form(request, organisation)
    if request.method == "POST" and form.is_valid():
        place = get_object_or_404(Place, organisation=organisation, pk=form.cleaned_data["place"])
        try:
            service = services.service_create(
                acting_user=request.user, organisation=organisation, place=place, **_service_kwargs(form)
            )
        except ValidationError as exc:
            form.add_error(None, refusal_text(exc))
        else:
            messages.success(request, _("Service saved as a draft. A coordinator will publish it."))
            return redirect("directory:service_edit", pk=service.pk)
    return render(request, "directory/service_form.html", {"organisation": organisation, "form": form, "service": None})


@login_required
def service_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    service = _service_for_editor(request, pk)
    organisation = service.organisation
    initial = {
        **{name: getattr(service, name) for name in SERVICE_FORM_FIELDS},
        "place": str(service.place_id),
        "categories": list(service.categories.values_list("code", flat=True)),
        "audiences": service.audience_codes,
        "languages": list(service.languages.values_list("code", flat=True)),
    }
    form = _service_form(request, organisation, initial=initial)
    hours_form = HoursForm(
        initial={
            "hours": "\n".join(
                f"{h.weekday} {h.opens_at:%H:%M}-{h.closes_at:%H:%M}" for h in service.opening_hours.all()
            )
        }
    )
    if request.method == "POST" and form.is_valid():
        place = get_object_or_404(Place, organisation=organisation, pk=form.cleaned_data["place"])
        kwargs = _service_kwargs(form)
        try:
            services.service_update(acting_user=request.user, service=service, place=place, **kwargs)
        except ValidationError as exc:
            form.add_error(None, refusal_text(exc))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("directory:service_edit", pk=service.pk)
    return render(
        request,
        "directory/service_form.html",
        {
            "organisation": organisation,
            "form": form,
            "service": service,
            "hours_form": hours_form,
            "closure_form": ClosureForm(),
            "closures": service.closures.all(),
            "changes": selectors.recent_changes(city=service.city, service=service)[:20],
            "can_publish": policies.can_publish_service(request.user, service),
        },
    )


@login_required
@require_POST
def service_hours(request: SignedInRequest, pk: int) -> HttpResponse:
    service = _service_for_editor(request, pk)
    form = HoursForm(request.POST)
    if form.is_valid():
        try:
            services.hours_set(acting_user=request.user, service=service, hours=form.cleaned_data["hours"])
        except ValidationError as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, _("Opening hours saved."))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("hours", [])))
    return redirect("directory:service_edit", pk=service.pk)


@login_required
@require_POST
def service_closure_add(request: SignedInRequest, pk: int) -> HttpResponse:
    service = _service_for_editor(request, pk)
    form = ClosureForm(request.POST)
    if form.is_valid():
        services.closure_add(acting_user=request.user, service=service, **form.cleaned_data)
        messages.success(request, _("Closure added."))
    else:
        messages.error(request, _("Check the dates of the closure."))
    return redirect("directory:service_edit", pk=service.pk)


@login_required
@require_POST
def service_closure_remove(request: SignedInRequest, pk: int, closure_pk: int) -> HttpResponse:
    service = _service_for_editor(request, pk)
    closure = get_object_or_404(Closure, service=service, pk=closure_pk)
    services.closure_remove(acting_user=request.user, closure=closure)
    messages.success(request, _("Closure removed."))
    return redirect("directory:service_edit", pk=service.pk)


@login_required
@require_POST
def service_verify(request: SignedInRequest, pk: int) -> HttpResponse:
    service = _service_for_editor(request, pk)
    services.service_verify(acting_user=request.user, service=service)
    messages.success(request, _("Thank you: the service is marked as verified today."))
    if request.POST.get("next") == "edit":
        return redirect("directory:service_edit", pk=service.pk)
    return redirect("directory:manage", slug=service.organisation.slug)


@login_required
@require_POST
def report_resolve(request: SignedInRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("service__organisation"), city=city_of(request), pk=pk)
    if not (
        policies.can_edit_service(request.user, report.service) or policies.can_moderate(request.user, report.city)
    ):
        raise PermissionDenied
    services.report_resolve(acting_user=request.user, report=report)
    messages.success(request, _("Report marked as handled."))
    return redirect("directory:manage", slug=report.service.organisation.slug)


@login_required
def place_create(request: SignedInRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for_editor(request, slug)
    districts = list(District.objects.filter(city=organisation.city))
    form = PlaceForm(request.POST or None, districts=districts)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["district"] = next((d for d in districts if str(d.pk) == data.get("district")), None)
        data["postcode"] = data.get("postcode") or ""
        try:
            services.place_create(
                acting_user=request.user, organisation=organisation, fields=services.PlaceFields(**data)
            )
        except ValidationError as exc:
            form.add_error(None, refusal_text(exc))
        else:
            messages.success(request, _("Place saved."))
            return redirect("directory:manage", slug=organisation.slug)
    return render(request, "directory/place_form.html", {"organisation": organisation, "form": form})


# --- Coordinators --------------------------------------------------------------------------------------------------


def _require_moderator(request: CityRequest) -> City:
    city = city_of(request)
    if not policies.can_moderate(request.user, city):
        raise PermissionDenied
    return city


def _require_reader(request: CityRequest) -> City:
    city = city_of(request)
    if not policies.can_read_moderation(request.user, city):
        raise PermissionDenied
    return city


@login_required
@require_GET
def moderation(request: SignedInRequest) -> HttpResponse:
    city = _require_reader(request)
    return render(
        request,
        "directory/moderation.html",
        {
            "drafts": selectors.services_to_moderate(city=city)[:100],
            "stale": selectors.stale_services(city=city)[:100],
            "reports": selectors.open_reports(city=city)[:100],
            "changes": selectors.recent_changes(city=city)[:50],
            "can_publish": policies.can_moderate(request.user, city),
        },
    )


@login_required
@require_POST
def service_publish(request: SignedInRequest, pk: int) -> HttpResponse:
    city = _require_moderator(request)
    service = get_object_or_404(Service, city=city, pk=pk)
    if request.POST.get("action") == "unpublish":
        services.service_unpublish(acting_user=request.user, service=service)
        messages.success(request, _("Service taken back to draft."))
    else:
        services.service_publish(acting_user=request.user, service=service)
        messages.success(request, _("Service published."))
    return redirect("directory:moderation")


@login_required
@require_GET
def gaps(request: SignedInRequest) -> HttpResponse:
    city = _require_reader(request)
    report = coverage.coverage_gaps(city=city)
    return render(request, "directory/gaps.html", {"report": report})
