"""Pages for coordinators (dashboard, fill the gaps) and for volunteers (proposals, recommended shifts).

Thin: forms validate, ``selectors.coverage`` and ``recommendations`` read, ``services.gaps_fill`` proposes and
``services.proposal_respond`` answers.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accueil.core.http import CityRequest, SignedInRequest, city_of
from accueil.territories.models import City, District

from .errors import SignupRefused
from .models import MissionCategory, ProposalStatus, ShiftProposal, VolunteerProfile
from .policies import can_coordinate, can_read_coordination
from .recommendations import reason_text, recommend_shifts
from .selectors import coverage
from .services import proposal_respond
from .services.gaps import fill_range_clean, gaps_fill, gaps_fill_preview


def _today(city: City) -> date:
    return timezone.now().astimezone(coverage.city_zone(city)).date()


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end"):
            try:
                fill_range_clean(start=data["start"], end=data["end"])
            except ValidationError as error:
                raise forms.ValidationError(error.messages) from error
        return data


class FillForm(PeriodForm):
    district = forms.ModelChoiceField(label=gettext_lazy("District"), queryset=District.objects.none(), required=False)
    category = forms.ChoiceField(label=gettext_lazy("Category"), required=False)

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district_field = self.fields["district"]
        assert isinstance(district_field, forms.ModelChoiceField)
        district_field.queryset = District.objects.filter(city=city)
        district_field.empty_label = _("All districts")
        category_field = self.fields["category"]
        assert isinstance(category_field, forms.ChoiceField)
        category_field.choices = [("", _("All categories")), *MissionCategory.choices]


def _require_coordinator(request: SignedInRequest) -> None:
    if not can_coordinate(request.user, request.city):
        raise PermissionDenied


def _period(request: CityRequest, city: City) -> tuple[PeriodForm, date, date]:
    today = _today(city)
    default_end = today + timedelta(days=coverage.DEFAULT_HORIZON_DAYS - 1)
    form = PeriodForm(request.GET or {"start": today.isoformat(), "end": default_end.isoformat()})
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, today, default_end


@require_http_methods(["GET"])
@login_required
def dashboard(request: SignedInRequest) -> HttpResponse:
    """Coordinators read and act; elected officials read only (no "fill the gaps" form)."""
    city = city_of(request)
    if not can_read_coordination(request.user, city):
        raise PermissionDenied
    form, start, end = _period(request, city)
    since, until = coverage.day_bounds(city, start, end)
    since = max(since, timezone.now())
    summary = coverage.unfilled_summary(city, start=since, end=until)
    gaps = coverage.coverage_gaps(city, start=since, end=until)
    can_fill = can_coordinate(request.user, city)
    fill_form = FillForm(city=city, initial={"start": start, "end": end}) if can_fill else None
    return render(
        request,
        "volunteering/coordination/dashboard.html",
        {
            "form": form,
            "fill_form": fill_form,
            "start": start,
            "end": end,
            "summary": summary,
            "language_gaps": [gap for gap in gaps if gap.kind == "language"],
            "district_gaps": [gap for gap in gaps if gap.kind == "district"],
            "gaps": gaps,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def fill(request: SignedInRequest) -> HttpResponse:
    """GET: the preview of the proposals a run would send (nothing is written). POST: only the ticked ones are sent."""
    _require_coordinator(request)
    city = city_of(request)
    form = FillForm(request.POST if request.method == "POST" else request.GET, city=city)
    if not form.is_valid():
        return render(request, "volunteering/coordination/fill.html", {"fill_form": form}, status=400)
    period = {
        "start": form.cleaned_data["start"],
        "end": form.cleaned_data["end"],
        "district": form.cleaned_data["district"],
        "category": form.cleaned_data["category"],
    }
    if request.method == "GET":
        try:
            rows = gaps_fill_preview(city=city, acting_user=request.user, **period)
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, "volunteering/coordination/fill.html", {"fill_form": form}, status=400)
        shown = [(row, [reason_text(reason.as_json()) for reason in row.reasons]) for row in rows]
        return render(request, "volunteering/coordination/fill_preview.html", {"fill_form": form, "rows": shown})
    only = _confirmed_pairs(request.POST.getlist("pair"))
    if not only:
        messages.info(request, _("No proposal was ticked: nothing was sent."))
        return redirect("volunteering:coordination")
    try:
        result = gaps_fill(city=city, acting_user=request.user, only=only, request=request, **period)
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "volunteering/coordination/fill.html", {"fill_form": form}, status=400)
    if result.proposals:
        messages.success(
            request,
            _("%(count)s proposals sent to volunteers for %(shifts)s shifts (total score %(score)s).")
            % {"count": len(result.proposals), "shifts": result.shifts, "score": result.objective},
        )
        if len(result.proposals) < len(only):
            messages.warning(
                request,
                _("%(count)s ticked proposals were no longer possible (places taken meanwhile) and were not sent.")
                % {"count": len(only) - len(result.proposals)},
            )
    else:
        messages.info(request, _("No volunteer could be proposed for the open places of this period."))
    return redirect("volunteering:coordination_proposals")


MAX_CONFIRMED = 2000  # far above any run; bounds the work a forged form can ask for


def _confirmed_pairs(values: list[str]) -> set[tuple[int, int]]:
    """The ticked "volunteer:shift" pairs; anything malformed is ignored, never an error page."""
    pairs = set()
    for value in values[:MAX_CONFIRMED]:
        volunteer, _sep, shift = value.partition(":")
        if volunteer.isdigit() and shift.isdigit():
            pairs.add((int(volunteer), int(shift)))
    return pairs


@require_http_methods(["GET"])
@login_required
def coordination_proposals(request: SignedInRequest) -> HttpResponse:
    _require_coordinator(request)
    page = Paginator(coverage.proposals_recent(city_of(request)), 50).get_page(request.GET.get("page"))
    for proposal in page.object_list:
        proposal.reason_texts = [reason_text(reason) for reason in proposal.reasons]  # type: ignore[attr-defined]
    return render(request, "volunteering/coordination/proposals_admin.html", {"page": page})


@require_http_methods(["GET"])
@login_required
def my_proposals(request: SignedInRequest) -> HttpResponse:
    page = Paginator(coverage.proposals_of(request.user, city=city_of(request)), 20).get_page(request.GET.get("page"))
    now = timezone.now()
    for proposal in page.object_list:
        proposal.reason_texts = [reason_text(reason) for reason in proposal.reasons]  # type: ignore[attr-defined]
        answerable = proposal.status == ProposalStatus.PROPOSED and proposal.shift.starts_at > now
        proposal.answerable = answerable  # type: ignore[attr-defined]
    return render(request, "volunteering/coordination/proposals.html", {"page": page})


@require_POST
@login_required
def proposal_answer(request: SignedInRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(ShiftProposal, pk=pk, volunteer=request.user, city=city_of(request))
    answer = request.POST.get("answer")
    if answer not in {"accept", "decline"}:
        messages.error(request, _("Choose to accept or decline the proposal."))
        return redirect("volunteering:proposals")
    try:
        proposal = proposal_respond(proposal=proposal, acting_user=request.user, accept=answer == "accept")
    except SignupRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("volunteering:proposals")
    if proposal.status == "accepted":
        status = proposal.signup.get_status_display() if proposal.signup else ""
        messages.success(request, _("Thank you! Your sign-up: %(status)s.") % {"status": status})
    else:
        messages.info(request, _("The proposal was declined."))
    return redirect("volunteering:proposals")


@require_http_methods(["GET"])
@login_required
def recommended(request: SignedInRequest) -> HttpResponse:
    profile = VolunteerProfile.objects.filter(user=request.user, city=city_of(request)).first()
    items = recommend_shifts(profile, limit=10) if profile is not None else []
    return render(
        request,
        "volunteering/coordination/recommended.html",
        {"profile": profile, "recommendations": items, "now": datetime.now(tz=timezone.get_current_timezone())},
    )
