"""Deliveries pages: drivers confirm their runs; coordinators see the proposed plan, confirm it, and watch the
dashboard (needs met, ageing stock, points near capacity).

Thin: each view asks a policy, and calls a selector, the planner or a service.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from accueil.core.http import SignedInRequest, city_of
from accueil.core.refusals import refusal_text

from .. import policies
from .. import selectors as stock_selectors
from ..models import DeliveryRun, Vehicle
from . import planning, selectors, services

CRITERIA = {
    "urgency": _lazy("urgency"),
    "priority": _lazy("priority list"),
    "distance": _lazy("distance"),
    "deadline": _lazy("date needed"),
}


# --- Drivers ---------------------------------------------------------------------------------------------------------


@login_required
def my_runs(request: SignedInRequest) -> HttpResponse:
    runs = selectors.runs_for(city=city_of(request), driver=request.user)
    return render(request, "donations/my_runs.html", {"runs": runs})


@login_required
@require_POST
def run_confirm(request: SignedInRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(DeliveryRun, pk=pk, city=city_of(request))
    if not policies.can_drive_run(request.user, run):
        raise PermissionDenied
    try:
        if request.POST.get("action") == "pick_up":
            services.run_pick_up(run=run, acting_user=request.user)
        else:
            services.run_deliver(run=run, acting_user=request.user)
        messages.success(request, _("Run updated."))
    except ValidationError as exc:
        messages.error(request, refusal_text(exc))
    return redirect((request.POST.get("next") == "plan" and "donations:plan") or "donations:my_runs")


# --- Coordinators ----------------------------------------------------------------------------------------------------


@login_required
def plan(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    if not policies.can_coordinate(request.user, city):
        raise PermissionDenied
    stocks, needs, vehicles, drivers = selectors.planning_inputs(city=city)
    lines, objective = planning.allocate(stocks, needs)
    proposals = planning.propose_runs(lines, vehicles, drivers)
    if request.method == "POST":
        try:
            runs = services.runs_create(city=city, proposals=proposals, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, _("%(count)s runs planned.") % {"count": len(runs)})
        return redirect("donations:plan")
    needs_by_id = {n.pk: n for n in stock_selectors.open_needs(city=city)}
    points_by_id = {p.pk: p for p in stock_selectors.collection_points(city=city)}
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
