"""Event pages: public list and detail, registration, "my registrations", organiser pages. Thin views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accueil.accounts.policies import is_coordinator
from accueil.core.http import CityRequest, SignedInRequest, city_of, city_or_none
from accueil.core.refusals import refusal_to_messages
from accueil.core.saving import save_then_redirect
from accueil.organisations.models import Organisation
from accueil.volunteering.selectors import calendar_user

from . import calendars, policies, selectors, services
from .forms import AttendanceForm, EventFilterForm, EventForm
from .models import Event, Registration, RegistrationStatus

if TYPE_CHECKING:
    from accueil.territories.models import City

PAGE_SIZE = 20
CITY_ORGANISER = "city"


def _event_or_404(request: CityRequest, pk: int) -> Event:
    event = selectors.event_get_visible(user=request.user, city=city_of(request), pk=pk)
    if event is None:
        raise Http404
    return event


def _managed_event_or_404(request: CityRequest, pk: int) -> Event:
    event = _event_or_404(request, pk)
    if not policies.can_manage_event(request.user, event):
        raise Http404
    return event


@require_GET
def event_list(request: CityRequest) -> HttpResponse:
    city = city_of(request)
    form = EventFilterForm(request.GET or None, city=city)
    kind, district = "", None
    if form.is_valid():
        kind = form.cleaned_data["kind"] or ""
        district = form.cleaned_data["district"]
    page = Paginator(selectors.event_public_list(city=city, kind=kind, district=district), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "participation/event_list.html",
        {"form": form, "page": page, "events": page.object_list, "query": query.urlencode()},
    )


@require_GET
def event_detail(request: CityRequest, pk: int) -> HttpResponse:
    event = _event_or_404(request, pk)
    registration = selectors.registration_for(event=event, user=request.user)
    return render(
        request,
        "participation/event_detail.html",
        {
            "event": event,
            "registration": registration,
            "position": selectors.waitlist_position(registration=registration) if registration else None,
            "can_manage": policies.can_manage_event(request.user, event),
        },
    )


@login_required
@require_POST
def event_register(request: SignedInRequest, pk: int) -> HttpResponse:
    event = _event_or_404(request, pk)
    try:
        registration = services.event_register(event=event, user=request.user, acting_user=request.user)
    except ValidationError as exc:
        refusal_to_messages(request, exc)
    else:
        if registration.status == RegistrationStatus.REGISTERED:
            messages.success(request, _("You are registered. A confirmation has been sent to you by email."))
        else:
            messages.info(
                request, _("The event is full: you are on the waiting list. We will tell you if a place frees up.")
            )
    return redirect("participation:event_detail", pk=event.pk)


@login_required
@require_POST
def registration_cancel(request: SignedInRequest, pk: int) -> HttpResponse:
    registration = (
        Registration.objects.select_related("event", "event__organiser", "event__city")
        .filter(pk=pk, city=city_of(request))
        .first()
    )
    if registration is None or not policies.can_cancel_registration(request.user, registration):
        raise Http404
    try:
        services.registration_cancel(registration=registration, acting_user=request.user)
    except ValidationError as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(request, _("Your registration is cancelled."))
    next_url = request.POST.get("next", "")
    if next_url == "mine":
        return redirect("participation:my_registrations")
    return redirect("participation:event_detail", pk=registration.event_id)


@login_required
@require_GET
def my_registrations(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    registrations = selectors.user_registrations(user=request.user, city=city, active_only=True)
    page = Paginator(registrations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/my_registrations.html",
        {"page": page, "registrations": page.object_list},
    )


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def event_ics(request: CityRequest, pk: int) -> HttpResponse:
    event = _event_or_404(request, pk)
    content = calendars.event_calendar_bytes(event=event, domain=request.get_host())
    return _ics_response(content, f"event-{event.pk}.ics")


@require_GET
def calendar_feed(request: CityRequest, token: str) -> HttpResponse:
    """The person's one feed (shifts, events, trainings), found by the secret of its address."""
    user = calendar_user(raw_token=token)
    if user is None:
        raise Http404
    content = calendars.person_calendar_bytes(
        user=user, city=city_or_none(request), domain=request.get_host(), name="Accueil"
    )
    response = _ics_response(content, "calendar.ics")
    response["Cache-Control"] = "private, max-age=300"
    return response


# --- Organiser pages ------------------------------------------------------------------------------


def _organiser_choices(request: CityRequest, city: City) -> list[tuple[str, str]]:
    user = request.user
    if not user.is_authenticated:  # only reached from login_required views
        raise PermissionDenied
    choices: list[tuple[str, str]] = []
    if is_coordinator(user=user, city=city):
        choices.append((CITY_ORGANISER, _("The City")))
    for organisation in Organisation.objects.filter(city=city, memberships__user=user).order_by("name"):
        choices.append((str(organisation.pk), organisation.name))
    return choices


@login_required
@require_GET
def manage_list(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    page = Paginator(selectors.event_managed_list(user=request.user, city=city), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "participation/manage_list.html",
        {"page": page, "events": page.object_list, "can_create": bool(_organiser_choices(request, city))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    choices = _organiser_choices(request, city)
    if not choices:
        raise PermissionDenied
    form = EventForm(request.POST or None, city=city, organisers=choices)
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["organiser_choice"]
        organiser = None if choice == CITY_ORGANISER else Organisation.objects.get(pk=int(choice), city=city)
        saved = save_then_redirect(
            request,
            form,
            lambda: services.event_create(city=city, organiser=organiser, acting_user=request.user, **form.details()),
            message=_("The event is saved as a draft. Publish it when it is ready."),
            url_name="participation:event_edit",
        )
        if saved is not None:
            return saved
    return render(request, "participation/event_form.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    event = _managed_event_or_404(request, pk)
    form = EventForm(request.POST or None, instance=Event.objects.get(pk=event.pk), city=event.city)
    if request.method == "POST" and form.is_valid():
        saved = save_then_redirect(
            request,
            form,
            lambda: services.event_update(event=event, acting_user=request.user, **form.details()),
            message=_("The event is updated."),
            url_name="participation:event_edit",
        )
        if saved is not None:
            return saved
    return render(request, "participation/event_form.html", {"form": form, "event": event})


@login_required
@require_POST
def event_publish(request: SignedInRequest, pk: int) -> HttpResponse:
    event = _managed_event_or_404(request, pk)
    try:
        services.event_publish(event=event, acting_user=request.user)
    except ValidationError as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(request, _("The event is published."))
    return redirect("participation:event_edit", pk=event.pk)


@login_required
@require_POST
def event_cancel(request: SignedInRequest, pk: int) -> HttpResponse:
    event = _managed_event_or_404(request, pk)
    services.event_cancel(event=event, acting_user=request.user)
    messages.success(request, _("The event is cancelled; the people registered are told."))
    return redirect("participation:event_edit", pk=event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def event_registrants(request: SignedInRequest, pk: int) -> HttpResponse:
    event = _managed_event_or_404(request, pk)
    if request.method == "POST":
        form = AttendanceForm(request.POST)
        if form.is_valid():
            registration = Registration.objects.filter(pk=form.cleaned_data["registration"], event=event).first()
            if registration is None:
                raise Http404
            try:
                services.registration_mark_attendance(
                    registration=registration, attended=form.cleaned_data["attended"], acting_user=request.user
                )
            except ValidationError as exc:
                refusal_to_messages(request, exc)
            else:
                messages.success(request, _("Attendance recorded."))
        else:
            messages.error(request, _("The attendance could not be recorded."))
        return redirect("participation:event_registrants", pk=event.pk)
    page = Paginator(selectors.event_registrants(event=event), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/event_registrants.html",
        {"event": event, "page": page, "registrations": page.object_list},
    )
