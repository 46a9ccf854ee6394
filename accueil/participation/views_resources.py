"""Resource library pages: list and search, detail with history, sharing and editing, file downloads (checked
against the resource's visibility, never served as a public media URL). Thin views."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accueil.core.refusals import refusal_to_form

from . import policies_proposals as policies
from . import selectors_proposals as selectors
from . import services_resources as services
from .forms_proposals import ResourceForm, ResourceSearchForm, organisations_for_sharing
from .models_resources import Resource
from .policies import is_coordinator

PAGE_SIZE = 20


def _city(request: HttpRequest) -> Any:
    city = getattr(request, "city", None)
    if city is None:
        raise Http404
    return city


def _resource_or_404(request: HttpRequest, pk: int) -> Resource:
    resource = selectors.resource_get_visible(user=request.user, city=_city(request), pk=pk)
    if resource is None:
        raise Http404
    return resource


@require_GET
def resource_list(request: HttpRequest) -> HttpResponse:
    city = _city(request)
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
        },
    )


@require_GET
def resource_detail(request: HttpRequest, pk: int) -> HttpResponse:
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
def resource_file(request: HttpRequest, pk: int) -> FileResponse:
    resource = _resource_or_404(request, pk)
    return _download(resource.file, resource.file_name or "document")


@require_GET
def resource_version_file(request: HttpRequest, pk: int, number: int) -> FileResponse:
    resource = _resource_or_404(request, pk)
    version = resource.versions.filter(number=number).first()
    if version is None:
        raise Http404
    return _download(version.file, version.file_name or "document")


@login_required
@require_http_methods(["GET", "POST"])
def resource_create(request: HttpRequest) -> HttpResponse:
    city = _city(request)
    coordinator = is_coordinator(request.user, city)
    organisations = organisations_for_sharing(request.user, city, coordinator=coordinator)
    if not coordinator and not organisations.exists():
        raise PermissionDenied
    form = ResourceForm(
        request.POST or None, request.FILES or None, organisations=organisations, allow_city=coordinator
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                resource = services.resource_create(
                    city=city,
                    acting_user=request.user,
                    organisation=data.get("organisation"),
                    title=data["title"],
                    summary=data["summary"],
                    body=data["body"],
                    upload=data["file"] or None,
                    visibility=data["visibility"],
                    tags=data["tags"],
                )
            except ValidationError as exc:
                refusal_to_form(form, exc)
            else:
                messages.success(request, _("The resource is shared."))
                return redirect(resource)
        status = 400
    return render(request, "participation/resources/form.html", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request: HttpRequest, pk: int) -> HttpResponse:
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
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.resource_update(
                    resource=resource,
                    acting_user=request.user,
                    title=data["title"],
                    summary=data["summary"],
                    body=data["body"],
                    upload=data["file"] or None,
                    remove_file=data["remove_file"],
                    visibility=data["visibility"],
                    tags=data["tags"],
                    note=data["note"],
                )
            except ValidationError as exc:
                refusal_to_form(form, exc)
            else:
                messages.success(request, _("A new version is saved."))
                return redirect(resource)
        status = 400
    return render(request, "participation/resources/form.html", {"form": form, "resource": resource}, status=status)
