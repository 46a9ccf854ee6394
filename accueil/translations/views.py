"""Pages of the translation workflow: backlog, proposal form, review, coverage, translators' languages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Field
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accueil.accounts.selectors import user_find_by_email
from accueil.core.http import SignedInRequest, city_of
from accueil.core.refusals import refusal_to_form, refusal_to_messages

from . import policies, registry, selectors, services
from .forms import LanguageFilterForm, ProposalForm, ReviewForm, TranslatorLanguageForm
from .models import TARGET_LANGUAGES

if TYPE_CHECKING:
    from django.db.models import Model
    from django_stubs_ext import StrOrPromise

    from accueil.territories.models import City

PAGE_SIZE = 25
LANGUAGE_NAMES = dict(TARGET_LANGUAGES)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@login_required
@require_GET
def backlog(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    _require(policies.can_see_backlog(request.user, city))
    form = LanguageFilterForm(request.GET or None)
    language = form.cleaned_data["language"] if form.is_valid() else ""
    items = selectors.backlog(city=city, languages=[language] if language else None)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "translations/backlog.html",
        {
            "form": form,
            "page": page,
            "items": page.object_list,
            "query": query.urlencode(),
            "language_names": LANGUAGE_NAMES,
            "reviewer_languages": policies.reviewer_languages(request.user, city),
        },
    )


def _content_object(city: City, content_type_id: int, object_id: int, field: str) -> Model:
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type else None
    if model is None or not registry.is_translatable(model, field):
        raise Http404
    obj = model._default_manager.filter(pk=object_id, city=city).first()
    if obj is None:
        raise Http404
    return obj


def _field_label(obj: Model, field: str) -> StrOrPromise:
    model_field = type(obj)._meta.get_field(field)
    return model_field.verbose_name if isinstance(model_field, Field) else field


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: SignedInRequest, content_type_id: int, object_id: int, field: str, language: str) -> HttpResponse:
    city = city_of(request)
    if language not in LANGUAGE_NAMES:
        raise Http404
    obj = _content_object(city, content_type_id, object_id, field)
    _require(policies.can_translate(request.user, city, language))
    current = selectors.translated_text(obj, field, language)
    initial = {"text": current.text if current.language_shown == language else ""}
    form = ProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.translation_propose(
                acting_user=request.user,
                obj=obj,
                field=field,
                language=language,
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Thank you. Your translation is waiting for an expert's review."))
            return redirect("translations:backlog")
    return render(
        request,
        "translations/propose.html",
        {
            "form": form,
            "obj": obj,
            "field": field,
            "field_label": _field_label(obj, field),
            "language": language,
            "language_name": LANGUAGE_NAMES[language],
            "source": getattr(obj, field),
            "current": current,
        },
    )


@login_required
@require_GET
def review_list(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    languages = policies.reviewer_languages(request.user, city)
    _require(bool(languages))
    proposals = Paginator(selectors.proposals_to_review(city=city, languages=languages), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    outdated = selectors.outdated_to_revalidate(city=city, languages=languages)[:PAGE_SIZE]
    return render(
        request,
        "translations/review_list.html",
        {
            "page": proposals,
            "proposals": proposals.object_list,
            "outdated": outdated,
            "language_names": LANGUAGE_NAMES,
            "form": ReviewForm(),
        },
    )


@login_required
@require_POST
def review(request: SignedInRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    translation = selectors.translation_for_city(city=city, pk=pk)
    if translation is None:
        raise Http404
    _require(policies.can_review(request.user, city, translation.language))
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("translations:review_list")
    action = form.cleaned_data["action"]
    try:
        if action == "publish":
            services.translation_publish(acting_user=request.user, translation=translation)
            messages.success(request, _("The translation is published."))
        elif action == "revalidate":
            services.translation_revalidate(acting_user=request.user, translation=translation)
            messages.success(request, _("The translation is published again."))
        else:
            services.translation_reject(
                acting_user=request.user, translation=translation, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("The proposal is rejected; the translator will see your comment."))
    except ValidationError as exc:
        refusal_to_messages(request, exc)
    return redirect("translations:review_list")


@login_required
@require_GET
def coverage(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    _require(policies.can_see_backlog(request.user, city))
    rows = selectors.coverage(city=city)
    return render(
        request,
        "translations/coverage.html",
        {"rows": rows, "language_names": LANGUAGE_NAMES, "counts": selectors.count_by_status(city=city)},
    )


@login_required
@require_GET
def mine(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    _require(policies.is_translator(request.user, city))
    page = Paginator(selectors.my_translations(user=request.user, city=city), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "translations/mine.html",
        {"page": page, "translations": page.object_list, "language_names": LANGUAGE_NAMES, "query": ""},
    )


@login_required
@require_http_methods(["GET", "POST"])
def translators(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    _require(policies.can_manage_translators(request.user, city))
    form = TranslatorLanguageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = user_find_by_email(email=form.cleaned_data["email"])
        if person is None:
            form.add_error("email", _("No account uses this email address."))
        else:
            try:
                services.translator_language_set(
                    acting_user=request.user,
                    city=city,
                    user=person,
                    language=form.cleaned_data["language"],
                    is_reviewer=form.cleaned_data["is_reviewer"],
                )
            except ValidationError as exc:
                refusal_to_form(form, exc)
            else:
                messages.success(request, _("The translator's language is saved."))
                return redirect("translations:translators")
    entries = selectors.translator_languages(city=city)
    return render(
        request,
        "translations/translators.html",
        {"form": form, "entries": entries, "language_names": LANGUAGE_NAMES},
    )
