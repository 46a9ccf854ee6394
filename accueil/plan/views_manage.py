"""Coordinators' edit pages for budget lines, partners per measure, pledges, projects and officials: one list
with an add form per kind, one edit page per item. Thin views over ``services``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accueil.core.http import CityRequest, SignedInRequest, city_of
from accueil.core.refusals import refusal_to_form

from . import policies, services
from .forms import BudgetLineForm, OfficialForm, PartnerForm, PledgeForm, ProjectForm
from .models import BudgetLine, Measure, MeasurePartner, Official, Plan, Pledge, Project
from .views import plan_of

if TYPE_CHECKING:
    from accueil.territories.models import City

# One line of an items page: its label, its edit address and its delete address (None: not deletable).
Row = tuple[str, str, str | None]


def _require_editor(request: CityRequest, city: City) -> None:
    if not policies.can_edit_plan(request.user, city):
        raise PermissionDenied


def _apply(form: Any, write: Callable[[dict[str, Any]], Any]) -> bool:
    """Run the service with the form's data; put its validation errors on the form."""
    try:
        write(form.cleaned_data)
    except ValidationError as exc:
        refusal_to_form(form, exc)
        return False
    return True


def _items_page(
    request: CityRequest,
    *,
    title: str,
    back: tuple[str, str],
    rows: Sequence[Row],
    form: Any,
    create: Callable[[dict[str, Any]], Any],
) -> HttpResponse:
    """``rows``: (label, edit URL, delete URL or None)."""
    status = 200
    if request.method == "POST":
        if form.is_valid() and _apply(form, create):
            messages.success(request, _("Saved."))
            return redirect(request.path)
        status = 400
    context = {"title": title, "back": back, "rows": rows, "form": form, "can_edit": True}
    return render(request, "plan/manage_items.html", context, status=status)


def _edit_page(
    request: CityRequest,
    *,
    title: str,
    back: tuple[str, str],
    form: Any,
    update: Callable[[dict[str, Any]], Any],
) -> HttpResponse:
    status = 200
    if request.method == "POST":
        if form.is_valid() and _apply(form, update):
            messages.success(request, _("Saved."))
            return redirect(back[1])
        status = 400
    return render(
        request, "plan/manage_edit.html", {"title": title, "back": back, "form": form, "can_edit": True}, status=status
    )


EditedModel = TypeVar("EditedModel", BudgetLine, Measure, MeasurePartner, Official, Pledge, Project)


def _get(model: type[EditedModel], request: CityRequest, pk: int, **filters: Any) -> EditedModel:
    obj = model._default_manager.filter(pk=pk, city=city_of(request), **filters).first()
    if obj is None:
        raise Http404
    _require_editor(request, obj.city)
    return obj


def _measure(request: CityRequest, pk: int) -> Measure:
    return _get(Measure, request, pk)


# --- Budget lines --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def budget_lines(request: SignedInRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    rows = [
        (
            f"{line.label} ({line.year}) — {line.planned:,.0f} / {line.spent:,.0f} €",
            reverse("plan:budget_line_edit", args=[line.pk]),
            reverse("plan:budget_line_delete", args=[line.pk]),
        )
        for line in measure.budget_lines.order_by("year", "label")
    ]
    form = BudgetLineForm(request.POST or None)
    return _items_page(
        request,
        title=_("Budget of “%(title)s”") % {"title": measure.shown.title},
        back=(str(measure.shown.title), measure.get_absolute_url()),
        rows=rows,
        form=form,
        create=lambda data: services.budget_line_create(measure=measure, acting_user=request.user, **data),
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_line_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    line = _get(BudgetLine, request, pk)
    return _edit_page(
        request,
        title=_("Edit the budget line"),
        back=(str(line.measure.shown.title), reverse("plan:budget_lines", args=[line.measure_id])),
        form=BudgetLineForm(request.POST or None, instance=line),
        update=lambda data: services.budget_line_update(line=line, acting_user=request.user, **data),
    )


@login_required
@require_POST
def budget_line_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    line = _get(BudgetLine, request, pk)
    measure_id = line.measure_id
    services.budget_line_delete(line=line, acting_user=request.user)
    messages.success(request, _("Deleted."))
    return redirect("plan:budget_lines", pk=measure_id)


# --- Partners ------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def partners(request: SignedInRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    rows = [
        (
            f"{p.display_name} — {p.get_role_display()}",
            reverse("plan:partner_edit", args=[p.pk]),
            reverse("plan:partner_delete", args=[p.pk]),
        )
        for p in measure.partners.select_related("organisation").order_by("role", "name")
    ]
    return _items_page(
        request,
        title=_("Partners of “%(title)s”") % {"title": measure.shown.title},
        back=(str(measure.shown.title), measure.get_absolute_url()),
        rows=rows,
        form=PartnerForm(request.POST or None, city=measure.city),
        create=lambda data: services.partner_create(measure=measure, acting_user=request.user, **data),
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    partner = _get(MeasurePartner, request, pk, measure__isnull=False)
    measure = partner.measure
    if measure is None:  # excluded by the lookup above
        raise Http404
    return _edit_page(
        request,
        title=_("Edit the partner"),
        back=(str(measure.shown.title), reverse("plan:partners", args=[partner.measure_id])),
        form=PartnerForm(request.POST or None, instance=partner, city=partner.city),
        update=lambda data: services.partner_update(partner=partner, acting_user=request.user, **data),
    )


@login_required
@require_POST
def partner_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    partner = _get(MeasurePartner, request, pk, measure__isnull=False)
    measure_id = partner.measure_id
    services.partner_delete(partner=partner, acting_user=request.user)
    messages.success(request, _("Deleted."))
    return redirect("plan:partners", pk=measure_id)


# --- Pledges, projects, officials ----------------------------------------------------------------------------


def _plan_for_editor(request: CityRequest) -> Plan:
    plan = plan_of(request)
    _require_editor(request, plan.city)
    return plan


def _plan_items_page(
    request: SignedInRequest,
    *,
    title: str,
    back: tuple[str, str],
    rows: Callable[[Plan], list[Row]],
    form_class: type[PledgeForm] | type[ProjectForm],
    create: Callable[[Plan, dict[str, Any]], object],
) -> HttpResponse:
    """The list and add form of the items a plan holds itself (pledges, projects), for its editors."""
    plan = _plan_for_editor(request)
    return _items_page(
        request,
        title=title,
        back=back,
        rows=rows(plan),
        form=form_class(request.POST or None, plan=plan),
        create=lambda data: create(plan, data),
    )


def _pledge_rows(plan: Plan) -> list[Row]:
    return [
        (
            f"{p.stakeholder_name}: {p.shown.text.text[:80]} — {p.get_status_display()}"
            + (f" ({p.progress} %)" if p.progress is not None else ""),
            reverse("plan:pledge_edit", args=[p.pk]),
            None,
        )
        for p in plan.pledges.select_related("organisation")
    ]


def _project_rows(plan: Plan) -> list[Row]:
    return [
        (
            f"{p.title}" + (f" — {p.lead_official.name}" if p.lead_official else ""),
            reverse("plan:project_edit", args=[p.pk]),
            None,
        )
        for p in plan.projects.select_related("lead_official")
    ]


@login_required
@require_http_methods(["GET", "POST"])
def pledges_manage(request: SignedInRequest) -> HttpResponse:
    return _plan_items_page(
        request,
        title=_("Pledges"),
        back=(_("Pledges"), reverse("plan:pledges")),
        rows=_pledge_rows,
        form_class=PledgeForm,
        create=lambda plan, data: services.pledge_create(plan=plan, acting_user=request.user, **data),
    )


@login_required
@require_http_methods(["GET", "POST"])
def pledge_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    pledge = _get(Pledge, request, pk)
    return _edit_page(
        request,
        title=_("Edit the pledge"),
        back=(_("Pledges"), reverse("plan:pledges_manage")),
        form=PledgeForm(request.POST or None, instance=pledge, plan=pledge.plan),
        update=lambda data: services.pledge_update(pledge=pledge, acting_user=request.user, **data),
    )


@login_required
@require_http_methods(["GET", "POST"])
def projects_manage(request: SignedInRequest) -> HttpResponse:
    return _plan_items_page(
        request,
        title=_("Projects"),
        back=(_("Progress"), reverse("plan:dashboard")),
        rows=_project_rows,
        form_class=ProjectForm,
        create=lambda plan, data: services.project_create(plan=plan, acting_user=request.user, **data),
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    project = _get(Project, request, pk)
    return _edit_page(
        request,
        title=_("Edit the project"),
        back=(_("Projects"), reverse("plan:projects_manage")),
        form=ProjectForm(request.POST or None, instance=project, plan=project.plan),
        update=lambda data: services.project_update(project=project, acting_user=request.user, **data),
    )


@login_required
@require_http_methods(["GET", "POST"])
def officials_manage(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    _require_editor(request, city)
    rows = [
        (f"{o.name} — {o.shown.role}", reverse("plan:official_edit", args=[o.pk]), None)
        for o in Official.objects.filter(city=city)
    ]
    return _items_page(
        request,
        title=_("Elected officials"),
        back=(_("Progress"), reverse("plan:dashboard")),
        rows=rows,
        form=OfficialForm(request.POST or None),
        create=lambda data: services.official_create(city=city, acting_user=request.user, **data),
    )


@login_required
@require_http_methods(["GET", "POST"])
def official_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    official = _get(Official, request, pk)
    return _edit_page(
        request,
        title=_("Edit the official"),
        back=(_("Elected officials"), reverse("plan:officials_manage")),
        form=OfficialForm(request.POST or None, instance=official),
        update=lambda data: services.official_update(official=official, acting_user=request.user, **data),
    )
