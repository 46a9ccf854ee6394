"""Background jobs of the directory, run by the django-q2 worker."""

from __future__ import annotations

from typing import Any

SCHEDULE_NAME = "directory.staleness"


def _recipients(service: Any, *, coordinators: bool) -> list[str]:
    from accueil.accounts.models import Role, RoleAssignment
    from accueil.organisations.models import Membership

    emails = set(
        Membership.objects.filter(organisation=service.organisation, user__is_active=True).values_list(
            "user__email", flat=True
        )
    )
    if service.organisation.email:
        emails.add(service.organisation.email)
    if coordinators:
        emails |= set(
            RoleAssignment.objects.filter(city=service.city, role=Role.COORDINATOR).values_list(
                "user__email", flat=True
            )
        )
    return sorted(e for e in emails if e)


def send_report_email(report_id: int) -> int:
    """Tell the owning organisation and the coordinators that a visitor reported a problem."""
    from django.core.mail import send_mail
    from django.utils.translation import gettext as _

    from .models import Report

    report = Report.objects.select_related("service__organisation", "city").filter(pk=report_id).first()
    if report is None:
        return 0
    service = report.service
    recipients = _recipients(service, coordinators=True)
    if not recipients:
        return 0
    subject = _("Report on “%(service)s”: %(kind)s") % {"service": service.name, "kind": report.get_kind_display()}
    body = _("A visitor reported: %(kind)s.\nService: %(service)s\nComment: %(comment)s\n") % {
        "kind": report.get_kind_display(),
        "service": service.name,
        "comment": report.comment or "—",
    }
    return send_mail(subject, body, None, recipients)


def send_staleness_reminder(service_id: int) -> int:
    """Ask the owners to check a service not verified for 90 days."""
    from django.core.mail import send_mail
    from django.utils.translation import gettext as _

    from .models import Service

    service = Service.objects.select_related("organisation", "city").filter(pk=service_id).first()
    if service is None:
        return 0
    recipients = _recipients(service, coordinators=False)
    if not recipients:
        return 0
    subject = _("Please check “%(service)s” in the directory") % {"service": service.name}
    body = _(
        "This service has not been verified for 90 days. Check its information and press “Verify”; "
        "after six months without verification it is hidden from the public.\n"
    )
    return send_mail(subject, body, None, recipients)


def run_staleness() -> dict[str, int]:
    from .services import staleness_run

    return staleness_run()


def ensure_schedules() -> int:
    """Register the daily staleness job as a django-q schedule; idempotent."""
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name=SCHEDULE_NAME,
        defaults={"func": "accueil.directory.tasks.run_staleness", "schedule_type": Schedule.DAILY, "repeats": -1},
    )
    return Schedule.objects.filter(name=SCHEDULE_NAME).count()
