"""Proposal pages: public list and detail, submission, moderation and the official answer. Thin views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accueil.core.http import CityRequest, SignedInRequest, city_of
from accueil.core.refusals import refusal_to_messages

from ..models import Proposal, ProposalAnswerStatus
from . import policies, selectors, services
from .forms import AnswerForm, LinkMeasuresForm, ProposalForm, RejectForm

PAGE_SIZE = 20


def _proposal_or_404(request: CityRequest, pk: int) -> Proposal:
    proposal = selectors.proposal_get_visible(user=request.user, city=city_of(request), pk=pk)
    if proposal is None:
        raise Http404
    return proposal


def _moderated_or_404(request: CityRequest, pk: int) -> Proposal:
    proposal = _proposal_or_404(request, pk)
    if not policies.can_moderate_proposals(request.user, proposal.city):
        raise PermissionDenied
    return proposal


@require_GET
def proposal_list(request: CityRequest) -> HttpResponse:
    city = city_of(request)
    status = request.GET.get("status", "")
    if status not in ProposalAnswerStatus.values:
        status = ""
    page = Paginator(selectors.proposals_public(city=city, status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/proposals/list.html",
        {
            "page": page,
            "status": status,
            "statuses": ProposalAnswerStatus.choices,
            "can_moderate": policies.can_moderate_proposals(request.user, city),
            "mine": selectors.proposals_of(user=request.user, city=city)[:20],
        },
    )


@require_GET
def proposal_detail(request: CityRequest, pk: int) -> HttpResponse:
    proposal = _proposal_or_404(request, pk)
    can_moderate = policies.can_moderate_proposals(request.user, proposal.city)
    context: dict[str, Any] = {"proposal": proposal, "can_moderate": can_moderate}
    if can_moderate:
        context["reject_form"] = RejectForm()
        context["answer_form"] = AnswerForm(
            initial={"status": proposal.answer_status or ProposalAnswerStatus.UNDER_STUDY, "answer": proposal.answer}
        )
        context["link_form"] = LinkMeasuresForm(
            city=proposal.city, initial={"measures": list(proposal.measures.values_list("pk", flat=True))}
        )
    return render(request, "participation/proposals/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_submit(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    form = ProposalForm(request.POST or None, city=city)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                proposal = services.proposal_submit(city=city, acting_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Thank you. Your proposal will be published once a moderator has read it."))
                return redirect(proposal)
        status = 400
    return render(request, "participation/proposals/form.html", {"form": form}, status=status)


@login_required
@require_GET
def proposal_moderation(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    if not policies.can_moderate_proposals(request.user, city):
        raise PermissionDenied
    page = Paginator(selectors.proposals_pending(city=city), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "participation/proposals/moderation.html", {"page": page})


def _moderation_step(
    request: SignedInRequest, proposal: Proposal, step: Callable[[], object], done: str
) -> HttpResponse:
    """Run one moderation service; its refusal, or `done`, is what the coordinator reads back on the proposal."""
    try:
        step()
    except ValidationError as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(request, done)
    return redirect(proposal)


@login_required
@require_POST
def proposal_publish(request: SignedInRequest, pk: int) -> HttpResponse:
    proposal = _moderated_or_404(request, pk)
    return _moderation_step(
        request,
        proposal,
        lambda: services.proposal_publish(proposal=proposal, acting_user=request.user),
        _("The proposal is published."),
    )


@login_required
@require_POST
def proposal_reject(request: SignedInRequest, pk: int) -> HttpResponse:
    proposal = _moderated_or_404(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the rejection: the author will read it."))
        return redirect(proposal)
    return _moderation_step(
        request,
        proposal,
        lambda: services.proposal_reject(
            proposal=proposal, acting_user=request.user, reason=form.cleaned_data["reason"]
        ),
        _("The proposal is rejected; its author can read the reason."),
    )


@login_required
@require_POST
def proposal_answer(request: SignedInRequest, pk: int) -> HttpResponse:
    proposal = _moderated_or_404(request, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect(proposal)
    return _moderation_step(
        request,
        proposal,
        lambda: services.proposal_answer(
            proposal=proposal,
            acting_user=request.user,
            status=form.cleaned_data["status"],
            answer=form.cleaned_data["answer"],
        ),
        _("The answer is published."),
    )


@login_required
@require_POST
def proposal_link_measures(request: SignedInRequest, pk: int) -> HttpResponse:
    proposal = _moderated_or_404(request, pk)
    form = LinkMeasuresForm(request.POST, city=proposal.city)
    if not form.is_valid():
        messages.error(request, _("Choose measures of the plan."))
        return redirect(proposal)
    services.proposal_link_measures(proposal=proposal, acting_user=request.user, measures=form.cleaned_data["measures"])
    messages.success(request, _("The measures are linked."))
    return redirect(proposal)
