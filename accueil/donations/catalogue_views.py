"""Curation pages: the city's item catalogue, kits, the priority list and the city-wide item switch
(coordinators); each point's needed / not-accepted rules and its stop switch (the point's staff).

Thin: each view validates a form, asks a policy, and calls a service.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accueil.core.http import SignedInRequest, city_of
from accueil.core.refusals import refusal_text

from . import policies, selectors, services
from .forms import CategoryForm, ItemForm, KitComponentForm, PriorityForm, RuleForm, bound_data
from .models import Item, ItemCategory
from .views import PAGE_SIZE, _point_or_404


@login_required
def catalogue(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    if not policies.can_coordinate(request.user, city):
        raise PermissionDenied
    categories = ItemCategory.objects.filter(city=city).order_by("name")
    items = Item.objects.filter(city=city).order_by("name")
    category_form = CategoryForm(bound_data(request, "category"), prefix="category")
    item_form = ItemForm(bound_data(request, "item"), categories=categories, prefix="item")
    priority_form = PriorityForm(bound_data(request, "priority"), items=items, prefix="priority")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "category" and category_form.is_valid():
                services.category_save(city=city, acting_user=request.user, **category_form.cleaned_data)
                messages.success(request, _("Category saved."))
                return redirect("donations:catalogue")
            if action == "item" and item_form.is_valid():
                services.item_save(city=city, acting_user=request.user, **item_form.cleaned_data)
                messages.success(request, _("Item saved."))
                return redirect("donations:catalogue")
            if action == "priority" and priority_form.is_valid():
                services.priority_set(city=city, acting_user=request.user, **priority_form.cleaned_data)
                messages.success(request, _("Priority list updated."))
                return redirect("donations:catalogue")
            if action == "switch":
                item = get_object_or_404(Item, pk=request.POST.get("item"), city=city)
                services.item_set_accepted(
                    item=item, accepted=request.POST.get("accepted") == "1", acting_user=request.user
                )
                messages.success(request, _("Item switched."))
                return redirect("donations:catalogue")
            status = 400
        except (ValidationError, ValueError) as exc:
            form = {"category": category_form, "item": item_form, "priority": priority_form}.get(action or "")
            message = refusal_text(exc) if isinstance(exc, ValidationError) else _("Invalid request.")
            if form is not None:
                form.add_error(None, message)
            else:
                messages.error(request, message)
            status = 400
    page = Paginator(selectors.catalogue_items(city=city), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "donations/catalogue.html",
        {
            "page": page,
            "categories": categories,
            "priorities": selectors.priority_list(city=city),
            "category_form": category_form,
            "item_form": item_form,
            "priority_form": priority_form,
        },
        status=status,
    )


@login_required
def catalogue_item(request: SignedInRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    if not policies.can_coordinate(request.user, city):
        raise PermissionDenied
    item = get_object_or_404(selectors.catalogue_items(city=city), pk=pk)
    categories = ItemCategory.objects.filter(city=city).order_by("name")
    initial = {
        "category": item.category_id,
        "code": item.code,
        "name": item.name,
        "unit": item.unit,
        "sizes": ", ".join(item.sizes or []),
        "is_kit": item.is_kit,
    }
    item_form = ItemForm(bound_data(request, "item"), categories=categories, initial=initial, prefix="item")
    simple_items = Item.objects.filter(city=city, is_kit=False).exclude(pk=item.pk).order_by("name")
    component_form = KitComponentForm(bound_data(request, "component"), items=simple_items, prefix="component")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "item" and item_form.is_valid():
                services.item_save(city=city, item=item, acting_user=request.user, **item_form.cleaned_data)
                messages.success(request, _("Item saved."))
                return redirect("donations:catalogue_item", pk=item.pk)
            if action == "component" and component_form.is_valid():
                services.kit_component_set(kit=item, acting_user=request.user, **component_form.cleaned_data)
                messages.success(request, _("Kit updated."))
                return redirect("donations:catalogue_item", pk=item.pk)
            status = 400
        except ValidationError as exc:
            (component_form if action == "component" else item_form).add_error(None, refusal_text(exc))
            status = 400
    return render(
        request,
        "donations/catalogue_item.html",
        {"item": item, "item_form": item_form, "component_form": component_form},
        status=status,
    )


@login_required
def point_rules(request: SignedInRequest, slug: str) -> HttpResponse:
    point = _point_or_404(request, slug)
    if not policies.can_manage_point(request.user, point):
        raise PermissionDenied
    items = Item.objects.filter(city=point.city_id).order_by("name")
    form = RuleForm(bound_data(request, "rule"), items=items)
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "rule" and form.is_valid():
                data = form.cleaned_data
                services.point_rule_set(
                    point=point,
                    item=data["item"],
                    status=data["status"],
                    quantity_needed=data["quantity_needed"] or 0,
                    acting_user=request.user,
                )
                messages.success(request, _("Rule saved."))
                return redirect("donations:point_rules", slug=point.slug)
            if action == "remove":
                item = get_object_or_404(Item, pk=request.POST.get("item"), city=point.city_id)
                services.point_rule_set(point=point, item=item, status="", acting_user=request.user)
                messages.success(request, _("Rule removed."))
                return redirect("donations:point_rules", slug=point.slug)
            if action == "switch":
                services.point_set_accepting(
                    point=point, accepting=request.POST.get("accepting") == "1", acting_user=request.user
                )
                return redirect("donations:point_rules", slug=point.slug)
            status = 400
        except ValidationError as exc:
            form.add_error(None, refusal_text(exc))
            status = 400
    return render(
        request,
        "donations/point_rules.html",
        {"point": point, "form": form, "rules": selectors.point_rules(point=point)},
        status=status,
    )
