"""Hosting pages: the host's space (offer a room, see where it stands, answer proposals, give notice), the
association's space (verify hosts, households, proposals, stays and their follow-up), and the coordinators'
view of every free place. Thin views; every read of an offer, household or stay goes through the selectors'
access functions (which write the audit row). Anything a person may not see answers 404."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accueil.core.errors import Refused
from accueil.core.http import SignedInRequest, city_of
from accueil.core.refusals import refusal_to_form
from accueil.organisations.models import Organisation
from accueil.shelters import selectors as shelter_selectors

from . import policies, selectors, services
from .forms import (
    AlternativeForm,
    FollowUpForm,
    HostNoticeForm,
    HostOfferEditForm,
    HostOfferForm,
    HouseholdForm,
    IncidentForm,
    NoticeForm,
    VerificationForm,
)
from .models import OfferStatus, Stay, StayStatus


def _refused(request: SignedInRequest, exc: Refused) -> None:
    messages.error(request, exc.message)


# --- The host ------------------------------------------------------------------------------------------------


@login_required
@require_GET
def home(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    return render(
        request,
        "hosting/home.html",
        {
            "offers": selectors.offers_of_host(user=request.user, city=city),
            "proposals": selectors.proposals_for_host(user=request.user, city=city),
            "stays": selectors.stays_of_host(user=request.user, city=city),
            "is_partner": policies.is_partner(user=request.user, city=city),
            "is_coordinator": policies.can_view_city_overview(user=request.user, city=city),
            "is_operator": shelter_selectors.user_is_operator(user=request.user, city=city),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_create(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    form = HostOfferForm(request.POST or None, city=city)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            offer = services.offer_create(acting_user=request.user, city=city, **data)
        except Refused as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Thank you. The association will contact you to verify your offer."))
            return redirect("hosting:offer_detail", pk=offer.pk)
    return render(request, "hosting/offer_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def offer_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    offer = selectors.offer_get_visible(user=request.user, city=city, pk=pk)
    if offer is None:
        raise Http404
    can_verify = policies.can_verify_offer(user=request.user, offer=offer)
    verification = offer.verification
    form = None
    if can_verify and verification.decision == "in_progress":
        form = VerificationForm(
            request.POST or None,
            initial={
                "identity_seen": verification.identity_seen,
                "visit_on": verification.visit_on,
                "reference_checked": verification.reference_checked,
                "note": verification.note,
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.verification_record(offer=offer, acting_user=request.user, **form.cleaned_data)
            except Refused as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Verification saved."))
                return redirect("hosting:offer_detail", pk=pk)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "hosting/offer_detail.html",
        {
            "offer": offer,
            "verification": verification,
            "form": form,
            "is_host": policies.is_host_of(user=request.user, offer=offer),
            "can_mark": policies.can_mark_offer(user=request.user, offer=offer),
            "statuses": OfferStatus,
            "editable_statuses": sorted(services.EDITABLE_STATUSES),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    """The host corrects their offer (404 for anyone else, the association included)."""
    city = city_of(request)
    offer = selectors.offer_get_visible(user=request.user, city=city, pk=pk)
    if offer is None or not policies.is_host_of(user=request.user, offer=offer):
        raise Http404
    initial = {name: getattr(offer, name) for name in services.EDITABLE_FIELDS}
    initial["languages"] = list(offer.languages.values_list("pk", flat=True))
    form = HostOfferEditForm(request.POST or None, city=city, kind=offer.kind, initial=initial)
    if offer.status not in services.EDITABLE_STATUSES:
        messages.error(
            request,
            _("This offer is hosting a household: it changes through the stay (give notice first).")
            if offer.status == OfferStatus.HOSTING
            else _("This offer cannot be changed now."),
        )
        return redirect("hosting:offer_detail", pk=pk)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        languages = data.pop("languages")
        try:
            recheck = services.offer_update(offer=offer, acting_user=request.user, languages=languages, **data)[1]
        except Refused as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            if recheck:
                messages.warning(
                    request,
                    _(
                        "Saved. Who lives there or where the home is changed: %(name)s will visit again "
                        "before any household is proposed to you."
                    )
                    % {"name": offer.verifier.name},
                )
            else:
                messages.success(request, _("Your offer is updated."))
            return redirect("hosting:offer_detail", pk=pk)
    return render(request, "hosting/offer_edit.html", {"form": form, "offer": offer})


@login_required
@require_POST
def offer_status(request: SignedInRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    offer = selectors.offer_get_visible(user=request.user, city=city, pk=pk)
    if offer is None:
        raise Http404
    status = request.POST.get("status", "")
    if status not in OfferStatus.values:
        messages.error(request, _("Unknown status."))
        return redirect("hosting:offer_detail", pk=pk)
    try:
        services.offer_set_status(offer=offer, status=status, acting_user=request.user)
    except Refused as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Offer updated."))
    return redirect("hosting:offer_detail", pk=pk)


@login_required
@require_POST
def proposal_answer(request: SignedInRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    proposal = selectors.proposal_get_visible(user=request.user, city=city, pk=pk)
    if proposal is None:
        raise Http404
    side = request.POST.get("side", "")
    accept = request.POST.get("answer") == "yes"
    try:
        services.proposal_answer(proposal=proposal, acting_user=request.user, accept=accept, side=side)
    except Refused as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Answer recorded."))
    return redirect("hosting:home" if side == "host" else "hosting:association")


# --- The association -----------------------------------------------------------------------------------------


@login_required
@require_GET
def association(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    organisations = policies.partner_organisations(user=request.user, city=city)
    if not organisations.exists():
        raise Http404
    return render(
        request,
        "hosting/association.html",
        {
            "organisations": organisations,
            "offers": selectors.offers_to_verify(user=request.user, city=city)[:100],
            "households": selectors.households_of(user=request.user, city=city)[:100],
            "proposals": selectors.proposals_for_associations(user=request.user, city=city)[:100],
            "stays": selectors.stays_followed(user=request.user, city=city)[:100],
            "followups": selectors.followups_due(user=request.user, city=city)[:50],
        },
    )


@login_required
@require_POST
def matching_run(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    organisation = None
    if request.POST.get("organisation"):
        organisation = Organisation.objects.filter(city=city, pk=request.POST["organisation"]).first()
        if organisation is None:
            raise Http404
    try:
        proposals = services.matching_run(city=city, acting_user=request.user, organisation=organisation)
    except Refused as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("%(n)s proposals made.") % {"n": len(proposals)})
    return redirect("hosting:association" if organisation else "hosting:overview")


@login_required
@require_http_methods(["GET", "POST"])
def household_create(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    organisations = policies.partner_organisations(user=request.user, city=city)
    if not organisations.exists():
        raise Http404
    form = HouseholdForm(request.POST or None, city=city, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_create(acting_user=request.user, **form.cleaned_data)
        except Refused as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            return redirect("hosting:household_detail", pk=household.pk)
    return render(request, "hosting/household_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def household_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    household = selectors.household_get_visible(user=request.user, city=city, pk=pk)
    if household is None:
        raise Http404
    name = None
    if request.method == "POST" and request.POST.get("action") == "show_name":
        try:
            name = services.household_name_read(household=household, acting_user=request.user) or ""
        except Refused as exc:
            _refused(request, exc)
    return render(
        request,
        "hosting/household_detail.html",
        {
            "household": household,
            "name": name,
            "has_name": bool(household.name),
            "can_read_name": policies.can_read_name(user=request.user, household=household),
            "proposals": selectors.household_proposals(household=household),
            "stays": selectors.household_stays(household=household),
        },
    )


# --- Stays ---------------------------------------------------------------------------------------------------


@login_required
@require_GET
def stay_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    stay = selectors.stay_get_visible(user=request.user, city=city, pk=pk)
    if stay is None:
        raise Http404
    follows = policies.can_follow_stay(user=request.user, stay=stay)
    return render(
        request,
        "hosting/stay_detail.html",
        {
            "stay": stay,
            "follows": follows,
            "followups": selectors.stay_followups(stay=stay) if follows else [],
            "incidents": selectors.stay_incidents(stay=stay) if follows else [],
            "followup_form": FollowUpForm(),
            "incident_form": IncidentForm(),
            "notice_form": NoticeForm() if follows else HostNoticeForm(),
            "alternative_form": AlternativeForm(),
            "running": stay.status != StayStatus.ENDED,
            "active": stay.status == StayStatus.ACTIVE,
        },
    )


def _stay_or_404(request: SignedInRequest, pk: int) -> Stay:
    stay = selectors.stay_get_visible(user=request.user, city=city_of(request), pk=pk)
    if stay is None:
        raise Http404
    return stay


@login_required
@require_POST
def stay_action(request: SignedInRequest, pk: int, action: str, item: int | None = None) -> HttpResponse:
    stay = _stay_or_404(request, pk)
    city = city_of(request)
    try:
        form: forms.Form
        if action == "notice":
            if policies.can_follow_stay(user=request.user, stay=stay):
                form = NoticeForm(request.POST)
                by = str(form.data.get("by", ""))
            else:
                form = HostNoticeForm(request.POST)
                by = "host"
            if not form.is_valid():
                messages.error(request, _("Check the notice period."))
            else:
                services.stay_give_notice(stay=stay, acting_user=request.user, by=by, days=form.cleaned_data["days"])
                messages.success(request, _("Notice recorded. The support association is alerted."))
        elif action == "alternative":
            form = AlternativeForm(request.POST)
            if form.is_valid():
                services.stay_record_alternative(stay=stay, acting_user=request.user, **form.cleaned_data)
                messages.success(request, _("Alternative recorded."))
            else:
                messages.error(request, _("Choose the alternative found."))
        elif action == "end":
            services.stay_end(stay=stay, acting_user=request.user)
            messages.success(request, _("Stay ended."))
        elif action == "incident":
            form = IncidentForm(request.POST)
            if form.is_valid():
                services.incident_open(stay=stay, acting_user=request.user, **form.cleaned_data)
                messages.success(request, _("Case opened."))
            else:
                messages.error(request, _("Check the incident form."))
        elif action == "followup" and item is not None:
            followup = selectors.followup_get_visible(user=request.user, city=city, pk=item)
            form = FollowUpForm(request.POST)
            if followup is None or followup.stay_id != stay.pk:
                raise Http404
            if form.is_valid():
                services.followup_record(followup=followup, acting_user=request.user, **form.cleaned_data)
                messages.success(request, _("Follow-up recorded."))
        elif action == "close" and item is not None:
            incident = selectors.incident_get_visible(user=request.user, city=city, pk=item)
            if incident is None or incident.stay_id != stay.pk:
                raise Http404
            services.incident_close(incident=incident, acting_user=request.user)
            messages.success(request, _("Case closed."))
        else:
            raise Http404
    except Refused as exc:
        _refused(request, exc)
    return redirect("hosting:stay_detail", pk=pk)


# --- Coordinators --------------------------------------------------------------------------------------------


@login_required
@require_GET
def overview(request: SignedInRequest) -> HttpResponse:
    """One view: free places tonight (shelters and hosting), buildings in the pipeline, occupancy and its trend,
    stale sites, stays ending within 30 days without an alternative, places per 1,000 by département."""
    city = city_of(request)
    if not policies.can_read_city_overview(user=request.user, city=city):
        raise Http404
    places = shelter_selectors.free_places_tonight(city=city)
    return render(
        request,
        "hosting/overview.html",
        {
            "summary": shelter_selectors.places_summary(places),
            "pipeline": shelter_selectors.pipeline_counts(city=city),
            "occupancy": shelter_selectors.city_occupancy(city=city),
            "trend": shelter_selectors.occupancy_trend(city=city),
            "stale_sites": shelter_selectors.stale_sites(city=city)[:50],
            "ending": selectors.stays_ending_without_alternative(city=city)[:50],
            "departements": shelter_selectors.departement_table(city=city),
            "offers": selectors.offer_counts(city=city),
            "stays": selectors.stay_counts(city=city),
            "can_act": policies.can_view_city_overview(user=request.user, city=city),
        },
    )
