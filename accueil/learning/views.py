"""Learning pages: the catalogue, a class, applying, the learner's path and certificate, the partners' classes
and attendance, the coordinators' supply and demand and placement runs, the open-data export. Thin views:
selectors read, services write, refusals become messages. Anything a person may not see answers 404."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accueil.core.errors import Refused
from accueil.core.http import CityRequest, SignedInRequest, city_of
from accueil.core.refusals import refusal_to_form
from accueil.translations.shown import prefetch_shown

from . import policies, selectors, services
from .forms import (
    ApplicationForm,
    CatalogueFilterForm,
    CourseForm,
    PlacementRunForm,
    PlacementTestForm,
    ReferForm,
    SessionForm,
)
from .models import ApplicationStatus, CourseKind, EnrolmentStatus, Level, PlacementRunStatus


@require_GET
def catalogue(request: CityRequest) -> HttpResponse:
    city = city_of(request)
    form = CatalogueFilterForm(request.GET or None, city=city)
    filters = selectors.CourseFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.CourseFilters(
            kind=data["kind"],
            level=data["level"],
            district=data["district"],
            day=data["day"],
            period=data["period"],
            childcare=data["childcare"],
            women_only=data["women_only"],
            free=data["free"],
            with_places=data["with_places"],
        )
    page_number = request.GET.get("page", "1")
    page = selectors.course_search(city=city, filters=filters, page=int(page_number) if page_number.isdigit() else 1)
    prefetch_shown(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "learning/catalogue.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "is_partner": policies.can_refer(user=request.user, city=city),
        },
    )


@require_GET
def course_detail(request: CityRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    course = selectors.course_get_public(city=city, pk=pk)
    if course is None:
        raise Http404
    prefetch_shown([course])
    return render(request, "learning/course.html", {"course": course})


@login_required
@require_http_methods(["GET", "POST"])
def apply(request: SignedInRequest) -> HttpResponse:
    """A person applies for themselves: one application reaches every suitable class."""
    city = city_of(request)
    learner = selectors.own_learner(user=request.user, city=city)
    level_known = learner is not None and learner.level is not None
    initial = {"kind": request.GET.get("kind", CourseKind.FRENCH), "days": [], "periods": []}
    form = ApplicationForm(request.POST or None, city=city, level_known=level_known, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            learner = learner or services.learner_for_user(user=request.user, city=city)
            services.learner_declare(
                learner=learner, acting_user=request.user, level=data.get("level"), phone=data["phone"] or None
            )
            application = services.application_submit(
                learner=learner,
                acting_user=request.user,
                kind=data["kind"],
                district=data["district"],
                max_km=data["max_km"],
                days=data["days"],
                periods=data["periods"],
                needs_childcare=data["needs_childcare"],
                women_only=data["women_only"],
                free_only=data["free_only"],
            )
        except Refused as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            if application.status == ApplicationStatus.OFFERED:
                messages.success(request, _("A place is offered to you: read it and answer below."))
            else:
                messages.success(
                    request, _("You are on the waiting list: the first suitable place that frees up will be yours.")
                )
            return redirect("learning:my_path")
    return render(request, "learning/apply.html", {"form": form, "learner": learner})


@login_required
@require_GET
def my_path(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    learner = selectors.own_learner(user=request.user, city=city)
    path = selectors.learner_path(learner=learner) if learner is not None else None
    if path is not None:
        prefetch_shown([e.enrolment.course for e in path.enrolments] + path.next_courses)
    return render(
        request,
        "learning/path.html",
        {"path": path, "own": True, "offered": EnrolmentStatus.OFFERED, "enrolled": EnrolmentStatus.ENROLLED},
    )


def _answer(request: SignedInRequest, pk: int, accept: bool) -> HttpResponse:
    city = city_of(request)
    enrolment = selectors.enrolment_get_visible(user=request.user, city=city, pk=pk)
    if enrolment is None or not policies.can_answer_offer(user=request.user, enrolment=enrolment):
        raise Http404
    try:
        if accept:
            services.offer_accept(enrolment=enrolment, acting_user=request.user)
            messages.success(request, _("You are enrolled. Go to the first class at the address shown."))
        else:
            services.offer_decline(enrolment=enrolment, acting_user=request.user)
            messages.success(request, _("The place goes to the next person. You keep your place in line."))
    except Refused as exc:
        messages.error(request, exc.message)
    if enrolment.learner.user_id == request.user.pk:
        return redirect("learning:my_path")
    return redirect("learning:learner", pk=enrolment.learner_id)


@login_required
@require_POST
def offer_accept(request: SignedInRequest, pk: int) -> HttpResponse:
    return _answer(request, pk, accept=True)


@login_required
@require_POST
def offer_decline(request: SignedInRequest, pk: int) -> HttpResponse:
    return _answer(request, pk, accept=False)


@login_required
@require_POST
def application_withdraw(request: SignedInRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    learner = selectors.own_learner(user=request.user, city=city)
    application = learner.applications.filter(pk=pk).first() if learner is not None else None
    if application is None:
        raise Http404
    try:
        services.application_withdraw(application=application, acting_user=request.user)
        messages.success(request, _("Your application is withdrawn."))
    except Refused as exc:
        messages.error(request, exc.message)
    return redirect("learning:my_path")


@login_required
@require_POST
def sharing(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    learner = selectors.own_learner(user=request.user, city=city)
    if learner is None:
        raise Http404
    services.learner_set_sharing(
        learner=learner, shares_path=request.POST.get("shares_path") == "1", acting_user=request.user
    )
    messages.success(request, _("Your choice is saved."))
    return redirect("learning:my_path")


@login_required
@require_GET
def certificate(request: SignedInRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    enrolment = selectors.enrolment_get_visible(user=request.user, city=city, pk=pk)
    if enrolment is None or enrolment.status not in (
        EnrolmentStatus.ENROLLED,
        EnrolmentStatus.COMPLETED,
        EnrolmentStatus.DROPPED,
    ):
        raise Http404
    prefetch_shown([enrolment.course])
    return render(
        request,
        "learning/certificate.html",
        {"enrolment": enrolment, "attendance": selectors.attendance_of(enrolment), "today": timezone.localdate()},
    )


# --- Partners ------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def partner_home(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    organisations = policies.partner_organisations(user=request.user, city=city)
    if not organisations.exists():
        raise Http404
    refer_form = ReferForm(request.POST or None, city=city, organisations=organisations)
    if request.method == "POST" and refer_form.is_valid():
        data = refer_form.cleaned_data
        try:
            learner = services.learner_refer(
                organisation=data["organisation"],
                acting_user=request.user,
                district=data["district"],
                phone=data["phone"],
                shares_path=data["shares_path"],
            )
        except Refused as exc:
            refer_form.add_error(None, exc.message)
        except ValidationError as exc:
            refusal_to_form(refer_form, exc)
        else:
            messages.success(request, _("Learner %(reference)s recorded.") % {"reference": learner.reference})
            return redirect("learning:learner", pk=learner.pk)
    reference = request.GET.get("reference", "").strip()
    if reference:
        found = selectors.learner_get_by_reference(user=request.user, city=city, reference=reference)
        if found is not None:
            return redirect("learning:learner", pk=found.pk)
        messages.error(request, _("No learner with this reference that you may see."))
    courses = list(selectors.partner_courses(user=request.user, city=city)[:50])
    prefetch_shown(courses)
    return render(
        request,
        "learning/partner.html",
        {
            "courses": courses,
            "refer_form": refer_form,
            "learners": selectors.referred_learners(user=request.user, city=city),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_new(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    organisations = policies.partner_organisations(user=request.user, city=city)
    if not organisations.exists():
        raise Http404
    form = CourseForm(request.POST or None, city=city, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            course = services.course_create(
                organisation=data["organisation"],
                acting_user=request.user,
                title=data["title"],
                description=data["description"],
                requirements=data["requirements"],
                kind=data["kind"],
                level_required=data["level_required"],
                level_reached=data["level_reached"],
                days=data["days_list"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                address=data["address"],
                district=data["district"],
                contact_phone=data["contact_phone"],
                places=data["places"],
                childcare=data["childcare"],
                women_only=data["women_only"],
                cost_eur=data["cost_eur"],
                support_languages=data["support_languages"],
            )
        except Refused as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("The class is published in the catalogue."))
            return redirect("learning:course_manage", pk=course.pk)
    return render(request, "learning/course_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def course_manage(request: SignedInRequest, pk: int) -> HttpResponse:
    """A partner's class: who holds a place, attendance of a session, a learner leaving or completing."""
    city = city_of(request)
    course = selectors.course_get_run(user=request.user, city=city, pk=pk)
    if course is None:
        raise Http404
    roster = selectors.course_roster(course=course, user=request.user)
    enrolled = [e for e in roster if e.status == EnrolmentStatus.ENROLLED]
    form = SessionForm(request.POST or None, enrolments=enrolled)
    if request.method == "POST" and request.POST.get("action") == "end":
        enrolment = next((e for e in enrolled if str(e.pk) == request.POST.get("enrolment")), None)
        level = request.POST.get("level_reached", "")
        if enrolment is None:
            messages.error(request, _("This learner is not enrolled in the class."))
        else:
            try:
                services.enrolment_end(
                    enrolment=enrolment,
                    acting_user=request.user,
                    completed=request.POST.get("completed") == "1",
                    level_reached=int(level) if level.isdigit() and int(level) in Level.values else None,
                )
                messages.success(request, _("Recorded. The place goes to the next person in line."))
            except Refused as exc:
                messages.error(request, exc.message)
        return redirect("learning:course_manage", pk=course.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_record(
                course=course,
                acting_user=request.user,
                date=form.cleaned_data["date"],
                topic=form.cleaned_data["topic"],
                present=[int(x) for x in form.cleaned_data["present"]],
            )
        except Refused as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Attendance recorded."))
            return redirect("learning:course_manage", pk=course.pk)
    prefetch_shown([course])
    return render(
        request,
        "learning/course_manage.html",
        {
            "course": course,
            "roster": roster,
            "form": form,
            "sessions": course.sessions.order_by("-date")[:10],
            "levels": Level.choices,
            "enrolled": EnrolmentStatus.ENROLLED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def learner_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """A learner's path for a partner or a coordinator, and the placement test form."""
    city = city_of(request)
    learner = selectors.learner_get_visible(user=request.user, city=city, pk=pk)
    if learner is None:
        raise Http404
    organisations = policies.partner_organisations(user=request.user, city=city)
    form = PlacementTestForm(request.POST or None, organisations=organisations) if organisations.exists() else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.placement_test_record(
                learner=learner,
                organisation=form.cleaned_data["organisation"],
                acting_user=request.user,
                oral=form.cleaned_data["oral"],
                reading=form.cleaned_data["reading"],
                writing=form.cleaned_data["writing"],
            )
        except Refused as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Level recorded."))
            return redirect("learning:learner", pk=learner.pk)
    path = selectors.learner_path(learner=learner)
    prefetch_shown([e.enrolment.course for e in path.enrolments] + path.next_courses)
    return render(
        request,
        "learning/path.html",
        {
            "path": path,
            "own": False,
            "test_form": form,
            "offered": EnrolmentStatus.OFFERED,
            "can_act": policies.can_act_for_learner(user=request.user, learner=learner),
        },
    )


# --- Coordination --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def coordination(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    if not policies.can_coordinate(user=request.user, city=city):
        raise Http404
    kind = request.GET.get("kind", CourseKind.FRENCH)
    if kind not in CourseKind.values:
        kind = CourseKind.FRENCH
    form = PlacementRunForm(request.POST or None, initial={"kind": kind})
    if request.method == "POST" and form.is_valid():
        try:
            run = services.placement_preview(
                city=city,
                kind=form.cleaned_data["kind"],
                acting_user=request.user,
                extra_km=form.cleaned_data["extra_km"],
            )
        except Refused as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("learning:run", pk=run.pk)
    absorbers = selectors.absorbers(city=city, kind=kind)
    prefetch_shown([a.course for a in absorbers])
    return render(
        request,
        "learning/coordination.html",
        {
            "form": form,
            "kind": kind,
            "kinds": CourseKind.choices,
            "rows": selectors.supply_demand(city=city, kind=kind),
            "absorbers": absorbers,
            "runs": selectors.placement_runs(city=city),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def run_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    run = selectors.placement_run_get(user=request.user, city=city, pk=pk)
    if run is None:
        raise Http404
    if request.method == "POST":
        try:
            sent = services.placement_send(run=run, acting_user=request.user)
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(count)s places offered.") % {"count": sent})
        return redirect("learning:run", pk=run.pk)
    proposals = selectors.run_proposals(run=run, user=request.user)
    prefetch_shown([p.course for p in proposals])
    return render(
        request,
        "learning/run.html",
        {"run": run, "proposals": proposals, "preview": run.status == PlacementRunStatus.PREVIEW},
    )


# --- Open data -----------------------------------------------------------------------------------------------


@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    city = city_of(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="learning-catalogue.csv"'
    writer = csv.DictWriter(response, fieldnames=selectors.EXPORT_FIELDS)
    writer.writeheader()
    writer.writerows(selectors.export_rows(city=city))
    return response


@require_GET
def export_json(request: HttpRequest) -> HttpResponse:
    city = city_of(request)
    rows = selectors.export_rows(city=city)
    return JsonResponse(
        {"city": city.slug, "generated_at": timezone.now().isoformat(), "count": len(rows), "courses": rows},
        json_dumps_params={"ensure_ascii": False},
    )
