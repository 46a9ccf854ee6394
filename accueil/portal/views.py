"""Home page, health check and error pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from accueil.notifications.selectors import outbox_health

WORKER_LATE = dt.timedelta(minutes=5)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


def _seconds(value: dt.timedelta | None) -> int | None:
    return None if value is None else int(value.total_seconds())


def _worker_report() -> tuple[dict[str, Any], dict[str, Any]]:
    """The sender's heartbeat and the outbox's backlog; "late" when it has not run for WORKER_LATE while
    messages wait (the application servers stay healthy: the worker is restarted, not the web)."""
    health = outbox_health()
    if health.heartbeat_age is None:
        worker_status = "unknown"
    elif health.heartbeat_age > WORKER_LATE:
        worker_status = "late"
    else:
        worker_status = "ok"
    worker = {"status": worker_status, "heartbeat_age_seconds": _seconds(health.heartbeat_age)}
    outbox = {"waiting": health.waiting, "oldest_waiting_age_seconds": _seconds(health.oldest_waiting_age)}
    return worker, outbox


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database status (503 when unreachable), the worker's heartbeat and the outbox's oldest waiting message."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # noqa: BLE001 - any database failure is reported, never raised
        database = "unavailable"
    status = 200 if database == "ok" else 503
    body: dict[str, Any] = {"status": "ok" if status == 200 else "degraded", "database": database}
    body["vendor"] = connection.vendor
    if database == "ok":
        worker, outbox = _worker_report()
        body["worker"], body["outbox"] = worker, outbox
        stuck = outbox["waiting"] and (outbox["oldest_waiting_age_seconds"] or 0) > WORKER_LATE.total_seconds()
        if worker["status"] != "ok" and stuck:
            body["status"] = "degraded"
    return JsonResponse(body, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
