"""Mentoring pages: organisation side (beneficiaries, proposals, confirmation) and mentor side. Thin views.
Anyone not allowed gets 404: a beneficiary's existence is not revealed."""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accueil.core.http import SignedInRequest, city_of
from accueil.core.refusals import refusal_to_form, refusal_to_messages
from accueil.organisations.models import Organisation

from . import policies, selectors, services
from .forms import BeneficiaryForm, CloseForm, MeetingForm
from .models import Beneficiary, Mentorship, MentorshipStatus

PAGE_SIZE = 25


def _organisation_or_404(request: SignedInRequest, pk: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk, city=city_of(request)).first()
    if organisation is None or not policies.can_manage_beneficiaries(request.user, organisation):
        raise Http404
    return organisation


def _beneficiary_or_404(request: SignedInRequest, pk: int) -> Beneficiary:
    beneficiary = selectors.beneficiary_get_visible(user=request.user, city=city_of(request), pk=pk, request=request)
    if beneficiary is None:
        raise Http404
    return beneficiary


def _mentorship_or_404(request: SignedInRequest, pk: int, *, shown: bool = True) -> Mentorship:
    mentorship = selectors.mentorship_get_visible(
        user=request.user, city=city_of(request), pk=pk, request=request, shown=shown
    )
    if mentorship is None:
        raise Http404
    return mentorship


@login_required
@require_GET
def home(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    return render(
        request,
        "mentoring/home.html",
        {
            "organisations": selectors.user_mentoring_organisations(user=request.user, city=city),
            "mentorships": selectors.mentor_mentorships(user=request.user, city=city),
        },
    )


@login_required
@require_GET
def beneficiary_list(request: SignedInRequest, org_pk: int) -> HttpResponse:
    organisation = _organisation_or_404(request, org_pk)
    show_closed = request.GET.get("closed") == "1"
    page = selectors.beneficiary_page(
        selectors.beneficiary_list(user=request.user, organisation=organisation, include_closed=show_closed),
        user=request.user,
        organisation=organisation,
        page=request.GET.get("page"),
        page_size=PAGE_SIZE,
        scope="organisation",
        request=request,
    )
    proposals = selectors.organisation_mentorships(user=request.user, organisation=organisation)
    active = selectors.organisation_mentorships(
        user=request.user, organisation=organisation, statuses=(MentorshipStatus.ACTIVE,)
    )
    return render(
        request,
        "mentoring/beneficiary_list.html",
        {
            "organisation": organisation,
            "page": page,
            "beneficiaries": page.object_list,
            "proposals": proposals,
            "active": active,
            "show_closed": show_closed,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def beneficiary_create(request: SignedInRequest, org_pk: int) -> HttpResponse:
    organisation = _organisation_or_404(request, org_pk)
    return _beneficiary_form_page(request, organisation=organisation, beneficiary=None)


@login_required
@require_GET
def beneficiary_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    beneficiary = _beneficiary_or_404(request, pk)
    mentorships = beneficiary.mentorships.select_related("mentor", "supervisor").order_by("-created_at")
    return render(
        request,
        "mentoring/beneficiary_detail.html",
        {
            "beneficiary": beneficiary,
            "mentorships": mentorships,
            "can_manage": policies.can_manage_beneficiaries(request.user, beneficiary.organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def beneficiary_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    beneficiary = _beneficiary_or_404(request, pk)
    if not policies.can_manage_beneficiaries(request.user, beneficiary.organisation):
        raise Http404
    return _beneficiary_form_page(request, organisation=beneficiary.organisation, beneficiary=beneficiary)


def _beneficiary_form_page(
    request: SignedInRequest, *, organisation: Organisation, beneficiary: Beneficiary | None
) -> HttpResponse:
    """A new record of the organisation (`beneficiary` None), or the changes of one."""
    initial = {}
    if beneficiary is not None:
        initial = {
            "languages": list(beneficiary.languages.all()),
            "district": beneficiary.district,
            "needs": beneficiary.needs,
            "available_weekdays": beneficiary.available_weekdays,
            "availability_notes": beneficiary.availability_notes,
            "sensitive_notes": beneficiary.sensitive_notes,
        }
    form = BeneficiaryForm(request.POST or None, initial=initial, city=organisation.city)
    if request.method == "POST" and form.is_valid():
        details = form.details()
        try:
            if beneficiary is None:
                saved = services.beneficiary_create(organisation=organisation, acting_user=request.user, **details)
            else:
                saved = services.beneficiary_update(beneficiary=beneficiary, acting_user=request.user, **details)
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            if beneficiary is None:
                messages.success(request, _("Record %(pseudonym)s created.") % {"pseudonym": saved.pseudonym})
            else:
                messages.success(request, _("Record updated."))
            return redirect("mentoring:beneficiary_detail", pk=saved.pk)
    return render(
        request,
        "mentoring/beneficiary_form.html",
        {"form": form, "organisation": organisation, "beneficiary": beneficiary},
    )


@login_required
@require_POST
def beneficiary_close(request: SignedInRequest, pk: int) -> HttpResponse:
    beneficiary = _beneficiary_or_404(request, pk)
    if not policies.can_manage_beneficiaries(request.user, beneficiary.organisation):
        raise Http404
    closed = services.beneficiary_close(beneficiary=beneficiary, acting_user=request.user)
    retention_until = cast(dt.date, closed.retention_until)  # a closed record always has its deletion date
    messages.success(
        request,
        _("Record closed. It will be deleted on %(date)s.") % {"date": retention_until.isoformat()},
    )
    return redirect("mentoring:beneficiary_list", org_pk=beneficiary.organisation_id)


@login_required
@require_POST
def propose(request: SignedInRequest, org_pk: int) -> HttpResponse:
    organisation = _organisation_or_404(request, org_pk)
    created = services.mentorships_propose(organisation=organisation, acting_user=request.user)
    if created:
        messages.success(request, _("%(count)d proposal(s) to review below.") % {"count": len(created)})
    else:
        messages.info(request, _("No volunteer meets the conditions (shared language at B1 or above, room left)."))
    return redirect("mentoring:beneficiary_list", org_pk=organisation.pk)


@login_required
@require_POST
def mentorship_action(request: SignedInRequest, pk: int, action: str) -> HttpResponse:
    mentorship = _mentorship_or_404(request, pk, shown=False)  # nothing of the record is shown: no read row
    organisation_id = mentorship.beneficiary.organisation_id
    try:
        if action == "confirm":
            if not policies.can_confirm(request.user, mentorship):
                raise Http404
            services.mentorship_confirm(mentorship=mentorship, acting_user=request.user)
            messages.success(request, _("Mentorship confirmed; the mentor is told."))
        elif action == "discard":
            if not policies.can_confirm(request.user, mentorship):
                raise Http404
            services.mentorship_discard(mentorship=mentorship, acting_user=request.user)
            messages.success(request, _("Proposal discarded."))
        elif action == "decline":
            if not policies.can_decline(request.user, mentorship):
                raise Http404
            services.mentorship_decline(mentorship=mentorship, acting_user=request.user)
            messages.success(request, _("You have declined this mentorship. Thank you for telling us."))
            return redirect("mentoring:home")
        else:
            raise Http404
    except ValidationError as exc:
        refusal_to_messages(request, exc)
    return redirect("mentoring:beneficiary_list", org_pk=organisation_id)


@login_required
@require_http_methods(["GET", "POST"])
def mentorship_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    mentorship = _mentorship_or_404(request, pk)
    is_mentor = mentorship.mentor_id == request.user.pk
    meeting_form = MeetingForm(request.POST if request.POST.get("form") == "meeting" else None)
    close_form = CloseForm(request.POST if request.POST.get("form") == "close" else None)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "meeting" and meeting_form.is_valid():
                services.meeting_log(mentorship=mentorship, acting_user=request.user, **meeting_form.cleaned_data)
                messages.success(request, _("Meeting logged."))
                return redirect("mentoring:mentorship_detail", pk=mentorship.pk)
            if request.POST.get("form") == "close" and close_form.is_valid():
                services.mentorship_close(mentorship=mentorship, acting_user=request.user, **close_form.cleaned_data)
                messages.success(request, _("Mentorship closed."))
                return redirect("mentoring:mentorship_detail", pk=mentorship.pk)
        except ValidationError as exc:
            refusal_to_form(meeting_form if request.POST.get("form") == "meeting" else close_form, exc)
    return render(
        request,
        "mentoring/mentorship_detail.html",
        {
            "mentorship": mentorship,
            "beneficiary": mentorship.beneficiary,
            "meetings": mentorship.meetings.all()[:100],
            "meeting_form": meeting_form,
            "close_form": close_form,
            "is_mentor": is_mentor,
            "can_log": policies.can_log_meeting(request.user, mentorship),
            "can_close": policies.can_close(request.user, mentorship),
        },
    )
