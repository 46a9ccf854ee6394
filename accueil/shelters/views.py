"""Shelters pages: free places tonight, a partner's requests and reservations, an operator's site (beds,
arrivals and departures in one tap, daily confirmation), the buildings pipeline. Thin views: selectors read,
services write, refusals become messages. Anything a person may not see answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accueil.core.errors import Refused
from accueil.core.http import SignedInRequest, city_of
from accueil.core.refusals import refusal_to_form, refusal_to_messages
from accueil.territories.models import District

from . import policies, selectors, services
from .forms import BedStatusForm, BuildingForm, BuildingStageForm, PlaceRequestForm, ReserveForm, SiteForm, UnitForm
from .models import BUILDING_TRANSITIONS, Audience, Availability, Bed, BedStatus, ReservationStatus, Unit


def _refused(request: SignedInRequest, exc: Refused) -> None:
    messages.error(request, exc.message)


@login_required
@require_GET
def places(request: SignedInRequest) -> HttpResponse:
    """Every free place tonight, shelters and hosting, by district and audience, with its last confirmation."""
    city = city_of(request)
    if not policies.can_view_places(user=request.user, city=city):
        raise Http404
    audience = request.GET.get("audience", "")
    district = request.GET.get("district", "")
    availability = request.GET.get("availability", "")
    rows = selectors.free_places_tonight(
        city=city, availability=availability if availability in Availability.values else None
    )
    if audience in Audience.values:
        rows = [r for r in rows if audience in r.audiences]
    if district.isdigit():
        rows = [r for r in rows if r.district_number == int(district)]
    rows.sort(key=lambda r: (r.district_number or 0, r.kind, r.name))
    return render(
        request,
        "shelters/places.html",
        {
            "rows": rows,
            "summary": selectors.places_summary(rows),
            "audiences": Audience.choices,
            "districts": District.objects.filter(city=city).order_by("number"),
            "audience": audience,
            "district": district,
            "availabilities": Availability.choices,
            "availability": availability,
        },
    )


# --- Referring partners --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def request_list(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    organisations = policies.partner_organisations(user=request.user, city=city)
    if not organisations.exists():
        raise Http404
    form = PlaceRequestForm(request.POST or None, organisations=organisations, city=city)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            place_request = services.place_request_create(
                organisation=data["organisation"],
                acting_user=request.user,
                audience=data["audience"],
                adults=data["adults"],
                children=data["children"],
                pregnancy=data["pregnancy"],
                step_free_needed=data["step_free_needed"],
                medical_needs=data["medical_needs"],
                language=data["language"],
                district=data["district"],
                reference=data["reference"],
            )
        except Refused as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            return redirect("shelters:request_detail", pk=place_request.pk)
    return render(
        request,
        "shelters/request_list.html",
        {"form": form, "requests": selectors.requests_visible(user=request.user, city=city)[:50]},
    )


@login_required
@require_GET
def request_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    place_request = selectors.request_get_visible(user=request.user, city=city, pk=pk)
    if place_request is None:
        raise Http404
    options, excluded = selectors.places_for_request(place_request=place_request)
    return render(
        request,
        "shelters/request_detail.html",
        {
            "place_request": place_request,
            "options": options[:30],
            "more": max(0, len(options) - 30),
            "excluded": excluded,
            "reservations": selectors.request_reservations(place_request=place_request),
            "held": ReservationStatus.HELD,
        },
    )


@login_required
@require_POST
def reserve(request: SignedInRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    place_request = selectors.request_get_visible(user=request.user, city=city, pk=pk)
    if place_request is None:
        raise Http404
    form = ReserveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a place to reserve."))
        return redirect("shelters:request_detail", pk=pk)
    unit = Unit.objects.select_related("site").filter(city=city, pk=form.cleaned_data["unit"]).first()
    if unit is None or unit.site_id != form.cleaned_data["site"]:
        raise Http404
    try:
        reservations = services.reservation_create(
            place_request=place_request,
            site=unit.site,
            unit=unit,
            acting_user=request.user,
            hold_hours=form.cleaned_data["hold_hours"],
        )
    except Refused as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("Reserved at %(site)s until %(time)s. Tell the household the address.")
            % {
                "site": unit.site.name,
                "time": reservations[0].expires_at.strftime("%H:%M") if reservations[0].expires_at else "",
            },
        )
    return redirect("shelters:request_detail", pk=pk)


@login_required
@require_POST
def reservation_cancel(request: SignedInRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    reservation = selectors.reservation_get_visible(user=request.user, city=city, pk=pk)
    if reservation is None:
        raise Http404
    try:
        services.reservation_cancel(reservation=reservation, acting_user=request.user)
    except Refused as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Reservation cancelled: the place is free again."))
    if reservation.place_request_id and request.POST.get("back") == "request":
        return redirect("shelters:request_detail", pk=reservation.place_request_id)
    return redirect("shelters:site_detail", pk=reservation.site_id)


# --- Operators -----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def site_list(request: SignedInRequest) -> HttpResponse:
    """The sites the person runs; coordinators also open a site here (one not coming from the pipeline)."""
    city = city_of(request)
    coordinator = policies.can_view_city_overview(user=request.user, city=city)
    sites = selectors.sites_operated(user=request.user, city=city)
    if not coordinator and not sites.exists():
        raise Http404
    form = SiteForm(request.POST or None, city=city) if coordinator else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                site = services.site_create(city=city, acting_user=request.user, **form.cleaned_data)
            except Refused as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                refusal_to_form(form, exc)
            else:
                messages.success(request, _("Site opened: add its rooms and beds."))
                return redirect("shelters:site_detail", pk=site.pk)
    return render(request, "shelters/site_list.html", {"sites": sites, "form": form})


@login_required
@require_GET
def site_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    site = selectors.site_get_operated(user=request.user, city=city, pk=pk)
    if site is None:
        raise Http404
    return render(
        request,
        "shelters/site_detail.html",
        {
            "site": site,
            "counts": selectors.site_bed_counts(site=site),
            "held": selectors.site_reservations(site=site, statuses=selectors.HELD),
            "arrived": selectors.site_reservations(site=site, statuses=selectors.ARRIVED),
            "units": selectors.site_units(site=site),
            "confirmations": selectors.site_confirmations(site=site, limit=7),
            "bed_form": BedStatusForm(),
            "unit_form": UnitForm(),
            "stale": site.is_stale(),
            "statuses": BedStatus,
        },
    )


@login_required
@require_POST
def site_confirm(request: SignedInRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    site = selectors.site_get_operated(user=request.user, city=city, pk=pk)
    if site is None:
        raise Http404
    try:
        services.site_confirm(site=site, acting_user=request.user)
    except Refused as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Figures confirmed."))
    return redirect("shelters:site_detail", pk=pk)


def _bed_of_site(request: SignedInRequest, pk: int, bed_pk: int) -> Bed:
    site = selectors.site_get_operated(user=request.user, city=city_of(request), pk=pk)
    bed = Bed.objects.filter(site=site, pk=bed_pk).first() if site is not None else None
    if bed is None:
        raise Http404
    return bed


@login_required
@require_POST
def bed_arrival(request: SignedInRequest, pk: int, bed_pk: int) -> HttpResponse:
    bed = _bed_of_site(request, pk, bed_pk)
    reservation = selectors.held_reservation_of(bed=bed)
    try:
        services.arrival_record(acting_user=request.user, reservation=reservation, bed=None if reservation else bed)
    except Refused as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Arrival recorded."))
    return redirect("shelters:site_detail", pk=pk)


@login_required
@require_POST
def bed_departure(request: SignedInRequest, pk: int, bed_pk: int) -> HttpResponse:
    bed = _bed_of_site(request, pk, bed_pk)
    reservation = selectors.arrived_reservation_of(bed=bed)
    if reservation is None:
        messages.error(request, _("Nobody is recorded in this bed."))
        return redirect("shelters:site_detail", pk=pk)
    try:
        services.departure_record(reservation=reservation, acting_user=request.user)
    except Refused as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Departure recorded: the bed is free."))
    return redirect("shelters:site_detail", pk=pk)


@login_required
@require_POST
def bed_status(request: SignedInRequest, pk: int, bed_pk: int) -> HttpResponse:
    bed = _bed_of_site(request, pk, bed_pk)
    form = BedStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("shelters:site_detail", pk=pk)
    try:
        services.bed_set_status(
            bed=bed, status=form.cleaned_data["status"], reason=form.cleaned_data["reason"], acting_user=request.user
        )
    except Refused as exc:
        _refused(request, exc)
    except ValidationError as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(request, _("Bed status changed."))
    return redirect("shelters:site_detail", pk=pk)


@login_required
@require_POST
def unit_create(request: SignedInRequest, pk: int) -> HttpResponse:
    site = selectors.site_get_operated(user=request.user, city=city_of(request), pk=pk)
    if site is None:
        raise Http404
    form = UnitForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("shelters:site_detail", pk=pk)
    data = form.cleaned_data
    try:
        services.unit_create(
            site=site,
            acting_user=request.user,
            name=data["name"],
            household_type=data["household_type"],
            audiences=data["audiences"],
            beds=data["beds"],
            reception=data["reception"],
            availability=data["availability"],
            is_private=data["is_private"],
            step_free=data["step_free"],
        )
    except Refused as exc:
        _refused(request, exc)
    except ValidationError as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(request, _("Unit added with its beds."))
    return redirect("shelters:site_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: SignedInRequest, pk: int, unit_pk: int) -> HttpResponse:
    """The operator corrects a unit: its name, who it is for, how, its availability and its number of beds."""
    site = selectors.site_get_operated(user=request.user, city=city_of(request), pk=pk)
    if site is None:
        raise Http404
    unit = site.units.filter(pk=unit_pk).first()
    if unit is None:
        raise Http404
    initial = {
        "name": unit.name,
        "household_type": unit.household_type,
        "audiences": unit.audience_list,
        "reception": unit.reception,
        "availability": unit.availability,
        "beds": unit.beds.count(),
        "is_private": unit.is_private,
        "step_free": unit.step_free,
    }
    form = UnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(unit=unit, acting_user=request.user, **form.cleaned_data)
        except Refused as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Unit updated."))
            return redirect("shelters:site_detail", pk=pk)
    return render(request, "shelters/unit_edit.html", {"site": site, "unit": unit, "form": form})


# --- Buildings -----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def building_list(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    if not policies.can_propose_building(user=request.user, city=city):
        raise Http404
    organisations = policies.partner_organisations(user=request.user, city=city)
    form = BuildingForm(request.POST or None, city=city, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            building = services.building_propose(city=city, acting_user=request.user, **data)
        except Refused as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Building proposed: the property team will assess it."))
            return redirect("shelters:building_detail", pk=building.pk)
    coordinator = policies.can_view_city_overview(user=request.user, city=city)
    buildings = selectors.buildings_pipeline(city=city)
    if not coordinator:
        buildings = buildings.filter(proposed_by__in=organisations)
    return render(
        request,
        "shelters/building_list.html",
        {"form": form, "buildings": buildings, "counts": selectors.pipeline_counts(city=city) if coordinator else None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def building_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    building = selectors.building_get_visible(user=request.user, city=city, pk=pk)
    if building is None:
        raise Http404
    stages = sorted(BUILDING_TRANSITIONS[building.stage])
    can_decide = policies.can_decide_building(user=request.user, building=building) and bool(stages)
    form = BuildingStageForm(request.POST or None, city=city, stages=stages) if can_decide else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.building_advance(
                    building=building,
                    to_stage=form.cleaned_data["to_stage"],
                    acting_user=request.user,
                    note=form.cleaned_data["note"],
                    operator=form.cleaned_data["operator"],
                )
            except Refused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Stage recorded."))
                return redirect("shelters:building_detail", pk=pk)
    return render(
        request,
        "shelters/building_detail.html",
        {"building": building, "decisions": building.decisions.select_related("decided_by"), "form": form},
    )


@require_GET
def departements(request: SignedInRequest) -> HttpResponse:
    """The plan's table of places per 1,000 inhabitants by département, beside the places recorded here."""
    city = city_of(request)
    return render(request, "shelters/departements.html", {"rows": selectors.departement_table(city=city)})
