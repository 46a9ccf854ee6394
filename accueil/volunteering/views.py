"""Volunteering pages: public missions, the volunteer's space, and organisations' mission management.

Thin: each view validates a form, asks a policy, and calls a selector or a service.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accueil.core.fragments import fragment
from accueil.core.http import CityRequest, SignedInRequest, city_of
from accueil.core.refusals import refusal_text
from accueil.organisations.models import Organisation
from accueil.organisations.selectors import user_organisations

from . import selectors, services
from .documents import certificate_pdf_bytes
from .errors import SignupError, SignupRefused
from .forms import (
    AttendanceForm,
    CapacityForm,
    MessageForm,
    MissionFilterForm,
    MissionForm,
    ShiftScheduleForm,
    VolunteerProfileForm,
)
from .models import Mission, MissionStatus, Shift, Signup
from .policies import can_cancel_signup, can_manage_mission, can_manage_missions_of, can_publish_missions

PAGE_SIZE = 20


# --- Public ----------------------------------------------------------------------------------------------------------


def mission_list(request: CityRequest) -> HttpResponse:
    form = MissionFilterForm(request.GET or None, city=city_of(request))
    filters = selectors.MissionFilters()
    if form.is_bound:
        # Valid filters apply; a wrong one is left out and its message is shown next to its field.
        form.is_valid()
        data = form.cleaned_data
        remote = {"yes": True, "no": False}.get(data.get("remote") or "")
        filters = selectors.MissionFilters(
            category=data.get("category") or "",
            skill=data.get("skill") or "",
            language=data.get("language") or "",
            district=int(data["district"]) if data.get("district") else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            max_hours=float(data["max_hours"]) if data.get("max_hours") else None,
            remote=remote,
            q=(data.get("q") or "").strip(),
            near=data["near"].pk if data.get("near") else None,
            no_requirement=bool(data.get("no_requirement")),
        )
    paginator = Paginator(selectors.published_missions(city=city_of(request), filters=filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "volunteering/mission_list.html",
        {
            "form": form,
            "page": page,
            "missions": page.object_list,
            "query": query.urlencode(),
            "near": form.cleaned_data.get("near") if form.is_bound else None,
        },
    )


def mission_detail(request: CityRequest, pk: int) -> HttpResponse:
    mission = selectors.mission_public_detail(city=city_of(request), mission_id=pk, skills=False)
    if mission is None:
        raise Http404
    my_shift_ids: set[int] = set()
    if request.user.is_authenticated:
        my_shift_ids = set(
            Signup.objects.filter(
                volunteer=request.user, shift__mission=mission, status__in=["pending", "accepted", "waitlisted"]
            ).values_list("shift_id", flat=True)
        )
    shifts = getattr(mission, "upcoming_shifts", [])[:100]
    return render(
        request,
        "volunteering/mission_detail.html",
        {
            "mission": mission,
            "shifts": shifts,
            "shift_rows": _shift_rows(request, shifts, my_shift_ids),
            "trainings": selectors.trainings_granting(mission=mission),
        },
    )


_CELL, _ROW, _CSRF = "\x1f", "\x1e", "\x1d"


def _shift_rows(request: CityRequest, shifts: list[Shift], my_shift_ids: set[int]) -> str:
    """The shifts' table rows. What every visitor sees is rendered once per process for these shifts, their places
    and times (`core.fragments`, keyed by them); this person's CSRF token and own sign-ups are filled in here."""
    inputs = tuple((s.pk, s.starts_at, s.ends_at, s.capacity, s.accepted_count) for s in shifts)
    text = fragment(
        "volunteering.shift_rows",
        inputs,
        lambda: render_to_string(
            "volunteering/_shift_rows.html",
            {"shifts": shifts, "cell": mark_safe(_CELL), "row": mark_safe(_ROW), "csrf": mark_safe(_CSRF)},
        ),
    )
    *rows, signed_up = text.split(_ROW)
    token = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
    out = []
    for row in rows:
        pk, head, form = row.split(_CELL)
        action = signed_up.strip() if int(pk) in my_shift_ids else form.replace(_CSRF, token)
        out.append(f"<tr>\n    {head}\n    <td>{action}\n    </td>\n  </tr>\n  ")
    return mark_safe("".join(out))


@require_POST
def shift_sign_up(request: CityRequest, pk: int) -> HttpResponse:
    shift = get_object_or_404(Shift.objects.select_related("mission"), pk=pk, city=city_of(request))
    if not request.user.is_authenticated:
        login = reverse("account_login")
        return redirect(f"{login}?next={reverse('volunteering:mission_detail', args=[shift.mission_id])}")
    try:
        signup = services.shift_sign_up(shift=shift, volunteer=request.user, acting_user=request.user, request=request)
    except SignupRefused as exc:
        if exc.code == SignupError.NOT_ELIGIBLE and not selectors.volunteer_profile(user=request.user, city=shift.city):
            messages.warning(request, exc.message)
            return redirect("volunteering:profile")
        messages.error(request, exc.message)
        return redirect("volunteering:mission_detail", pk=shift.mission_id)
    text = {
        "accepted": _("You are signed up: your place is confirmed."),
        "pending": _("You are signed up: the organisation will confirm your place."),
        "waitlisted": _("The shift is full: you are on the waiting list and will be told if a place frees up."),
    }[signup.status]
    messages.success(request, text)
    return redirect("volunteering:my_shifts")


# --- Volunteer's space -----------------------------------------------------------------------------------------------


@login_required
def my_shifts(request: SignedInRequest) -> HttpResponse:
    signups = list(selectors.volunteer_signups(user=request.user, city=city_of(request))[:300])
    now = timezone.now()
    upcoming = [s for s in signups if s.ends_at > now and s.status in ("pending", "accepted", "waitlisted")]
    past = [s for s in signups if s not in upcoming][-50:]
    return render(
        request,
        "volunteering/my_shifts.html",
        {
            "upcoming": upcoming,
            "past": past,
            "proposals": list(selectors.volunteer_open_proposals(user=request.user)[:50]),
        },
    )


@login_required
@require_POST
def signup_cancel(request: SignedInRequest, pk: int) -> HttpResponse:
    signup = get_object_or_404(Signup, pk=pk)
    if not can_cancel_signup(request.user, signup):
        raise Http404
    try:
        services.signup_cancel(signup=signup, acting_user=request.user, request=request)
        messages.success(request, _("Your sign-up is cancelled. Thank you for letting us know."))
    except SignupRefused as exc:
        messages.error(request, exc.message)
    return redirect("volunteering:my_shifts")


@login_required
@require_POST
def calendar_subscribe(request: SignedInRequest) -> HttpResponse:
    """A new secret address for the person's one calendar feed (shifts, events, trainings); the old one stops."""
    raw = services.calendar_token_rotate(user=request.user, acting_user=request.user)
    request.session["calendar_url"] = request.build_absolute_uri(
        reverse("volunteering_calendar_feed", kwargs={"token": raw})
    )
    messages.success(request, _("Your calendar address is ready. Keep it private; a new one replaces the old one."))
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(next_url)
    return redirect("volunteering:my_shifts")


@login_required
def profile(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    current = selectors.volunteer_profile(user=request.user, city=city)
    form = VolunteerProfileForm(request.POST or None, instance=current, city=city)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.volunteer_profile_save(
                user=request.user,
                city=city,
                acting_user=request.user,
                skills=data["skills"],
                districts=data["districts"],
                languages=data["language_rows"],
                availabilities=data["availability_rows"],
                **form.details(),
            )
        except ValidationError as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, _("Your volunteer profile is saved."))
            return redirect("volunteering:profile")
    return render(request, "volunteering/profile_form.html", {"form": form, "profile": current})


@login_required
def my_hours(request: SignedInRequest) -> HttpResponse:
    summary = selectors.volunteer_hours(user=request.user)
    return render(request, "volunteering/my_hours.html", {"summary": summary})


@login_required
def hours_certificate(request: SignedInRequest) -> HttpResponse:
    summary = selectors.volunteer_hours(user=request.user)
    language = request.user.preferred_language or translation.get_language()
    pdf = certificate_pdf_bytes(user=request.user, summary=summary, city=city_of(request), language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="volunteering-certificate.pdf"'
    return response


# --- Organisations ---------------------------------------------------------------------------------------------------


def _managed_organisation(request: SignedInRequest, org_pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=org_pk, city=city_of(request))
    if not can_manage_missions_of(request.user, organisation):
        raise PermissionDenied
    return organisation


def _managed_mission(request: SignedInRequest, pk: int) -> Mission:
    mission = selectors.mission_for_manager(mission_id=pk)
    if mission is None or mission.city_id != city_of(request).pk:
        raise Http404
    if not can_manage_mission(request.user, mission):
        raise PermissionDenied
    return mission


def _managed_shift(request: SignedInRequest, pk: int) -> Shift:
    shift = get_object_or_404(
        Shift.objects.select_related("mission", "mission__organisation"), pk=pk, city=city_of(request)
    )
    if not can_manage_mission(request.user, shift.mission):
        raise PermissionDenied
    return shift


@login_required
def manage_home(request: SignedInRequest) -> HttpResponse:
    organisations = list(user_organisations(user=request.user, city=city_of(request)).order_by("name"))
    if len(organisations) == 1:
        return redirect("volunteering:manage_organisation", org_pk=organisations[0].pk)
    return render(request, "volunteering/manage_home.html", {"organisations": organisations})


@login_required
def manage_organisation(request: SignedInRequest, org_pk: int) -> HttpResponse:
    organisation = _managed_organisation(request, org_pk)
    paginator = Paginator(selectors.organisation_missions(organisation=organisation), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "volunteering/manage_organisation.html",
        {
            "organisation": organisation,
            "page": page,
            "missions": page.object_list,
            "can_publish": can_publish_missions(organisation),
        },
    )


@login_required
def mission_create(request: SignedInRequest, org_pk: int) -> HttpResponse:
    return _mission_form_page(request, organisation=_managed_organisation(request, org_pk), mission=None)


@login_required
def mission_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    mission = _managed_mission(request, pk)
    return _mission_form_page(request, organisation=mission.organisation, mission=mission)


def _mission_form_page(
    request: SignedInRequest, *, organisation: Organisation, mission: Mission | None
) -> HttpResponse:
    """The mission form: a new draft of the organisation (`mission` None) or the changes of a mission."""
    form = MissionForm(request.POST or None, instance=mission, city=city_of(request))
    if request.method == "POST" and form.is_valid():
        skills, languages = form.cleaned_data["skills"], form.cleaned_data["language_rows"]
        try:
            if mission is None:
                saved = services.mission_create(
                    organisation=organisation,
                    acting_user=request.user,
                    skills=skills,
                    languages=languages,
                    **form.details(),
                )
            else:
                saved = services.mission_update(
                    mission=mission,
                    acting_user=request.user,
                    skills=skills,
                    languages=languages,
                    **form.details(),
                )
        except ValidationError as exc:
            messages.error(request, refusal_text(exc))
        else:
            if mission is None:
                messages.success(request, _("The mission is saved as a draft. Add its shifts, then publish it."))
            else:
                messages.success(request, _("The mission is saved."))
            return redirect("volunteering:mission_manage", pk=saved.pk)
    context = {"form": form, "organisation": organisation} | ({"mission": mission} if mission is not None else {})
    return render(request, "volunteering/mission_form.html", context)


@login_required
def mission_manage(request: SignedInRequest, pk: int) -> HttpResponse:
    mission = _managed_mission(request, pk)
    return render(
        request,
        "volunteering/mission_manage.html",
        {
            "mission": mission,
            "shifts": getattr(mission, "all_shifts", [])[:200],
            "schedule_form": ShiftScheduleForm(city=city_of(request)),
            "can_publish": can_publish_missions(mission.organisation),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def mission_status(request: SignedInRequest, pk: int) -> HttpResponse:
    mission = _managed_mission(request, pk)
    status = request.POST.get("status", "")
    if status not in MissionStatus.values:
        messages.error(request, _("Unknown status."))
    else:
        try:
            services.mission_set_status(mission=mission, acting_user=request.user, status=status)
            messages.success(
                request, _("The mission's status is now “%(status)s”.") % {"status": MissionStatus(status).label}
            )
        except ValidationError as exc:
            messages.error(request, refusal_text(exc))
    return redirect("volunteering:mission_manage", pk=mission.pk)


@login_required
@require_POST
def mission_duplicate(request: SignedInRequest, pk: int) -> HttpResponse:
    mission = _managed_mission(request, pk)
    copy = services.mission_duplicate(mission=mission, acting_user=request.user)
    messages.success(request, _("A draft copy was created. Check it, then publish it."))
    return redirect("volunteering:mission_manage", pk=copy.pk)


@login_required
def shift_add(request: SignedInRequest, pk: int) -> HttpResponse:
    mission = _managed_mission(request, pk)
    form = ShiftScheduleForm(request.POST or None, city=city_of(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.shifts_create(
                mission=mission,
                acting_user=request.user,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                capacity=data["capacity"],
                repeat_weekly_until=data.get("repeat_until"),
            )
        except ValidationError as exc:
            messages.error(request, refusal_text(exc))
        else:
            messages.success(request, _("%(count)s shift(s) added.") % {"count": len(created)})
            return redirect("volunteering:mission_manage", pk=mission.pk)
    return render(request, "volunteering/shift_form.html", {"form": form, "mission": mission})


@login_required
def shift_manage(request: SignedInRequest, pk: int) -> HttpResponse:
    shift = _managed_shift(request, pk)
    capacity_form = CapacityForm(request.POST or None, initial={"capacity": shift.capacity})
    if request.method == "POST" and capacity_form.is_valid():
        try:
            services.shift_update(
                shift=shift, acting_user=request.user, capacity=capacity_form.cleaned_data["capacity"]
            )
        except ValidationError as exc:
            capacity_form.add_error("capacity", refusal_text(exc))
        else:
            messages.success(request, _("The number of places is saved."))
            return redirect("volunteering:shift_manage", pk=shift.pk)
    return render(
        request,
        "volunteering/shift_manage.html",
        {
            "shift": shift,
            "mission": shift.mission,
            "applicants": selectors.shift_applicants(shift=shift, user=request.user),
            "capacity_form": capacity_form,
            "message_form": MessageForm(),
            "started": shift.starts_at <= timezone.now(),
        },
    )


def _managed_signup(request: SignedInRequest, pk: int) -> Signup:
    signup = get_object_or_404(
        Signup.objects.select_related("shift", "shift__mission", "shift__mission__organisation"),
        pk=pk,
        city=city_of(request),
    )
    if not can_manage_mission(request.user, signup.shift.mission):
        raise PermissionDenied
    return signup


@login_required
@require_POST
def signup_decide(request: SignedInRequest, pk: int) -> HttpResponse:
    signup = _managed_signup(request, pk)
    accept = request.POST.get("decision") == "accept"
    try:
        services.signup_decide(signup=signup, acting_user=request.user, accept=accept)
        messages.success(request, _("The volunteer is confirmed.") if accept else _("The sign-up is declined."))
    except SignupRefused as exc:
        messages.error(request, exc.message)
    return redirect("volunteering:shift_manage", pk=signup.shift_id)


@login_required
@require_POST
def signup_attendance(request: SignedInRequest, pk: int) -> HttpResponse:
    signup = _managed_signup(request, pk)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            services.signup_record_attendance(
                signup=signup,
                acting_user=request.user,
                attended=form.cleaned_data["attended"],
                hours=form.cleaned_data.get("hours"),
            )
            messages.success(request, _("Attendance saved."))
        except ValidationError as exc:
            messages.error(request, refusal_text(exc))
    else:
        messages.error(request, _("Check the attendance and the hours."))
    return redirect("volunteering:shift_manage", pk=signup.shift_id)


@login_required
@require_POST
def shift_message(request: SignedInRequest, pk: int) -> HttpResponse:
    shift = _managed_shift(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        count = services.shift_message_volunteers(
            shift=shift, acting_user=request.user, subject=form.cleaned_data["subject"], body=form.cleaned_data["body"]
        )
        messages.success(request, _("Your message will be sent to %(count)s volunteer(s).") % {"count": count})
    else:
        messages.error(request, _("Write a subject and a message."))
    return redirect("volunteering:shift_manage", pk=shift.pk)
