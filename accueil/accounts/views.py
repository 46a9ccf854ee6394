from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accueil.core.http import SignedInRequest, city_of

from .forms import PersonSearchForm, ProfileForm, RoleChangeForm, SelfRoleForm
from .models import SELF_SERVICE_ROLES, Role, User
from .policies import can_manage_roles, can_revoke_role, can_view_audit_log, is_platform_operator
from .selectors import holds_a_role_in, role_assignments_for_city, user_find_by_email, user_get, user_roles
from .services import role_grant, role_revoke, role_self_grant, role_self_revoke, user_update_profile

if TYPE_CHECKING:
    from accueil.territories.models import City

ROLES_PER_PAGE = 50
# The person the coordinator found last on the roles page (by POST, so no address goes into a URL).
FOUND_SESSION_KEY = "accounts.roles.found"


@login_required
def dashboard(request: SignedInRequest) -> HttpResponse:
    city = request.city
    roles = user_roles(user=request.user, city=city)
    role_labels = dict(Role.choices)
    context = {
        "roles": [{"code": code, "label": role_labels.get(code, code)} for code in sorted(roles)],
        "role_codes": roles,
        "self_service": [
            {"code": str(r), "label": r.label} for r in Role if r in SELF_SERVICE_ROLES and str(r) not in roles
        ],
        "droppable": [{"code": str(r), "label": r.label} for r in Role if r in SELF_SERVICE_ROLES and str(r) in roles],
        "can_manage_roles": can_manage_roles(user=request.user, city=city),
        "can_view_audit_log": can_view_audit_log(user=request.user, city=city),
        "is_platform_operator": is_platform_operator(request.user),
    }
    return render(request, "accounts/dashboard.html", context)


@login_required
@require_POST
def role_self_service(request: SignedInRequest, action: str) -> HttpResponse:
    """ "I want to volunteer" (action=take) and its opposite (action=drop), for self-service roles only."""
    form = SelfRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This role is granted by a coordinator of the city."))
        return redirect("accounts:dashboard")
    role = form.cleaned_data["role"]
    label = Role(role).label
    if action == "take":
        role_self_grant(user=request.user, city=city_of(request), role=role)
        messages.success(request, _("You are now registered as: %(role)s.") % {"role": label})
    else:
        role_self_revoke(user=request.user, city=city_of(request), role=role)
        messages.success(request, _("You no longer hold the role: %(role)s.") % {"role": label})
    return redirect("accounts:dashboard")


@login_required
def profile(request: SignedInRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = user_update_profile(user=request.user, acting_user=request.user, **form.cleaned_data)
        language = user.preferred_language
        # Switch the interface to the language just chosen.
        translation.activate(language)
        messages.success(request, _("Your profile has been saved."))
        response = HttpResponseRedirect(reverse("accounts:profile"))
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
        return response
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def roles(request: SignedInRequest) -> HttpResponse:
    """The coordinator's page: find a person by email, grant or revoke a city role; list who holds what."""
    city = request.city
    if city is None or not can_manage_roles(user=request.user, city=city):
        raise PermissionDenied
    search = PersonSearchForm()
    person = None
    if request.method == "POST":
        if request.POST.get("action") != "find":
            return _role_change(request, city)
        # Searched by POST: the address never appears in a URL, a history or the access log.
        search = PersonSearchForm(request.POST)
        if search.is_valid():
            person = user_find_by_email(email=search.cleaned_data["email"])
            if person is None:
                messages.info(request, _("Nobody has an account with this email address."))
            else:
                request.session[FOUND_SESSION_KEY] = person.pk
                return redirect(f"{reverse('accounts:roles')}?{urlencode({'person': person.pk})}")
    else:
        person = _person_shown(request, city)
    person_roles: list[dict[str, Any]] = []
    grant_form = None
    if person is not None:
        held = user_roles(user=person, city=city)
        labels = dict(Role.choices)
        person_roles = [
            {
                "code": code,
                "label": labels.get(code, code),
                "revocable": can_revoke_role(user=request.user, city=city, target=person, role=code),
            }
            for code in sorted(held)
        ]
        grant_form = RoleChangeForm(initial={"user": person.pk}, exclude_roles=held)
    role_filter = request.GET.get("role", "")
    if role_filter not in Role.values:
        role_filter = ""
    page = Paginator(role_assignments_for_city(city=city, role=role_filter), ROLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "search": search,
        "person": person,
        "person_roles": person_roles,
        "grant_form": grant_form,
        "page": page,
        "role_filter": role_filter,
        "extra_query": urlencode({"role": role_filter}) if role_filter else "",
        "role_choices": Role.choices,
    }
    return render(request, "accounts/roles.html", context)


def _role_change(request: SignedInRequest, city: City) -> HttpResponse:
    form = RoleChangeForm(request.POST)
    action = request.POST.get("action")
    if not form.is_valid() or action not in {"grant", "revoke"}:
        messages.error(request, _("The request could not be understood; nothing was changed."))
        return redirect("accounts:roles")
    person = User.objects.filter(pk=form.cleaned_data["user"]).first()
    if person is None:
        raise Http404
    role = form.cleaned_data["role"]
    label = Role(role).label
    if action == "grant":
        role_grant(user=person, city=city, role=role, acting_user=request.user)
        messages.success(
            request, _("%(person)s now holds the role: %(role)s.") % {"person": person.email, "role": label}
        )
    else:
        if not can_revoke_role(user=request.user, city=city, target=person, role=role):
            messages.error(request, _("You cannot revoke your own coordinator role."))
        else:
            role_revoke(user=person, city=city, role=role, acting_user=request.user)
            messages.success(
                request, _("%(person)s no longer holds the role: %(role)s.") % {"person": person.email, "role": label}
            )
    request.session[FOUND_SESSION_KEY] = person.pk
    return redirect(f"{reverse('accounts:roles')}?{urlencode({'person': person.pk})}")


def _person_shown(request: SignedInRequest, city: City) -> User | None:
    """The person whose roles the page shows (`?person=<id>`): the one the coordinator found last, or someone
    holding a role in the city (listed on the page anyway); never anyone else, so ids cannot be walked."""
    raw = request.GET.get("person", "")
    if not raw.isdigit() or len(raw) > 18:
        return None
    pk = int(raw)
    if request.session.get(FOUND_SESSION_KEY) != pk and not holds_a_role_in(user_id=pk, city=city):
        return None
    return user_get(pk=pk)
