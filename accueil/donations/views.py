"""Donations pages: donors (no account), point staff, partner sites, drivers, coordinators, the fund's page.

Thin: each view validates a form, asks a policy, and calls a selector or a service.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from accueil.organisations.models import Organisation

from . import fairness, planning, policies, selectors, services
from .forms import DispatchForm, NeedForm, PledgeForm, ReceiptForm, pledge_slots
from .map import points_map
from .models import DeliveryRun, Item, Need, Pledge, PledgeStatus, Stock, Vehicle
from .ratelimits import pledge_allowed

PAGE_SIZE = 25
CRITERIA = {
    "urgency": _lazy("urgency"),
    "priority": _lazy("priority list"),
    "distance": _lazy("distance"),
    "deadline": _lazy("date needed"),
}


def _city(request: HttpRequest) -> Any:
    return request.city  # type: ignore[attr-defined]


def _errors(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _point_or_404(request: HttpRequest, slug: str) -> Any:
    point = selectors.collection_point_get(city=_city(request), slug=slug)
    if point is None:
        raise Http404
    return point


# --- Donors ----------------------------------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    city = _city(request)
    points = selectors.points_with_lists(city=city)
    return render(
        request,
        "donations/index.html",
        {
            "points": points,
            "map": points_map([entry.point for entry in points]),
            "priorities": selectors.priority_list(city=city),
        },
    )


def point_detail(request: HttpRequest, slug: str) -> HttpResponse:
    point = _point_or_404(request, slug)
    lists = selectors.point_lists(point=point)
    return render(
        request,
        "donations/point_detail.html",
        {"point": point, "lists": lists, "hours": list(point.opening_hours.all())},
    )


def pledge_create(request: HttpRequest, slug: str) -> HttpResponse:
    point = _point_or_404(request, slug)
    items = selectors.pledgeable_items(point=point)
    slots = pledge_slots(hours=list(point.opening_hours.all()))
    form = PledgeForm(request.POST or None, items=items, slots=slots, initial={"item": request.GET.get("item")})
    status = 200
    if request.method == "POST":
        if not pledge_allowed(request):
            messages.error(request, _("Too many pledges from this connection. Please try again in an hour."))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            start, end = data["slot"]
            try:
                pledge = services.pledge_create(
                    point=point,
                    item=data["item"],
                    quantity=data["quantity"],
                    slot_start=start,
                    slot_end=end,
                    donor_name=data["donor_name"],
                    donor_email=data["donor_email"],
                    acting_user=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
                status = 400
            else:
                return redirect("donations:pledge_done", code=pledge.code)
        else:
            status = 400
    return render(
        request,
        "donations/pledge_form.html",
        {"point": point, "form": form, "accepting": point.accepting, "has_slots": bool(slots)},
        status=status,
    )


def pledge_done(request: HttpRequest, code: str) -> HttpResponse:
    pledge = get_object_or_404(
        Pledge.objects.select_related("point__district", "item"), city=_city(request), code=code.upper()
    )
    return render(request, "donations/pledge_done.html", {"pledge": pledge})


def fund(request: HttpRequest) -> HttpResponse:
    data = selectors.transparency(city=_city(request))
    rows = [
        (allocation, [fairness.reason_text(code, value) for code, value in allocation.reasons])
        for allocation in data.allocations
    ]
    return render(
        request,
        "donations/fund.html",
        {"data": data, "rows": rows, "rule_steps": fairness.RULE_STEPS},
    )


# --- Point staff -----------------------------------------------------------------------------------------------------


@login_required
def staff_point(request: HttpRequest, slug: str) -> HttpResponse:
    point = _point_or_404(request, slug)
    if not policies.can_manage_point(request.user, point):
        raise PermissionDenied
    items = Item.objects.filter(city=point.city_id).order_by("name")
    receipt = ReceiptForm(request.POST if request.POST.get("action") == "receive" else None, items=items)
    dispatch_error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "receive" and receipt.is_valid():
                data = receipt.cleaned_data
                services.stock_receive(
                    point=point,
                    item=data["item"],
                    size=data["size"],
                    quantity=data["quantity"],
                    condition=data["condition"],
                    acting_user=request.user,
                )
                messages.success(request, _("Receipt recorded."))
                return redirect("donations:staff_point", slug=point.slug)
            if action == "dispatch":
                form = DispatchForm(request.POST)
                if form.is_valid():
                    stock = get_object_or_404(Stock, pk=form.cleaned_data["stock"], point=point)
                    services.stock_dispatch(
                        point=point,
                        item=stock.item,
                        size=stock.size,
                        quantity=form.cleaned_data["quantity"],
                        note=form.cleaned_data["note"],
                        acting_user=request.user,
                    )
                    messages.success(request, _("Dispatch recorded."))
                    return redirect("donations:staff_point", slug=point.slug)
                dispatch_error = _("Enter a quantity from 1 to 100,000.")
            if action in ("pledge_received", "pledge_cancelled"):
                pledge = get_object_or_404(Pledge, pk=request.POST.get("pledge"), point=point)
                if action == "pledge_received":
                    services.pledge_receive(pledge=pledge, acting_user=request.user)
                else:
                    services.pledge_cancel(pledge=pledge, acting_user=request.user)
                messages.success(request, _("Pledge updated."))
                return redirect("donations:staff_point", slug=point.slug)
            if action == "switch":
                services.point_set_accepting(
                    point=point, accepting=request.POST.get("accepting") == "1", acting_user=request.user
                )
                return redirect("donations:staff_point", slug=point.slug)
        except ValidationError as exc:
            dispatch_error = _errors(exc)
    return render(
        request,
        "donations/staff_point.html",
        {
            "point": point,
            "receipt": receipt,
            "stock": selectors.point_stock(point=point),
            "pledges": selectors.pledges_due(point=point),
            "dispatch_error": dispatch_error,
            "PLEDGED": PledgeStatus.PLEDGED,
        },
        status=400 if dispatch_error or receipt.errors else 200,
    )


# --- Partner sites ---------------------------------------------------------------------------------------------------


@login_required
def site_needs(request: HttpRequest, org_slug: str) -> HttpResponse:
    site = get_object_or_404(Organisation, city=_city(request), slug=org_slug)
    if not policies.can_post_needs_for(request.user, site):
        raise PermissionDenied
    items = Item.objects.filter(city=site.city_id, accepted=True).order_by("name")
    form = NeedForm(request.POST if request.POST.get("action") == "post" else None, items=items)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "post" and form.is_valid():
                data = form.cleaned_data
                services.need_post(
                    site=site,
                    item=data["item"],
                    size=data["size"],
                    quantity=data["quantity"],
                    urgency=data["urgency"],
                    needed_by=data["needed_by"],
                    acting_user=request.user,
                )
                messages.success(request, _("Need posted. It stays open for ten days unless you renew it."))
                return redirect("donations:site_needs", org_slug=site.slug)
            if action in ("renew", "cancel"):
                need = get_object_or_404(Need, pk=request.POST.get("need"), site=site)
                if action == "renew":
                    services.need_renew(need=need, acting_user=request.user)
                else:
                    services.need_cancel(need=need, acting_user=request.user)
                return redirect("donations:site_needs", org_slug=site.slug)
            status = 400
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
            status = 400
    page = Paginator(selectors.needs_of_site(site=site), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "donations/site_needs.html", {"site": site, "form": form, "page": page}, status=status)


# --- Drivers ---------------------------------------------------------------------------------------------------------


@login_required
def my_runs(request: HttpRequest) -> HttpResponse:
    runs = selectors.runs_for(city=_city(request), driver=request.user)
    return render(request, "donations/my_runs.html", {"runs": runs})


@login_required
@require_POST
def run_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(DeliveryRun, pk=pk, city=_city(request))
    if not policies.can_drive_run(request.user, run):
        raise PermissionDenied
    try:
        if request.POST.get("action") == "pick_up":
            services.run_pick_up(run=run, acting_user=request.user)
        else:
            services.run_deliver(run=run, acting_user=request.user)
        messages.success(request, _("Run updated."))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    return redirect((request.POST.get("next") == "plan" and "donations:plan") or "donations:my_runs")


# --- Coordinators ----------------------------------------------------------------------------------------------------


@login_required
def plan(request: HttpRequest) -> HttpResponse:
    city = _city(request)
    if not policies.can_coordinate(request.user, city):
        raise PermissionDenied
    stocks, needs, vehicles, drivers = selectors.planning_inputs(city=city)
    lines, objective = planning.allocate(stocks, needs)
    proposals = planning.propose_runs(lines, vehicles, drivers)
    if request.method == "POST":
        try:
            runs = services.runs_create(city=city, proposals=proposals, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("%(count)s runs planned.") % {"count": len(runs)})
        return redirect("donations:plan")
    needs_by_id = {n.pk: n for n in selectors.open_needs(city=city)}
    points_by_id = {p.pk: p for p in selectors.collection_points(city=city)}
    vehicle_names = dict(Vehicle.objects.filter(city=city).values_list("pk", "name"))
    rows = [
        {
            "point": points_by_id.get(proposal.point_id),
            "vehicle": vehicle_names.get(proposal.vehicle_id, ""),
            "units": proposal.units,
            "driver_id": proposal.driver_id,
            "lines": [
                {
                    "need": needs_by_id.get(cast(int, line.need_id)),
                    "quantity": line.quantity,
                    "score": line.score,
                    "reasons": [(CRITERIA.get(name, name), points) for name, points in line.reasons],
                }
                for line in proposal.lines
            ],
        }
        for proposal in proposals
    ]
    rate = selectors.needs_met_rate(city=city)
    return render(
        request,
        "donations/plan.html",
        {
            "rows": rows,
            "objective": objective,
            "vehicles_missing": not vehicles,
            "needs_met_rate": None if rate is None else round(rate * 100, 1),
            "ageing": selectors.ageing_stock(city=city)[:50],
            "ageing_days": selectors.AGEING_DAYS,
            "near_capacity": selectors.points_near_capacity(city=city),
            "runs": selectors.runs_for(city=city)[:50],
        },
    )
