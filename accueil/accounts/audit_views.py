"""The audit log page: a coordinator reads what happened in their city."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from accueil.audit.selectors import audit_actions_for_city, audit_events_for_city
from accueil.core.http import SignedInRequest

from .events import LABELS
from .policies import can_view_audit_log

EVENTS_PER_PAGE = 50


@login_required
def audit_log(request: SignedInRequest) -> HttpResponse:
    city = request.city
    if city is None or not can_view_audit_log(user=request.user, city=city):
        raise PermissionDenied
    actions = audit_actions_for_city(city=city)
    action = request.GET.get("action", "")
    if action not in actions:
        action = ""
    page = Paginator(audit_events_for_city(city=city, action=action), EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.label = LABELS.get(event.action, event.action)  # type: ignore[attr-defined]
    context = {
        "page": page,
        "action": action,
        "extra_query": urlencode({"action": action}) if action else "",
        "actions": [{"code": code, "label": LABELS.get(code, code)} for code in actions],
    }
    return render(request, "accounts/audit_log.html", context)
