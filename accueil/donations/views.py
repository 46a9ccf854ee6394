"""Donations pages: donors (no account), point staff, partner sites, drivers, coordinators, the fund's page.

Thin: each view validates a form, asks a policy, and calls a selector or a service.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accueil.core.http import CityRequest, SignedInRequest, city_of
from accueil.core.ratelimits import rate_limit_hit
from accueil.core.refusals import refusal_text
from accueil.organisations.models import Organisation

from . import policies, selectors, services
from .forms import DispatchForm, NeedForm, PledgeForm, ReceiptForm, bound_data, pledge_slots
from .map import points_map
from .models import CollectionPoint, Item, Need, Pledge, PledgeStatus, Stock

PAGE_SIZE = 25
PLEDGES_PER_HOUR = 10  # anonymous pledges per client address


def _point_or_404(request: CityRequest, slug: str) -> CollectionPoint:
    point = selectors.collection_point_get(city=city_of(request), slug=slug)
    if point is None:
        raise Http404
    return point


# --- Donors ----------------------------------------------------------------------------------------------------------


def index(request: CityRequest) -> HttpResponse:
    city = city_of(request)
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


def point_detail(request: CityRequest, slug: str) -> HttpResponse:
    point = _point_or_404(request, slug)
    lists = selectors.point_lists(point=point)
    return render(
        request,
        "donations/point_detail.html",
        {
            "point": point,
            "lists": lists,
            "hours": list(point.opening_hours.all()),
            "partner_needs": selectors.partner_needs_for_point(point=point, lists=lists),
        },
    )


def pledge_create(request: CityRequest, slug: str) -> HttpResponse:
    point = _point_or_404(request, slug)
    items = selectors.pledgeable_items(point=point)
    slots = pledge_slots(hours=list(point.opening_hours.all()))
    form = PledgeForm(request.POST or None, items=items, slots=slots, initial={"item": request.GET.get("item")})
    status = 200
    if request.method == "POST":
        if not rate_limit_hit(request, scope="donations:pledge", limit=PLEDGES_PER_HOUR, period_seconds=3600):
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
                form.add_error(None, refusal_text(exc))
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


def pledge_done(request: CityRequest, code: str) -> HttpResponse:
    pledge = get_object_or_404(
        Pledge.objects.select_related("point__district", "item"), city=city_of(request), code=code.upper()
    )
    return render(request, "donations/pledge_done.html", {"pledge": pledge})


# --- Point staff -----------------------------------------------------------------------------------------------------


@login_required
def staff_point(request: SignedInRequest, slug: str) -> HttpResponse:
    point = _point_or_404(request, slug)
    if not policies.can_manage_point(request.user, point):
        raise PermissionDenied
    items = Item.objects.filter(city=point.city_id).order_by("name")
    receipt = ReceiptForm(bound_data(request, "receive"), items=items)
    dispatch_error = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "receive" and receipt.is_valid():
                services.stock_receive(point=point, acting_user=request.user, **receipt.cleaned_data)
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
            dispatch_error = refusal_text(exc)
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
def site_needs(request: SignedInRequest, org_slug: str) -> HttpResponse:
    site = get_object_or_404(Organisation, city=city_of(request), slug=org_slug)
    if not policies.can_post_needs_for(request.user, site):
        raise PermissionDenied
    items = Item.objects.filter(city=site.city_id, accepted=True).order_by("name")
    form = NeedForm(bound_data(request, "post"), items=items)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "post" and form.is_valid():
                services.need_post(site=site, acting_user=request.user, **form.cleaned_data)
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
            form.add_error(None, refusal_text(exc))
            status = 400
    page = Paginator(selectors.needs_of_site(site=site), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "donations/site_needs.html", {"site": site, "form": form, "page": page}, status=status)
