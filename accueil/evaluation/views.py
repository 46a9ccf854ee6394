"""Evaluation pages: frameworks and their crosswalk, a city's cycles (answers, evidence, peer review,
publication), the comparison of cities with its chart and exports, practices and requests for an exchange.
Thin views: selectors read, services write, refusals become messages. What a person may not see answers 404."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accueil.core.errors import Refused
from accueil.core.http import CityRequest, SignedInRequest, city_of, city_or_none
from accueil.plan import charts as plan_charts
from accueil.plan.models import Indicator
from accueil.translations.shown import prefetch_shown

from . import charts, exports, figures, policies, selectors, services
from .forms import (
    AnswerForm,
    AssessmentCreateForm,
    EvidenceForm,
    ExchangeAnswerForm,
    ExchangeForm,
    PracticeForm,
    ProfileForm,
    ReviewCommentForm,
    ReviewCompleteForm,
)
from .models import (
    Answer,
    Assessment,
    AssessmentStatus,
    CityProfile,
    Evidence,
    ExchangeRequest,
    FrameworkNode,
    NodeKind,
    text_of,
)
from .selectors import FOREIGN_BORN_BANDS, SIZE_BANDS


def _language() -> str:
    return (translation.get_language() or "fr").split("-")[0]


def _refused(request: CityRequest, exc: Refused) -> None:
    messages.error(request, exc.message)


SIZE_LABELS = {
    "small": gettext_lazy("under 250,000 residents"),
    "medium": gettext_lazy("250,000 to 1 million residents"),
    "large": gettext_lazy("over 1 million residents"),
}
FOREIGN_BORN_LABELS = {
    "low": gettext_lazy("under 15 % born abroad"),
    "middle": gettext_lazy("15 to 30 % born abroad"),
    "high": gettext_lazy("over 30 % born abroad"),
}


@require_GET
def index(request: CityRequest) -> HttpResponse:
    city = city_or_none(request)
    frameworks = selectors.frameworks_latest()
    can_run = policies.can_run_assessments(user=request.user, city=city)
    waiting, reviewing = selectors.reviews_for(user=request.user, city=city)
    return render(
        request,
        "evaluation/index.html",
        {
            "frameworks": frameworks,
            "published": list(selectors.assessments_published()[:60]),
            "own": list(selectors.assessments_of_city(city=city, user=request.user)) if city else [],
            "can_run": can_run,
            "create_form": AssessmentCreateForm(frameworks=frameworks) if can_run else None,
            "waiting": waiting,
            "reviewing": reviewing,
        },
    )


@require_GET
def framework_detail(request: CityRequest, key: str, version: str) -> HttpResponse:
    framework = selectors.framework_get(key=key, version=version)
    if framework is None:
        raise Http404
    return render(
        request,
        "evaluation/framework.html",
        {
            "framework": framework,
            "tree": selectors.framework_tree(framework=framework),
            "crosswalk": selectors.crosswalk(framework=framework),
            "needs_review": _language() in framework.needs_review,
        },
    )


@require_GET
def crosswalk(request: CityRequest) -> HttpResponse:
    return render(request, "evaluation/crosswalk.html", {"links": selectors.crosswalk()})


def _comparison(request: CityRequest) -> selectors.Comparison:
    frameworks = selectors.frameworks_latest()
    if not frameworks:
        raise Http404
    key = request.GET.get("framework", "")
    framework = next((f for f in frameworks if f.key == key), frameworks[0])
    cycle_text = request.GET.get("cycle", "")
    cycle = int(cycle_text) if cycle_text.isdigit() and len(cycle_text) == 4 else None
    size = request.GET.get("size", "")
    foreign_born = request.GET.get("foreign_born", "")
    return selectors.comparison(
        framework=framework,
        level=request.GET.get("level", NodeKind.BLOCK),
        cycle=cycle,
        size=size if size in SIZE_LABELS else "",
        foreign_born=foreign_born if foreign_born in FOREIGN_BORN_LABELS else "",
    )


@require_GET
def compare(request: CityRequest) -> HttpResponse:
    result = _comparison(request)
    language = _language()
    node_code = request.GET.get("node", "")
    node = next((n for n in result.nodes if n.code == node_code), None)
    if node is None:
        title = _("Overall score by city")
        bars = [charts.Bar(r.city.name, r.assessment.score, r.assessment.reviewed_score) for r in result.rows]
    else:
        title = _("%(node)s: score by city") % {"node": text_of(node.texts, "short", language)[0] or node.code}
        bars = [
            charts.Bar(
                r.city.name,
                r.scores[node.pk].score if node.pk in r.scores else None,
                r.scores[node.pk].reviewed_score if node.pk in r.scores else None,
            )
            for r in result.rows
        ]
    query = request.GET.urlencode()
    table = [
        (
            row,
            f"{SIZE_LABELS.get(row.size, '—')}; {FOREIGN_BORN_LABELS.get(row.foreign_born, '—')}",
            [_cell(row.scores.get(n.pk)) for n in result.nodes],
        )
        for row in result.rows
    ]
    return render(
        request,
        "evaluation/compare.html",
        {
            "result": result,
            "table": table,
            "frameworks": selectors.frameworks_latest(),
            "chart": charts.score_bars(bars, title=title),
            "chart_title": title,
            "node": node,
            "sizes": [(key, SIZE_LABELS[key]) for key, _low, _high in SIZE_BANDS],
            "foreign_borns": [(key, FOREIGN_BORN_LABELS[key]) for key, _low, _high in FOREIGN_BORN_BANDS],
            "size_labels": SIZE_LABELS,
            "foreign_born_labels": FOREIGN_BORN_LABELS,
            "selected": {k: request.GET.get(k, "") for k in ("size", "foreign_born", "cycle", "level", "node")},
            "query": query,
        },
    )


def _cell(score: Any) -> tuple[str, str]:
    """A table cell's text: the city's score, and the peer-reviewed one when it differs (computed once here, not
    in the template: fifty cities by twelve objectives are 600 cells)."""
    if score is None:
        return "—", ""
    own = f"{score.score:.2f}"
    reviewed = f"{score.reviewed_score:.2f}"
    return own, "" if reviewed == own else reviewed


@require_GET
def compare_export(request: CityRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "json"):
        raise Http404
    rows = list(exports.comparison_rows(_comparison(request)))
    if fmt == "json":
        response = HttpResponse(
            json.dumps(exports.as_json(rows), ensure_ascii=False, default=str), content_type="application/json"
        )
    else:
        response = HttpResponse(exports.as_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evaluation-comparison.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    if not policies.can_run_assessments(user=request.user, city=city):
        raise Http404
    current = CityProfile.objects.filter(city=city).first()
    form = ProfileForm(
        request.POST or None,
        initial={"foreign_born_percent": current.foreign_born_percent, "source": current.source} if current else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.city_profile_save(
                city=city,
                foreign_born_percent=form.cleaned_data["foreign_born_percent"],
                source=form.cleaned_data["source"],
                acting_user=request.user,
            )
        except Refused as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The city's profile is saved."))
            return redirect("evaluation:index")
    return render(request, "evaluation/profile.html", {"form": form, "city": city})


@login_required
@require_POST
def assessment_create(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    if not policies.can_run_assessments(user=request.user, city=city):
        raise Http404
    form = AssessmentCreateForm(request.POST, frameworks=selectors.frameworks_latest())
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("evaluation:index")
    try:
        assessment = services.assessment_create(
            city=city,
            framework=form.cleaned_data["framework"],
            cycle=form.cleaned_data["cycle"],
            acting_user=request.user,
        )
    except Refused as exc:
        _refused(request, exc)
        return redirect("evaluation:index")
    messages.success(request, _("The cycle is open as a draft: answer each question with its evidence."))
    return redirect(assessment.get_absolute_url())


def _visible(request: CityRequest, pk: int) -> Assessment:
    assessment = selectors.assessment_get_visible(user=request.user, pk=pk)
    if assessment is None:
        raise Http404
    return assessment


def _figure_choices(assessment: Assessment) -> list[tuple[str, str]]:
    indicators = figures.indicators_of(assessment.city)
    prefetch_shown(indicators)
    return [
        *((f"indicator:{i.pk}", _("Plan indicator: %(name)s") % {"name": i.shown.name}) for i in indicators),
        *((f"source:{key}", label) for key, label in figures.source_choices()),
    ]


@require_GET
def assessment_detail(request: CityRequest, pk: int) -> HttpResponse:
    assessment = _visible(request, pk)
    tree = selectors.framework_tree(framework=assessment.framework)
    answers = selectors.answers_of(assessment=assessment)
    reader_city = city_or_none(request)
    evidence_figures = {
        e.pk: figures.figure_of(e, reader_city=reader_city)
        for a in answers.values()
        for e in a.evidence.all()
        if e.kind == "figure"
    }
    if assessment.is_published:
        stored = selectors.node_scores_of(assessment=assessment)
        own = {k: v.score for k, v in stored.items()}
        reviewed = {k: v.reviewed_score for k, v in stored.items()}
        overall, reviewed_overall = assessment.score, assessment.reviewed_score
    else:
        own_all, reviewed_all = selectors.assessment_scores(assessment=assessment)
        own = {k: v for k, v in own_all.items() if k is not None}
        reviewed = {k: v for k, v in reviewed_all.items() if k is not None}
        overall, reviewed_overall = own_all.get(None), reviewed_all.get(None)
    history = selectors.city_history(city=assessment.city, framework=assessment.framework)
    history_chart = (
        plan_charts.line(
            [(dt.date(a.cycle, 1, 1), float(a.score or 0)) for a in history],
            label=_("Overall score of %(city)s over the cycles") % {"city": assessment.city.name},
        )
        if len(history) > 1
        else ""
    )
    user = request.user
    return render(
        request,
        "evaluation/assessment.html",
        {
            "assessment": assessment,
            "framework": assessment.framework,
            "tree": tree,
            "answers": answers,
            "figures": evidence_figures,
            "own": own,
            "reviewed": reviewed,
            "overall": overall,
            "reviewed_overall": reviewed_overall,
            "history": history,
            "history_chart": history_chart,
            "missing": selectors.unanswered_questions(assessment=assessment) if not assessment.is_published else [],
            "can_edit": policies.can_edit_answers(user=user, assessment=assessment),
            "can_submit": assessment.status == AssessmentStatus.DRAFT
            and policies.can_run_assessments(user=user, city=assessment.city),
            "can_take_review": policies.can_take_review(user=user, assessment=assessment, reviewer_city=reader_city),
            "can_review": policies.can_review(user=user, assessment=assessment),
            "can_publish": policies.can_publish(user=user, assessment=assessment),
            "review_form": ReviewCompleteForm(),
        },
    )


def _question(assessment: Assessment, code: str) -> FrameworkNode:
    node = FrameworkNode.objects.filter(framework=assessment.framework, code=code, kind=NodeKind.QUESTION).first()
    if node is None:
        raise Http404
    return node


@login_required
@require_http_methods(["GET", "POST"])
def question(request: SignedInRequest, pk: int, code: str) -> HttpResponse:
    assessment = _visible(request, pk)
    node = _question(assessment, code)
    options = list(node.options.all())
    answer = (
        Answer.objects.filter(assessment=assessment, question=node).select_related("option", "review_option").first()
    )
    language = _language()
    can_edit = policies.can_edit_answers(user=request.user, assessment=assessment)
    initial = {"option": answer.option.code, "justification": answer.justification} if answer else None
    form = AnswerForm(request.POST or None, initial=initial, options=options, language=language)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid():
            try:
                services.answer_save(
                    assessment=assessment,
                    question=node,
                    option_code=form.cleaned_data["option"],
                    justification=form.cleaned_data["justification"],
                    acting_user=request.user,
                )
            except Refused as exc:
                _refused(request, exc)
            else:
                messages.success(request, _("The answer is saved."))
                return redirect("evaluation:question", pk=assessment.pk, code=node.code)
    evidence = list(answer.evidence.select_related("indicator", "city").all()) if answer else []
    reader_city = city_or_none(request)
    return render(
        request,
        "evaluation/question.html",
        {
            "assessment": assessment,
            "framework": assessment.framework,
            "node": node,
            "objective": node.parent,
            "answer": answer,
            "form": form if can_edit else None,
            "evidence": [
                (e, figures.figure_of(e, reader_city=reader_city) if e.kind == "figure" else None) for e in evidence
            ],
            "evidence_form": EvidenceForm(figure_choices=_figure_choices(assessment)) if can_edit and answer else None,
            "review_form": ReviewCommentForm(
                initial={
                    "comment": answer.review_comment,
                    "option": answer.review_option.code if answer.review_option else "",
                },
                options=options,
                language=language,
            )
            if answer and policies.can_review(user=request.user, assessment=assessment)
            else None,
            "can_edit": can_edit,
        },
    )


@login_required
@require_POST
def evidence_add(request: SignedInRequest, pk: int, code: str) -> HttpResponse:
    assessment = _visible(request, pk)
    node = _question(assessment, code)
    answer = Answer.objects.filter(assessment=assessment, question=node).first()
    if answer is None or not policies.can_edit_answers(user=request.user, assessment=assessment):
        raise Http404
    form = EvidenceForm(request.POST, figure_choices=_figure_choices(assessment))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("evaluation:question", pk=assessment.pk, code=node.code)
    data = form.cleaned_data
    figure = data["figure"]
    indicator = None
    source_key = ""
    if figure.startswith("indicator:") and figure[10:].isdigit():
        indicator = Indicator.objects.filter(pk=int(figure[10:]), city=assessment.city).first()
    elif figure.startswith("source:"):
        source_key = figure[7:]
    try:
        services.evidence_add(
            answer=answer,
            kind=data["kind"],
            title=data["title"],
            url=data["url"],
            source_key=source_key,
            indicator=indicator,
            acting_user=request.user,
        )
    except Refused as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The evidence is added."))
    return redirect("evaluation:question", pk=assessment.pk, code=node.code)


@login_required
@require_POST
def evidence_remove(request: SignedInRequest, pk: int) -> HttpResponse:
    evidence = Evidence.objects.select_related("answer__assessment", "answer__question").filter(pk=pk).first()
    if evidence is None or not policies.can_edit_answers(user=request.user, assessment=evidence.answer.assessment):
        raise Http404
    try:
        services.evidence_remove(evidence=evidence, acting_user=request.user)
    except Refused as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The evidence is removed."))
    return redirect("evaluation:question", pk=evidence.answer.assessment_id, code=evidence.answer.question.code)


@login_required
@require_POST
def review_comment(request: SignedInRequest, pk: int, code: str) -> HttpResponse:
    assessment = _visible(request, pk)
    node = _question(assessment, code)
    answer = Answer.objects.filter(assessment=assessment, question=node).first()
    if answer is None or not policies.can_review(user=request.user, assessment=assessment):
        raise Http404
    form = ReviewCommentForm(request.POST, options=list(node.options.all()), language=_language())
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    else:
        try:
            services.review_comment(
                answer=answer,
                comment=form.cleaned_data["comment"],
                option_code=form.cleaned_data["option"],
                acting_user=request.user,
            )
        except Refused as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Your comment is saved."))
    return redirect("evaluation:question", pk=assessment.pk, code=node.code)


def _transition(request: SignedInRequest, pk: int, action: Any, done: str, **kwargs: Any) -> HttpResponse:
    assessment = _visible(request, pk)
    try:
        action(assessment=assessment, acting_user=request.user, **kwargs)
    except Refused as exc:
        if exc.status == 403:
            raise Http404 from None
        _refused(request, exc)
    else:
        messages.success(request, done)
    return redirect(assessment.get_absolute_url())


@login_required
@require_POST
def assessment_submit(request: SignedInRequest, pk: int) -> HttpResponse:
    return _transition(
        request,
        pk,
        services.assessment_submit,
        _("The self-assessment is submitted: a peer from another city can now review it."),
    )


@login_required
@require_POST
def review_take(request: SignedInRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_visible(user=request.user, pk=pk)
    city = city_of(request)
    if assessment is None:
        # A submitted cycle is visible to a would-be reviewer only through the list of cycles waiting for one.
        assessment = Assessment.objects.select_related("city", "framework").filter(pk=pk).first()
        if assessment is None or not policies.can_take_review(
            user=request.user, assessment=assessment, reviewer_city=city
        ):
            raise Http404
    try:
        services.review_take(assessment=assessment, reviewer_city=city, acting_user=request.user)
    except Refused as exc:
        if exc.status == 403:
            raise Http404 from None
        _refused(request, exc)
    else:
        messages.success(request, _("You review this cycle: comment on each answer, then close the review."))
    return redirect(assessment.get_absolute_url())


@login_required
@require_POST
def review_complete(request: SignedInRequest, pk: int) -> HttpResponse:
    form = ReviewCompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the review's summary."))
        return redirect("evaluation:assessment", pk=pk)
    return _transition(
        request, pk, services.review_complete, _("The review is closed."), summary=form.cleaned_data["summary"]
    )


@login_required
@require_POST
def assessment_publish(request: SignedInRequest, pk: int) -> HttpResponse:
    return _transition(
        request, pk, services.assessment_publish, _("The cycle is published: its figures and scores are frozen.")
    )


# --- Practices -----------------------------------------------------------------------------------------------


@require_GET
def practice_list(request: CityRequest) -> HttpResponse:
    objective_pk = request.GET.get("objective", "")
    objective = (
        FrameworkNode.objects.filter(pk=int(objective_pk), kind=NodeKind.OBJECTIVE).first()
        if objective_pk.isdigit()
        else None
    )
    practices = list(selectors.practices_visible(objective=objective))
    prefetch_shown(practices)
    objectives = list(
        FrameworkNode.objects.filter(kind=NodeKind.OBJECTIVE, practices__published=True)
        .select_related("framework")
        .distinct()
        .order_by("framework__key", "position")
    )
    city = city_or_none(request)
    return render(
        request,
        "evaluation/practices.html",
        {
            "practices": practices,
            "objectives": objectives,
            "objective": objective,
            "can_create": policies.can_manage_practices(user=request.user, city=city),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_create(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    if not policies.can_manage_practices(user=request.user, city=city):
        raise Http404
    form = PracticeForm(request.POST or None, language=_language())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            practice = services.practice_save(
                city=city,
                acting_user=request.user,
                title=data["title"],
                summary=data["summary"],
                audience=data["audience"],
                results=data["results"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                objectives=list(data["objectives"]),
                measures=[],
            )
        except Refused as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The practice is published for other cities."))
            return redirect(practice.get_absolute_url())
    return render(request, "evaluation/practice_form.html", {"form": form})


@require_GET
def practice_detail(request: CityRequest, pk: int) -> HttpResponse:
    city = city_or_none(request)
    practice = selectors.practice_get(pk=pk, user=request.user, city=city)
    if practice is None:
        raise Http404
    prefetch_shown([practice])
    measures = list(practice.measures.all())
    prefetch_shown(measures)
    return render(
        request,
        "evaluation/practice.html",
        {
            "practice": practice,
            "objectives": list(practice.objectives.select_related("framework").order_by("framework__key", "position")),
            "measures": [
                (m, figures.on_city_site(m.get_absolute_url(), city=practice.city, reader_city=city)) for m in measures
            ],
            "exchanges": [
                (x, ExchangeAnswerForm(prefix=f"x{x.pk}"))
                for x in selectors.exchanges_of(practice=practice, user=request.user, city=city)
            ],
            "can_request": policies.can_request_exchange(user=request.user, practice=practice, city=city),
            "can_answer": policies.can_manage_practices(user=request.user, city=practice.city),
            "exchange_form": ExchangeForm(),
        },
    )


@login_required
@require_POST
def exchange_request(request: SignedInRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    practice = selectors.practice_get(pk=pk, user=request.user, city=city)
    if practice is None or not policies.can_request_exchange(user=request.user, practice=practice, city=city):
        raise Http404
    form = ExchangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what you would like to learn."))
    else:
        try:
            services.exchange_request(
                practice=practice, city=city, message=form.cleaned_data["message"], acting_user=request.user
            )
        except Refused as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Your request is sent: the practice's city will answer here."))
    return redirect(practice.get_absolute_url())


@login_required
@require_POST
def exchange_answer(request: SignedInRequest, pk: int) -> HttpResponse:
    exchange = ExchangeRequest.objects.select_related("practice__city").filter(pk=pk).first()
    if exchange is None or not policies.can_answer_exchange(user=request.user, exchange=exchange):
        raise Http404
    form = ExchangeAnswerForm(request.POST, prefix=f"x{exchange.pk}")
    if not form.is_valid():
        messages.error(request, _("Accept or decline the request."))
    else:
        try:
            services.exchange_answer(
                exchange=exchange,
                accept=form.cleaned_data["decision"] == "accept",
                answer=form.cleaned_data["answer"],
                acting_user=request.user,
            )
        except Refused as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Your answer is sent."))
    return redirect(exchange.practice.get_absolute_url())
