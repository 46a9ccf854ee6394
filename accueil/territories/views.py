"""City onboarding pages: an operator creates a city and invites its first coordinator; the coordinator accepts
on the city's own host name and sets its districts up."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accueil.core.http import CityRequest, SignedInRequest, city_of
from accueil.core.refusals import refusal_text, refusal_to_form

from . import policies, selectors, services
from .calendar import holidays_of
from .forms import CityForm, DistrictsForm, InviteForm
from .models import City


@login_required
def city_list(request: SignedInRequest) -> HttpResponse:
    if not policies.can_create_city(user=request.user):
        raise PermissionDenied
    return render(request, "territories/city_list.html", {"cities": selectors.city_list_for_operator()})


@login_required
@require_http_methods(["GET", "POST"])
def city_create(request: SignedInRequest) -> HttpResponse:
    if not policies.can_create_city(user=request.user):
        raise PermissionDenied
    form = CityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            city = services.city_create(draft=form.draft(), acting_user=request.user, request=request)
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("%(city)s is created. Invite its first coordinator.") % {"city": city.name})
            return HttpResponseRedirect(reverse("territories:city", args=[city.slug]))
    status = 400 if form.errors else 200
    return render(request, "territories/city_form.html", {"form": form}, status=status)


def _city_for_setup(request: SignedInRequest, slug: str) -> City:
    city = get_object_or_404(City, slug=slug)
    if not policies.can_set_up_city(user=request.user, city=city):
        raise PermissionDenied
    return city


def _city_page(
    request: SignedInRequest,
    city: City,
    *,
    districts_form: DistrictsForm | None = None,
    invite_form: InviteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    year = timezone.localdate().year
    return render(
        request,
        "territories/city_detail.html",
        {
            "subject": city,
            "districts": selectors.district_list(city=city),
            "holidays": holidays_of(country=city.country, region=city.holiday_subdivision, year=year),
            "year": year,
            "invitations": selectors.coordinator_invitations(city=city),
            "coordinators": selectors.city_coordinators(city=city),
            "districts_form": districts_form or DistrictsForm(),
            "invite_form": invite_form or InviteForm(),
            "can_invite": policies.can_invite_coordinator(user=request.user, city=city),
            "is_here": request.city is not None and request.city.pk == city.pk,
        },
        status=status,
    )


@login_required
def city_detail(request: SignedInRequest, slug: str) -> HttpResponse:
    return _city_page(request, _city_for_setup(request, slug))


@login_required
def city_setup(request: SignedInRequest) -> HttpResponse:
    """The coordinator's way in: the setup page of the city served here."""
    city = city_of(request)
    if not policies.can_set_up_city(user=request.user, city=city):
        raise PermissionDenied
    return HttpResponseRedirect(reverse("territories:city", args=[city.slug]))


@login_required
@require_POST
def districts_import(request: SignedInRequest, slug: str) -> HttpResponse:
    city = _city_for_setup(request, slug)
    form = DistrictsForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            count = services.districts_import(
                city=city, acting_user=request.user, content=form.cleaned_data["content"], request=request
            )
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("%(count)d districts saved.") % {"count": count})
            return HttpResponseRedirect(reverse("territories:city", args=[city.slug]) + "#districts")
    return _city_page(request, city, districts_form=form, status=400)


@login_required
@require_POST
def coordinator_invite(request: SignedInRequest, slug: str) -> HttpResponse:
    city = _city_for_setup(request, slug)
    if not policies.can_invite_coordinator(user=request.user, city=city):
        raise PermissionDenied
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation, _raw = services.coordinator_invite(
                city=city, email=form.cleaned_data["email"], acting_user=request.user, request=request
            )
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return HttpResponseRedirect(reverse("territories:city", args=[city.slug]) + "#coordinators")
    return _city_page(request, city, invite_form=form, status=400)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: CityRequest, token: str) -> HttpResponse:
    """The link in the invitation email, on the invited city's host name: sign in (or create an account) with the
    invited address, then accept."""
    invitation = services.invitation_for_token(token)
    user = request.user if request.user.is_authenticated else None
    problem = services.invitation_problem(invitation, city=request.city, user=user)
    if request.method == "POST" and user is not None and problem is None:
        try:
            services.coordinator_invitation_accept(
                raw_token=token, city=request.city, acting_user=user, request=request
            )
        except ValidationError as exc:
            problem = refusal_text(exc)
        else:
            messages.success(request, _("You now coordinate %(city)s.") % {"city": city_of(request).shown_name})
            return HttpResponseRedirect(reverse("territories:setup"))
    here = request.get_full_path()
    return render(
        request,
        "territories/invitation.html",
        {
            "invitation": invitation if problem is None else None,
            "problem": problem,
            "login_url": reverse("account_login") + "?" + urlencode({"next": here}),
            "signup_url": reverse("account_signup") + "?" + urlencode({"next": here}),
        },
        status=400 if problem and request.method == "POST" else 200,
    )
