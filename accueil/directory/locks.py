"""Row locks of the directory: every `select_for_update` of the app is here.

Lock order, kept on every path (inside `transaction.atomic`): a service (`service_lock`) before anything of its
own (its hours, closures, change log); a visitor's report (`report_lock`) alone, never followed by its service.
Places are written without a lock (one organisation edits its own; the last write wins).
"""

from __future__ import annotations

from .models import Report, Service


def service_lock(service: Service, *, with_organisation: bool = False) -> Service:
    queryset = Service.objects.select_for_update()
    if with_organisation:
        queryset = queryset.select_related("organisation")
    return queryset.get(pk=service.pk)


def report_lock(report: Report) -> Report:
    return Report.objects.select_for_update().select_related("service__organisation").get(pk=report.pk)
