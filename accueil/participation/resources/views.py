"""Resource library pages: list and search, detail with history, sharing and editing, file downloads (checked
against the resource's visibility, never served as a public media URL). Thin views."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accueil.accounts.policies import is_coordinator
from accueil.core.http import CityRequest, SignedInRequest, city_of
from accueil.core.refusals import refusal_to_form
from accueil.organisations.policies import awaits_verification

from ..models import Resource
from . import policies, selectors, services
from .forms import ResourceForm, ResourceSearchForm
from .selectors import organisations_for_sharing

PAGE_SIZE = 20


def _resource_or_404(request: CityRequest, pk: int) -> Resource:
    resource = selectors.resource_get_visible(user=request.user, city=city_of(request), pk=pk)
    if resource is None:
        raise Http404
    return resource


@require_GET
def resource_list(request: CityRequest) -> HttpResponse:
    city = city_of(request)
    form = ResourceSearchForm(request.GET or None)
    query = tag = ""
    if form.is_valid():
        query, tag = form.cleaned_data["q"], form.cleaned_data["tag"]
    resources = selectors.resources_visible(user=request.user, city=city, query=query, tag=tag)
    page = Paginator(resources, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/resources/list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "tag": tag,
            "is_member": policies.is_city_member(request.user, city),
            "awaiting_trust": awaits_verification(request.user, city),
        },
    )


@require_GET
def resource_detail(request: CityRequest, pk: int) -> HttpResponse:
    resource = _resource_or_404(request, pk)
    return render(
        request,
        "participation/resources/detail.html",
        {
            "resource": resource,
            "versions": selectors.resource_versions(resource=resource),
            "can_edit": policies.can_edit_resource(request.user, resource),
        },
    )


def _download(field: Any, name: str) -> FileResponse:
    if not field:
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(field.open("rb"), as_attachment=True, filename=name, content_type=content_type)


@require_GET
def resource_file(request: CityRequest, pk: int) -> FileResponse:
    resource = _resource_or_404(request, pk)
    return _download(resource.file, resource.file_name or "document")


@require_GET
def resource_version_file(request: CityRequest, pk: int, number: int) -> FileResponse:
    resource = _resource_or_404(request, pk)
    version = resource.versions.filter(number=number).first()
    if version is None:
        raise Http404
    return _download(version.file, version.file_name or "document")


def _content(data: dict[str, Any]) -> dict[str, Any]:
    """What the resource form says about the content, as `resource_create` and `resource_update` take it."""
    return {
        "title": data["title"],
        "summary": data["summary"],
        "body": data["body"],
        "upload": data["file"] or None,
        "visibility": data["visibility"],
        "tags": data["tags"],
    }


def _resource_form_page(
    request: SignedInRequest,
    *,
    form: ResourceForm,
    resource: Resource | None,
    save: Callable[[dict[str, Any]], Resource],
    done: str,
) -> HttpResponse:
    """The form to share (`resource` None) or edit a resource: a refusal goes on the form, with status 400."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = save(form.cleaned_data)
            except ValidationError as exc:
                refusal_to_form(form, exc)
            else:
                messages.success(request, done)
                return redirect(saved)
        status = 400
    return render(request, "participation/resources/form.html", {"form": form, "resource": resource}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def resource_create(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    coordinator = is_coordinator(user=request.user, city=city)
    organisations = organisations_for_sharing(request.user, city, coordinator=coordinator)
    if not coordinator and not organisations.exists():
        raise PermissionDenied
    form = ResourceForm(
        request.POST or None, request.FILES or None, organisations=organisations, allow_city=coordinator
    )
    return _resource_form_page(
        request,
        form=form,
        resource=None,
        save=lambda data: services.resource_create(
            city=city, acting_user=request.user, organisation=data.get("organisation"), **_content(data)
        ),
        done=_("The resource is shared."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    resource = _resource_or_404(request, pk)
    if not policies.can_edit_resource(request.user, resource):
        raise PermissionDenied
    initial = {
        "title": resource.title,
        "summary": resource.summary,
        "body": resource.body,
        "visibility": resource.visibility,
        "tags": resource.tags,
    }
    form = ResourceForm(request.POST or None, request.FILES or None, initial=initial, editing=True)
    return _resource_form_page(
        request,
        form=form,
        resource=resource,
        save=lambda data: services.resource_update(
            resource=resource,
            acting_user=request.user,
            remove_file=data["remove_file"],
            note=data["note"],
            **_content(data),
        ),
        done=_("A new version is saved."),
    )
