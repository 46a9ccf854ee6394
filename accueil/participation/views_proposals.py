"""Proposal pages: public list and detail, submission, moderation and the official answer. Thin views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import policies_proposals as policies
from . import selectors_proposals as selectors
from . import services_proposals as services
from .forms_proposals import AnswerForm, LinkMeasuresForm, ProposalForm, RejectForm
from .models_proposals import Proposal, ProposalAnswerStatus

PAGE_SIZE = 20


def _city(request: HttpRequest) -> Any:
    city = getattr(request, "city", None)
    if city is None:
        raise Http404
    return city


def _proposal_or_404(request: HttpRequest, pk: int) -> Proposal:
    proposal = selectors.proposal_get_visible(user=request.user, city=_city(request), pk=pk)
    if proposal is None:
        raise Http404
    return proposal


def _moderated_or_404(request: HttpRequest, pk: int) -> Proposal:
    proposal = _proposal_or_404(request, pk)
    if not policies.can_moderate_proposals(request.user, proposal.city):
        raise PermissionDenied
    return proposal


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    city = _city(request)
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
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
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
def proposal_submit(request: HttpRequest) -> HttpResponse:
    city = _city(request)
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
def proposal_moderation(request: HttpRequest) -> HttpResponse:
    city = _city(request)
    if not policies.can_moderate_proposals(request.user, city):
        raise PermissionDenied
    page = Paginator(selectors.proposals_pending(city=city), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "participation/proposals/moderation.html", {"page": page})


@login_required
@require_POST
def proposal_publish(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _moderated_or_404(request, pk)
    try:
        services.proposal_publish(proposal=proposal, acting_user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The proposal is published."))
    return redirect(proposal)


@login_required
@require_POST
def proposal_reject(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _moderated_or_404(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the rejection: the author will read it."))
        return redirect(proposal)
    try:
        services.proposal_reject(proposal=proposal, acting_user=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The proposal is rejected; its author can read the reason."))
    return redirect(proposal)


@login_required
@require_POST
def proposal_answer(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _moderated_or_404(request, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return redirect(proposal)
    try:
        services.proposal_answer(proposal=proposal, acting_user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The answer is published."))
    return redirect(proposal)


@login_required
@require_POST
def proposal_link_measures(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _moderated_or_404(request, pk)
    form = LinkMeasuresForm(request.POST, city=proposal.city)
    if not form.is_valid():
        messages.error(request, _("Choose measures of the plan."))
        return redirect(proposal)
    services.proposal_link_measures(proposal=proposal, acting_user=request.user, measures=form.cleaned_data["measures"])
    messages.success(request, _("The measures are linked."))
    return redirect(proposal)
