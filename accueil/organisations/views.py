"""Pages of the partner registry. Thin: check the policy, validate the form, call a service or a selector."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accueil.accounts.policies import is_coordinator
from accueil.core.http import CityRequest, SignedInRequest, city_of
from accueil.core.refusals import refusal_messages, refusal_text, refusal_to_form, refusal_to_messages

from . import policies, selectors, services
from .forms import (
    ApiTokenForm,
    InvitationForm,
    MembershipRoleForm,
    OrganisationForm,
    OrganisationSearchForm,
    RegistryImportForm,
    VerificationForm,
)
from .models import ApiToken, Invitation, Membership, Organisation, Verification
from .registry_csv import registry_csv_read, registry_csv_write

PAGE_SIZE = 20


def _organisation(request: CityRequest, slug: str) -> Organisation:
    organisation = selectors.organisation_get(city=city_of(request), slug=slug)
    if organisation is None:
        raise Http404
    return organisation


@require_GET
def organisation_list(request: CityRequest) -> HttpResponse:
    city = city_of(request)
    form = OrganisationSearchForm(request.GET or None, city=city)
    filters: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        # Valid filters apply; a wrong one is left out and its error is shown next to its field.
        filters = form.filters()
    organisations = selectors.organisation_search(city=city, **filters)
    paginator = Paginator(organisations, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "form": form,
            "page": page,
            "organisations": page.object_list,
            "query": query.urlencode(),
            "can_import": policies.can_import_registry(request.user, city),
        },
    )


@require_GET
def organisation_detail(request: CityRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug)
    user = request.user
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "can_edit": policies.can_manage_organisation(user, organisation),
            "can_manage_members": policies.can_manage_members(user, organisation),
            "can_verify": policies.can_verify_organisation(user, organisation),
            "awaiting_trust": policies.is_member(user, organisation)
            and not policies.organisation_is_trusted(organisation),
            "verification_form": VerificationForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    if not policies.can_create_organisation(request.user):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, city=city)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                city=city, acting_user=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("The organisation is registered. A coordinator will verify it."))
            return HttpResponseRedirect(reverse("organisations:detail", args=[organisation.slug]))
    return render(request, "organisations/organisation_form.html", {"form": form, "organisation": None})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug)
    if not policies.can_manage_organisation(request.user, organisation):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=organisation, city=organisation.city)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_update(
                organisation=organisation, acting_user=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
            return HttpResponseRedirect(reverse("organisations:detail", args=[organisation.slug]))
    return render(request, "organisations/organisation_form.html", {"form": form, "organisation": organisation})


@login_required
@require_POST
def organisation_verify(request: SignedInRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug)
    if not policies.can_verify_organisation(request.user, organisation):
        raise PermissionDenied
    form = VerificationForm(request.POST)
    if form.is_valid():
        try:
            services.organisation_set_verification(
                organisation=organisation,
                acting_user=request.user,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("The verification status is saved."))
            if request.POST.get("next") == reverse("organisations:verification_queue"):
                return HttpResponseRedirect(reverse("organisations:verification_queue"))
            return HttpResponseRedirect(reverse("organisations:detail", args=[organisation.slug]))
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "can_edit": True,
            "can_manage_members": policies.can_manage_members(request.user, organisation),
            "can_verify": True,
            "verification_form": form,
        },
        status=400,
    )


@login_required
@require_GET
def verification_queue(request: SignedInRequest) -> HttpResponse:
    """Coordinators: the city's organisations awaiting verification, oldest first, to verify or reject."""
    city = city_of(request)
    if not is_coordinator(user=request.user, city=city):
        raise PermissionDenied
    pending = (
        Organisation.objects.filter(city=city, verification=Verification.PENDING)
        .prefetch_related("sectors")
        .order_by("created_at", "pk")
    )
    page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/verification_queue.html",
        {"page": page, "organisations": page.object_list, "query": "", "verified": Verification.VERIFIED},
    )


# --- People ------------------------------------------------------------------------------------------


def _members_page(
    request: HttpRequest, organisation: Organisation, invite_form: InvitationForm, status: int = 200
) -> HttpResponse:
    members = list(selectors.organisation_members(organisation=organisation))
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": organisation,
            "members": [(member, MembershipRoleForm(initial={"role": member.role})) for member in members],
            "invitations": selectors.organisation_pending_invitations(organisation=organisation),
            "invite_form": invite_form,
        },
        status=status,
    )


def _admin_organisation(request: CityRequest, slug: str) -> Organisation:
    organisation = _organisation(request, slug)
    if not policies.can_manage_members(request.user, organisation):
        raise PermissionDenied
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def members(request: SignedInRequest, slug: str) -> HttpResponse:
    organisation = _admin_organisation(request, slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                invitation, _raw_token = services.invitation_create(
                    organisation=organisation,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    acting_user=request.user,
                    request=request,
                )
            except ValidationError as exc:
                refusal_to_form(form, exc)
            else:
                messages.success(request, _("The invitation is sent to %(email)s.") % {"email": invitation.email})
                return HttpResponseRedirect(reverse("organisations:members", args=[organisation.slug]))
        return _members_page(request, organisation, form, status=400)
    return _members_page(request, organisation, form)


def _back_to_people(request: SignedInRequest, organisation: Organisation) -> HttpResponse:
    """The members page, or the profile when the change took away the person's own right to manage members."""
    if policies.can_manage_members(request.user, organisation):
        return HttpResponseRedirect(reverse("organisations:members", args=[organisation.slug]))
    return HttpResponseRedirect(reverse("organisations:detail", args=[organisation.slug]))


def _change_people(
    request: SignedInRequest, organisation: Organisation, change: Callable[[], object], done: str
) -> HttpResponse:
    """Make a change to the organisation's people: its refusal, or `done`, in the messages; then back."""
    try:
        change()
    except ValidationError as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(request, done)
    return _back_to_people(request, organisation)


@login_required
@require_POST
def member_role(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _admin_organisation(request, slug)
    membership = get_object_or_404(Membership, pk=pk, organisation=organisation)
    form = MembershipRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
        return _back_to_people(request, organisation)
    change = partial(
        services.membership_change_role,
        membership=membership,
        role=form.cleaned_data["role"],
        acting_user=request.user,
        request=request,
    )
    return _change_people(request, organisation, change, _("The role is changed."))


@login_required
@require_POST
def member_remove(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _admin_organisation(request, slug)
    membership = get_object_or_404(Membership, pk=pk, organisation=organisation)
    change = partial(services.membership_remove, membership=membership, acting_user=request.user, request=request)
    return _change_people(request, organisation, change, _("The person is no longer a member."))


@login_required
@require_POST
def invitation_revoke(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _admin_organisation(request, slug)
    invitation = get_object_or_404(Invitation, pk=pk, organisation=organisation)
    change = partial(services.invitation_revoke, invitation=invitation, acting_user=request.user, request=request)
    return _change_people(request, organisation, change, _("The invitation is withdrawn."))


@require_http_methods(["GET", "POST"])
def invitation_accept(request: CityRequest, token: str) -> HttpResponse:
    """The link in the invitation email: sign in (or create an account) with the invited address, then accept."""
    invitation = selectors.invitation_for_token(token)
    city = getattr(request, "city", None)
    if invitation is not None and invitation.organisation.city_id != getattr(city, "pk", None):
        invitation = None
    problem = services.invitation_problem(invitation, request.user)
    if request.method == "POST" and request.user.is_authenticated and problem is None:
        try:
            membership = services.invitation_accept(raw_token=token, acting_user=request.user, request=request)
        except ValidationError as exc:
            problem = refusal_text(exc)
        else:
            messages.success(
                request, _("Welcome to %(organisation)s.") % {"organisation": membership.organisation.name}
            )
            return HttpResponseRedirect(reverse("organisations:detail", args=[membership.organisation.slug]))
    here = request.get_full_path()
    return render(
        request,
        "organisations/invitation.html",
        {
            "invitation": invitation if problem is None or request.user.is_authenticated else None,
            "problem": problem,
            "login_url": reverse("account_login") + "?" + urlencode({"next": here}),
            "signup_url": reverse("account_signup") + "?" + urlencode({"next": here}),
        },
        status=400 if problem and request.method == "POST" else 200,
    )


# --- API tokens --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: SignedInRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug)
    if not policies.can_manage_tokens(request.user, organisation):
        raise PermissionDenied
    form = ApiTokenForm(request.POST or None)
    raw_token = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                _token, raw_token = services.api_token_create(
                    organisation=organisation,
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                    acting_user=request.user,
                    request=request,
                )
            except ValidationError as exc:
                refusal_to_form(form, exc)
                status = 400
            else:
                form = ApiTokenForm()
        else:
            status = 400
    return render(
        request,
        "organisations/tokens.html",
        {
            "organisation": organisation,
            "tokens": selectors.organisation_api_tokens(organisation=organisation),
            "form": form,
            "raw_token": raw_token,
            "trusted": policies.organisation_is_trusted(organisation),
        },
        status=status,
    )


@login_required
@require_POST
def token_revoke(request: SignedInRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation(request, slug)
    if not policies.can_manage_tokens(request.user, organisation):
        raise PermissionDenied
    token = get_object_or_404(ApiToken, pk=pk, organisation=organisation)
    services.api_token_revoke(token=token, acting_user=request.user, request=request)
    messages.success(request, _("The token is revoked; it no longer opens the API."))
    return HttpResponseRedirect(reverse("organisations:tokens", args=[organisation.slug]))


# --- CSV ---------------------------------------------------------------------------------------------


@require_GET
def registry_export(request: CityRequest) -> HttpResponse:
    city = city_of(request)
    buffer = io.StringIO()
    registry_csv_write(selectors.organisation_export_rows(city=city), buffer)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="organisations-{city.slug}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def registry_import(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    if not policies.can_import_registry(request.user, city):
        raise PermissionDenied
    form = RegistryImportForm(request.POST or None, request.FILES or None)
    result = None
    file_errors: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                rows = registry_csv_read(form.cleaned_data["file"].read())
            except ValidationError as exc:
                file_errors = refusal_messages(exc)
            else:
                result = services.organisations_import_rows(city=city, rows=rows, acting_user=request.user)
                if result.ok:
                    messages.success(
                        request,
                        _("Import done: %(created)s created, %(updated)s updated.")
                        % {"created": result.created, "updated": result.updated},
                    )
                    return HttpResponseRedirect(reverse("organisations:list"))
    return render(
        request,
        "organisations/import.html",
        {"form": form, "result": result, "file_errors": file_errors},
        status=status,
    )
