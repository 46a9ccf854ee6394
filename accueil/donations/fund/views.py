"""The fund's working pages: the foundation's staff record gifts, coordinators open calls, organisations apply,
the committee (the city's coordinators) scores, a coordinator runs and publishes the allocation, and matches
sponsors with projects; and the public transparency page.

Thin: each view validates a form, asks a policy, and calls a selector or a service.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accueil.core.http import CityRequest, SignedInRequest, city_of
from accueil.core.refusals import refusal_text, refusal_to_form
from accueil.organisations.models import Organisation, Sector

from .. import fairness, policies, sponsoring
from ..forms import bound_data
from . import selectors, services
from .forms import ApplicationForm, CallForm, DonationForm, ScoreForm, SponsorForm
from .models import Application, CallForProjects, CallStatus, Campaign, Sponsor

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accueil.territories.models import City


def fund(request: CityRequest) -> HttpResponse:
    """The public transparency page: what was raised, from whom (those who agreed), and every allocation's reasons."""
    data = selectors.transparency(city=city_of(request))
    rows = [
        (allocation, [fairness.reason_text(code, value) for code, value in allocation.reasons])
        for allocation in data.allocations
    ]
    return render(request, "donations/fund.html", {"data": data, "rows": rows, "rule_steps": fairness.RULE_STEPS})


@login_required
def fund_manage(request: SignedInRequest) -> HttpResponse:
    """Record gifts (foundation staff, coordinators) and open calls (coordinators)."""
    city = city_of(request)
    campaigns = selectors.campaigns_recordable_by(user=request.user, city=city)
    coordinator = policies.can_coordinate(request.user, city)
    if not coordinator and not campaigns.exists():
        raise PermissionDenied
    donation_form = DonationForm(
        bound_data(request, "donation"), campaigns=campaigns, initial={"received_on": timezone.localdate()}
    )
    call_form = CallForm(bound_data(request, "call"), campaigns=Campaign.objects.filter(city=city), prefix="call")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "donation" and donation_form.is_valid():
                services.donation_record(acting_user=request.user, **donation_form.cleaned_data)
                messages.success(request, _("Donation recorded."))
                return redirect("donations:fund_manage")
            if action == "call" and coordinator and call_form.is_valid():
                call = services.call_open(acting_user=request.user, **call_form.cleaned_data)
                messages.success(request, _("Call for projects opened."))
                return redirect("donations:fund_call", pk=call.pk)
            if action == "call" and not coordinator:
                raise PermissionDenied
            status = 400
        except ValidationError as exc:
            (call_form if action == "call" else donation_form).add_error(None, refusal_text(exc))
            status = 400
    return render(
        request,
        "donations/fund_manage.html",
        {
            "donation_form": donation_form if campaigns.exists() else None,
            "call_form": call_form if coordinator else None,
            "calls": selectors.calls_of_city(city=city),
        },
        status=status,
    )


def _member_organisations(request: CityRequest, city: City) -> QuerySet[Organisation]:
    if not request.user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(city=city, memberships__user=request.user).order_by("name").distinct()


def _call_or_404(request: CityRequest, pk: int) -> CallForProjects:
    return get_object_or_404(
        CallForProjects.objects.select_related("campaign__foundation"), pk=pk, city=city_of(request)
    )


def _call_page(
    request: CityRequest,
    call: CallForProjects,
    *,
    apply_form: ApplicationForm | None = None,
    score_error: str = "",
    status: int = 200,
) -> HttpResponse:
    """A call's page: its public description, the application form for members, the committee's table."""
    city = city_of(request)
    organisations = _member_organisations(request, city)
    if apply_form is None:
        apply_form = ApplicationForm(
            None,
            organisations=organisations,
            districts=city.districts.order_by("number"),
            sectors=Sector.objects.order_by("name"),
            prefix="apply",
        )
    committee = policies.can_coordinate(request.user, city)
    is_open = call.status == CallStatus.OPEN and call.closes_on >= timezone.localdate()
    context: dict[str, Any] = {
        "call": call,
        "is_open": is_open,
        "apply_form": apply_form if is_open and organisations.exists() else None,
        "committee": committee,
        "score_error": score_error,
    }
    if committee and request.user.is_authenticated:
        applications = selectors.call_applications(call=call, reviewer=request.user)
        context.update(
            {
                "applications": applications,
                "preview": selectors.call_allocation_preview(call=call, applications=applications),
                "rule_steps": fairness.RULE_STEPS,
            }
        )
    return render(request, "donations/fund_call.html", context, status=status)


@require_http_methods(["GET", "POST"])
def fund_call(request: CityRequest, pk: int) -> HttpResponse:
    """A call's public page; members of organisations apply there (POST)."""
    call = _call_or_404(request, pk)
    if request.method != "POST":
        return _call_page(request, call)
    city = city_of(request)
    organisations = _member_organisations(request, city)
    if not request.user.is_authenticated or not organisations.exists():
        raise PermissionDenied
    form = ApplicationForm(
        request.POST,
        organisations=organisations,
        districts=city.districts.order_by("number"),
        sectors=Sector.objects.order_by("name"),
        prefix="apply",
    )
    if form.is_valid():
        try:
            services.application_submit(call=call, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Application submitted."))
            return redirect("donations:fund_applications")
    return _call_page(request, call, apply_form=form, status=400)


def _committee_call(request: SignedInRequest, pk: int) -> CallForProjects:
    call = _call_or_404(request, pk)
    if not policies.can_coordinate(request.user, city_of(request)):
        raise PermissionDenied
    return call


@login_required
@require_POST
def fund_call_score(request: SignedInRequest, pk: int) -> HttpResponse:
    """A committee member scores one application of the call (a second score replaces the first)."""
    call = _committee_call(request, pk)
    form = ScoreForm(request.POST)
    if not form.is_valid():
        return _call_page(request, call, score_error=_("Enter a score from 0 to 10."), status=400)
    application = get_object_or_404(Application, pk=form.cleaned_data["application"], call=call)
    try:
        services.application_score(
            application=application,
            value=form.cleaned_data["value"],
            comment=form.cleaned_data["comment"],
            acting_user=request.user,
        )
    except ValidationError as exc:
        return _call_page(request, call, score_error=refusal_text(exc), status=400)
    messages.success(request, _("Score saved."))
    return redirect("donations:fund_call", pk=call.pk)


@login_required
@require_POST
def fund_call_publish(request: SignedInRequest, pk: int) -> HttpResponse:
    """A coordinator runs the published rule on the scores and publishes the allocation."""
    call = _committee_call(request, pk)
    try:
        allocations = services.call_allocate(call=call, acting_user=request.user)
    except ValidationError as exc:
        return _call_page(request, call, score_error=refusal_text(exc), status=400)
    messages.success(request, _("%(count)s allocations published.") % {"count": len(allocations)})
    return redirect("donations:fund")


@login_required
def fund_applications(request: SignedInRequest) -> HttpResponse:
    """The applications of my organisations, their allocation, and the sponsors put in contact with them."""
    applications = selectors.applications_of_member(user=request.user, city=city_of(request))
    return render(request, "donations/fund_applications.html", {"applications": applications})


@login_required
def fund_sponsors(request: SignedInRequest) -> HttpResponse:
    """Coordinators: sponsors' interests, the ranked projects for each with reasons, and contact confirmation."""
    city = city_of(request)
    if not policies.can_coordinate(request.user, city):
        raise PermissionDenied
    form = SponsorForm(
        bound_data(request, "sponsor"),
        sectors=Sector.objects.order_by("name"),
        districts=city.districts.order_by("number"),
        prefix="sponsor",
    )
    sponsor_specs, project_specs, sponsors, projects = selectors.sponsoring_inputs(city=city)
    pairs, objective = sponsoring.propose(sponsor_specs, project_specs)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "sponsor" and form.is_valid():
                services.sponsor_save(city=city, acting_user=request.user, **form.cleaned_data)
                messages.success(request, _("Sponsor saved."))
                return redirect("donations:fund_sponsors")
            if action == "confirm":
                sponsor = get_object_or_404(Sponsor, pk=request.POST.get("sponsor"), city=city)
                application = get_object_or_404(Application, pk=request.POST.get("application"), city=city)
                pair = next((p for p in pairs if p.sponsor_id == sponsor.pk and p.project_id == application.pk), None)
                if pair is None:
                    raise ValidationError(_("This sponsor and this project share no interest."))
                services.sponsor_contact_confirm(
                    sponsor=sponsor,
                    application=application,
                    score=pair.score,
                    reasons=pair.reasons,
                    acting_user=request.user,
                )
                messages.success(request, _("Contact recorded: the project's organisation now sees the sponsor."))
                return redirect("donations:fund_sponsors")
            status = 400
        except (ValidationError, ValueError) as exc:
            message = refusal_text(exc) if isinstance(exc, ValidationError) else _("Invalid request.")
            if action == "sponsor":
                form.add_error(None, message)
            else:
                messages.error(request, message)
            status = 400
    rows: dict[int, list[Any]] = {}
    for pair in pairs:
        rows.setdefault(pair.sponsor_id, []).append(
            {
                "project": projects[pair.project_id],
                "score": pair.score,
                "proposed": pair.proposed,
                "reasons": [(sponsoring.CRITERIA.get(name, name), points) for name, points in pair.reasons],
            }
        )
    return render(
        request,
        "donations/fund_sponsors.html",
        {
            "form": form,
            "sponsors": [(sponsor, rows.get(sponsor.pk, [])) for sponsor in sponsors.values()],
            "objective": objective,
            "contacts": selectors.sponsor_contacts(city=city),
        },
        status=status,
    )
