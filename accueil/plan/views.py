"""Plan pages: the public dashboard, commitments, measures with their history, who does what, exports, reviews
and the Council report; simple edit forms for coordinators and owners. Thin views."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accueil.core.http import CityRequest, SignedInRequest, city_of
from accueil.core.refusals import refusal_to_form, refusal_to_messages

from . import charts, exports, policies, progress, report, selectors, services
from .forms import (
    ActionItemForm,
    ActionStatusForm,
    CommitmentCreateForm,
    DecisionForm,
    IndicatorForm,
    MeasureForm,
    MeasureStatusForm,
    PlanCreateForm,
    ReviewForm,
    TreeItemForm,
    ValueForm,
    ValuesImportForm,
)
from .models import ActionItem, Commitment, Indicator, Measure, Plan, Review


def plan_of(request: CityRequest) -> Plan:
    """The current plan of the request's city; 404 without one."""
    plan = selectors.plan_current(city=city_of(request))
    if plan is None:
        raise Http404
    return plan


def _language() -> str:
    return (translation.get_language() or "fr").split("-")[0]


def _access(request: CityRequest, plan: Plan) -> dict[str, bool]:
    return {
        "can_edit": policies.can_edit_plan(request.user, plan.city),
        "sees_unpublished": policies.can_see_unpublished(request.user, plan.city),
    }


@require_GET
def dashboard(request: CityRequest) -> HttpResponse:
    plan = selectors.plan_current(city=city_of(request))
    if plan is None:  # a city just set up: coordinators start the plan, everyone else is told it is coming
        if policies.can_edit_plan(request.user, request.city):
            return redirect("plan:tree_manage")
        return render(request, "plan/empty.html", {})
    tree = selectors.plan_tree_for(plan=plan, user=request.user)
    measured, unmeasured = selectors.commitments_measured(tree)
    cornerstones = []
    for node in tree.cornerstones:
        cornerstones.append(
            {
                "node": node,
                "ring": charts.ring(
                    node.progress.value,
                    label=str(node.cornerstone.shown.title),
                    size=72,
                    measured=node.progress.measured,
                    unmeasured=node.progress.unmeasured,
                ),
                "commitments": [
                    {"node": c, "bar": charts.bar(c.progress.value, label=str(c.commitment.shown.title))}
                    for c in node.commitments
                ],
            }
        )
    return render(
        request,
        "plan/dashboard.html",
        {
            "plan": plan,
            "tree": tree,
            "plan_ring": charts.ring(
                tree.progress.value, label=str(plan.shown.title), size=120, measured=measured, unmeasured=unmeasured
            ),
            "measured_commitments": measured,
            "unmeasured_commitments": unmeasured,
            "cornerstones": cornerstones,
            "latest_review": selectors.review_latest_frozen(plan=plan),
            **_access(request, plan),
        },
    )


@require_GET
def rules(request: CityRequest) -> HttpResponse:
    return render(request, "plan/rules.html", {"rules": progress.RULES})


@require_GET
def commitment_detail(request: CityRequest, number: int) -> HttpResponse:
    plan = plan_of(request)
    tree = selectors.plan_tree_for(plan=plan, user=request.user)
    node = tree.commitment(number)
    if node is None:
        raise Http404
    partners = selectors.partners_by_commitment(
        plan=plan, include_unpublished=policies.can_see_unpublished(request.user, plan.city)
    ).get(node.commitment.pk, [])
    commitment = (
        Commitment.objects.filter(pk=node.commitment.pk)
        .prefetch_related("projects__lead_official", "pledges__organisation")
        .get()
    )
    return render(
        request,
        "plan/commitment_detail.html",
        {
            "plan": plan,
            "node": node,
            "commitment": commitment,
            "bar": charts.bar(node.progress.value, label=str(node.commitment.shown.title), width=320, height=18),
            "measures": [
                {"node": m, "bar": charts.bar(m.progress.value, label=str(m.measure.shown.title), width=160)}
                for m in node.all_measures()
            ],
            "partners": partners,
            **_access(request, plan),
        },
    )


def _measure_or_404(request: CityRequest, pk: int) -> Measure:
    measure = selectors.measure_get(city=city_of(request), pk=pk, user=request.user)
    if measure is None:
        raise Http404
    return measure


@require_GET
def measure_detail(request: CityRequest, pk: int) -> HttpResponse:
    measure = _measure_or_404(request, pk)
    rows = selectors.measure_indicators(measure=measure, user=request.user)
    histories = []
    for row in rows:
        values = selectors.indicator_history(indicator=row.indicator) if not row.indicator.is_computed else []
        histories.append(
            {
                "row": row,
                "values": values,
                "chart": charts.line(
                    [(v.date, float(v.value)) for v in values],
                    label=str(row.indicator.shown.name),
                    target=float(row.indicator.target) if row.indicator.target is not None else None,
                ),
                "can_enter": policies.can_enter_values(request.user, row.indicator),
            }
        )
    tree = selectors.plan_tree_for(plan=measure.commitment.plan, user=request.user)
    node = next((n for n in tree.measures() if n.measure.pk == measure.pk), None)
    measured = node.progress if node is not None else progress.UNMEASURED
    children = list(selectors.measure_children(measure=measure, user=request.user))
    return render(
        request,
        "plan/measure_detail.html",
        {
            "measure": measure,
            "indicators": histories,
            "progress": measured,
            "children": children,
            "partners": measure.partners.select_related("organisation").order_by("role", "name"),
            "budget_lines": measure.budget_lines.all(),
            "proposals": selectors.measure_proposals(measure=measure),
            "can_edit": policies.can_edit_plan(request.user, measure.city),
            "can_update_status": policies.can_update_measure_status(request.user, measure),
            "status_form": MeasureStatusForm(initial={"status": measure.status}),
        },
    )


@require_GET
def who_does_what(request: CityRequest) -> HttpResponse:
    plan = plan_of(request)
    include = policies.can_see_unpublished(request.user, plan.city)
    partners = selectors.partners_by_commitment(plan=plan, include_unpublished=include)
    commitments = plan.commitments.order_by("number")
    if not include:
        commitments = commitments.filter(published=True)
    return render(
        request,
        "plan/who_does_what.html",
        {"plan": plan, "rows": [(c, partners.get(c.pk, [])) for c in commitments]},
    )


@require_GET
def pledges(request: CityRequest) -> HttpResponse:
    plan = plan_of(request)
    items = selectors.pledges_for(plan=plan, include_unpublished=policies.can_see_unpublished(request.user, plan.city))
    return render(request, "plan/pledges.html", {"plan": plan, "pledges": items})


@require_GET
def export(request: CityRequest, dataset: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    if dataset not in exports.DATASETS or fmt not in ("csv", "json"):
        raise Http404
    plan = plan_of(request)
    include = policies.can_see_unpublished(request.user, plan.city)
    base_url = request.build_absolute_uri("/").rstrip("/")
    data = exports.rows(plan=plan, dataset=dataset, include_unpublished=include, base_url=base_url)
    filename = f"plan-{dataset}.{fmt}"
    response: HttpResponse | StreamingHttpResponse
    if fmt == "json":
        response = HttpResponse(
            json.dumps(list(data), cls=DjangoJSONEncoder, ensure_ascii=False), content_type="application/json"
        )
    else:
        response = StreamingHttpResponse(_csv_lines(exports.COLUMNS[dataset], data), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_lines(columns: list[str], data: Any) -> Any:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in data:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
        if buffer.tell() > 16_384:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# --- Reviews and the report ----------------------------------------------------------------------------------


@require_GET
def review_list(request: CityRequest) -> HttpResponse:
    plan = plan_of(request)
    return render(
        request,
        "plan/review_list.html",
        {
            "plan": plan,
            "reviews": selectors.reviews_visible(plan=plan, user=request.user),
            "can_manage": policies.can_manage_reviews(request.user, plan.city),
            "form": ReviewForm(),
        },
    )


def _review_or_404(request: CityRequest, pk: int, *, frozen: bool = False) -> Review:
    """The review if this person may see it (only a frozen one when ``frozen``), else 404."""
    review = selectors.review_get(city=city_of(request), pk=pk, user=request.user)
    if review is None or (frozen and not review.is_frozen):
        raise Http404
    return review


def _report_options(request: CityRequest, review: Review) -> dict[str, Any]:
    """What the report of a frozen review is built from: its language and what this person may see."""
    return {
        "review": review,
        "language": _language(),
        "include_unpublished": policies.can_see_unpublished(request.user, review.city),
    }


@require_GET
def review_detail(request: CityRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk)
    context: dict[str, Any] = {
        "review": review,
        "can_manage": policies.can_manage_reviews(request.user, review.city),
        "decision_form": DecisionForm(),
        "action_form": ActionItemForm(city=review.city),
        "action_status_choices": ActionStatusForm.base_fields["status"].choices,  # type: ignore[attr-defined]
        "decisions": review.decisions.all(),
        "action_items": review.action_items.all(),
    }
    if review.is_frozen:
        context["report"] = report.report_context(**_report_options(request, review))
    elif context["can_manage"]:
        context["report"] = report.review_changes_preview(review=review, language=_language())
    return render(request, "plan/review_detail.html", context)


@require_GET
def review_report(request: CityRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk, frozen=True)
    return render(request, "plan/report.html", report.report_context(**_report_options(request, review)))


@require_GET
def review_report_pdf(request: CityRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk, frozen=True)
    pdf = report.report_pdf(**_report_options(request, review))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plan-review-{review.pk}-{_language()}.pdf"'
    return response


@login_required
@require_POST
def review_create(request: SignedInRequest) -> HttpResponse:
    plan = plan_of(request)
    if not policies.can_manage_reviews(request.user, plan.city):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "plan/review_list.html",
            {
                "plan": plan,
                "reviews": selectors.reviews_visible(plan=plan, user=request.user),
                "can_manage": True,
                "form": form,
            },
            status=400,
        )
    review = services.review_create(plan=plan, acting_user=request.user, **form.cleaned_data)
    messages.success(request, _("Review created. Record its decisions and action items, then freeze it."))
    return redirect(review)


@login_required
@require_POST
def review_freeze(request: SignedInRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk)
    try:
        services.review_freeze(review=review, acting_user=request.user)
    except ValidationError as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(request, _("The review is frozen: its snapshot can no longer change."))
    return redirect(review)


@login_required
@require_POST
def decision_add(request: SignedInRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decision_add(review=review, acting_user=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            refusal_to_messages(request, exc)
    else:
        messages.error(request, _("Write the decision."))
    return redirect(review)


@login_required
@require_POST
def action_item_add(request: SignedInRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk)
    form = ActionItemForm(request.POST, city=review.city)
    if form.is_valid():
        try:
            services.action_item_add(review=review, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            refusal_to_messages(request, exc)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect(review)


@login_required
@require_POST
def action_item_status(request: SignedInRequest, pk: int) -> HttpResponse:
    item = ActionItem.objects.filter(pk=pk, city=city_of(request)).select_related("review").first()
    if item is None:
        raise Http404
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.action_item_set_status(item=item, acting_user=request.user, status=form.cleaned_data["status"])
    return redirect(item.review)


# --- Editing -------------------------------------------------------------------------------------------------


@login_required
@require_POST
def measure_status(request: SignedInRequest, pk: int) -> HttpResponse:
    measure = _measure_or_404(request, pk)
    if not policies.can_update_measure_status(request.user, measure):
        raise PermissionDenied
    form = MeasureStatusForm(request.POST)
    if form.is_valid():
        services.measure_set_status(measure=measure, acting_user=request.user, status=form.cleaned_data["status"])
        messages.success(request, _("Status updated."))
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect(measure)


def _commitment_or_404(request: CityRequest, number: int) -> Commitment:
    commitment = Commitment.objects.filter(plan=plan_of(request), number=number).first()
    if commitment is None:
        raise Http404
    return commitment


@login_required
@require_http_methods(["GET", "POST"])
def measure_create(request: SignedInRequest, number: int) -> HttpResponse:
    commitment = _commitment_or_404(request, number)
    if not policies.can_edit_plan(request.user, commitment.city):
        raise PermissionDenied
    form = MeasureForm(request.POST or None, commitment=commitment)
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_create(commitment=commitment, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Measure created."))
            return redirect(measure)
    return render(request, "plan/measure_form.html", {"form": form, "commitment": commitment, "measure": None})


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    measure = _measure_or_404(request, pk)
    if not policies.can_edit_plan(request.user, measure.city):
        raise PermissionDenied
    form = MeasureForm(request.POST or None, instance=measure, commitment=measure.commitment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        measure.refresh_from_db()
        try:
            measure = services.measure_update(measure=measure, acting_user=request.user, **data)
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Measure saved."))
            return redirect(measure)
    return render(
        request, "plan/measure_form.html", {"form": form, "commitment": measure.commitment, "measure": measure}
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: SignedInRequest, pk: int) -> HttpResponse:
    measure = _measure_or_404(request, pk)
    if not policies.can_edit_plan(request.user, measure.city):
        raise PermissionDenied
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_create(measure=measure, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Indicator created."))
            return redirect(measure)
    return render(request, "plan/indicator_form.html", {"form": form, "measure": measure, "indicator": None})


def _indicator_or_404(request: CityRequest, pk: int) -> Indicator:
    indicator = (
        Indicator.objects.filter(pk=pk, city=city_of(request))
        .select_related("measure__commitment", "measure__parent", "commitment", "city", "measure__city")
        .first()
    )
    if indicator is None:
        raise Http404
    if (
        indicator.measure_id is not None
        and selectors.measure_get(city=indicator.city, pk=indicator.measure_id, user=request.user) is None
    ):
        raise Http404
    return indicator


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    indicator = _indicator_or_404(request, pk)
    if not policies.can_edit_plan(request.user, indicator.city):
        raise PermissionDenied
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        indicator.refresh_from_db()
        try:
            services.indicator_update(indicator=indicator, acting_user=request.user, **data)
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Indicator saved."))
            parent = indicator.measure or indicator.commitment
            if parent is None:
                raise ValueError("The plan_indicator_one_parent constraint gives every indicator a parent.")
            return redirect(parent)
    return render(
        request, "plan/indicator_form.html", {"form": form, "measure": indicator.measure, "indicator": indicator}
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_values(request: SignedInRequest, pk: int) -> HttpResponse:
    """Enter one value, or import a CSV of values, for a manual indicator (its owner or a coordinator)."""
    indicator = _indicator_or_404(request, pk)
    if not policies.can_enter_values(request.user, indicator):
        raise PermissionDenied
    value_form = ValueForm(request.POST if "value" in request.POST else None)
    import_form = ValuesImportForm(request.POST, request.FILES) if "import" in request.POST else ValuesImportForm()
    status = 200
    if request.method == "POST":
        try:
            if "import" in request.POST and import_form.is_valid():
                count = services.indicator_values_import(
                    indicator=indicator, acting_user=request.user, content=import_form.cleaned_data["file"]
                )
                messages.success(request, _("%(count)s values imported.") % {"count": count})
                return redirect(request.path)
            if "value" in request.POST and value_form.is_valid():
                services.indicator_value_add(indicator=indicator, acting_user=request.user, **value_form.cleaned_data)
                messages.success(request, _("Value recorded."))
                return redirect(request.path)
        except ValidationError as exc:
            target = import_form if "import" in request.POST else value_form
            refusal_to_form(target, exc)
        status = 400
    return render(
        request,
        "plan/indicator_values.html",
        {
            "indicator": indicator,
            "values": selectors.indicator_history(indicator=indicator),
            "value_form": value_form,
            "import_form": import_form,
        },
        status=status,
    )


@login_required
@require_GET
def mine(request: SignedInRequest) -> HttpResponse:
    """The measures and indicators this person answers for."""
    user = request.user
    if not user.is_authenticated:  # login_required lets only signed-in people through
        raise PermissionDenied
    plan = plan_of(request)
    indicators = selectors.indicators_entrable_by(user=request.user, plan=plan)
    organisations = policies.owned_organisation_ids(request.user)
    measures = (
        Measure.objects.filter(commitment__plan=plan)
        .filter(owner_organisation_id__in=organisations)
        .select_related("commitment")
        .order_by("commitment__number", "position")
    ) | Measure.objects.filter(commitment__plan=plan, owner_user=user).select_related("commitment")
    return render(request, "plan/mine.html", {"plan": plan, "indicators": indicators, "measures": measures.distinct()})


def _tree_page(
    request: SignedInRequest,
    plan: Plan | None,
    *,
    plan_form: PlanCreateForm | None = None,
    cornerstone_form: TreeItemForm | None = None,
    commitment_form: CommitmentCreateForm | None = None,
    status: int = 200,
) -> HttpResponse:
    cornerstones = list(selectors.plan_cornerstones(plan=plan)) if plan is not None else []
    return render(
        request,
        "plan/tree_manage.html",
        {
            "plan": plan,
            "cornerstones": cornerstones,
            "plan_form": plan_form or PlanCreateForm(),
            "cornerstone_form": cornerstone_form or TreeItemForm(prefix="cornerstone"),
            "commitment_form": commitment_form or CommitmentCreateForm(prefix="commitment", plan=plan),
            "can_edit": True,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def tree_manage(request: SignedInRequest) -> HttpResponse:
    """The plan's tree for its coordinators: start the plan, add cornerstones and commitments."""
    city = city_of(request)
    if not policies.can_edit_plan(request.user, city):
        raise PermissionDenied
    plan = selectors.plan_current(city=city)
    if request.method == "GET":
        return _tree_page(request, plan)
    if plan is None:
        form = PlanCreateForm(request.POST)
        if form.is_valid():
            try:
                services.plan_create(city=city, acting_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                refusal_to_form(form, exc)
            else:
                messages.success(request, _("The plan is created. Add its first cornerstone."))
                return redirect("plan:tree_manage")
        return _tree_page(request, plan, plan_form=form, status=400)
    item_form = TreeItemForm(request.POST, prefix="cornerstone")
    if item_form.is_valid():
        try:
            services.cornerstone_create(plan=plan, acting_user=request.user, **item_form.cleaned_data)
        except ValidationError as exc:
            refusal_to_form(item_form, exc)
        else:
            messages.success(request, _("Cornerstone added."))
            return redirect("plan:tree_manage")
    return _tree_page(request, plan, cornerstone_form=item_form, status=400)


@login_required
@require_POST
def commitment_add(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    if not policies.can_edit_plan(request.user, city):
        raise PermissionDenied
    plan = selectors.plan_current(city=city)
    if plan is None:
        raise Http404
    form = CommitmentCreateForm(request.POST, prefix="commitment", plan=plan)
    if form.is_valid():
        data = dict(form.cleaned_data)
        cornerstone = data.pop("cornerstone")
        try:
            commitment = services.commitment_create(cornerstone=cornerstone, acting_user=request.user, **data)
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Commitment added. Add its first measure."))
            return redirect("plan:measure_create", number=commitment.number)
    return _tree_page(request, plan, commitment_form=form, status=400)
