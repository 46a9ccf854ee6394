"""Messages of the directory, written to the outbox (`accueil.notifications`) in the transaction that causes
them: a visitor's report (to the owners and the coordinators) and the 90-day check reminder (to the owners).
One message per address; the key names the report or the reminder, so nothing is written twice."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.utils.translation import gettext as _

from accueil.accounts.models import Role, RoleAssignment
from accueil.notifications.services import message_enqueue
from accueil.organisations.models import Membership

from .models import Report, Service


def _recipients(service: Service, *, coordinators: bool) -> list[str]:
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


def _address_tag(address: str) -> str:
    """A short stand-in for the address in a key (keys carry no personal data)."""
    return hashlib.sha256(address.lower().encode()).hexdigest()[:12]


def _enqueue_each(service: Service, recipients: list[str], subject: str, body: str, *, kind: str, key: str) -> int:
    """One message per address, each keyed by the event and the address."""
    for address in recipients:
        tagged = f"{key}:{_address_tag(address)}"
        message_enqueue(city=service.city, address=address, subject=subject, body=body, kind=kind, key=tagged)
    return len(recipients)


def report_notify(report: Report) -> int:
    """Tell the owning organisation and the coordinators that a visitor reported a problem."""
    service = report.service
    subject = _("Report on “%(service)s”: %(kind)s") % {"service": service.name, "kind": report.get_kind_display()}
    body = _("A visitor reported: %(kind)s.\nService: %(service)s\nComment: %(comment)s\n") % {
        "kind": report.get_kind_display(),
        "service": service.name,
        "comment": report.comment or "—",
    }
    recipients = _recipients(service, coordinators=True)
    return _enqueue_each(service, recipients, subject, body, kind="directory.report", key=f"report:{report.pk}")


def staleness_notify(service: Service, *, now: dt.datetime) -> int:
    """Ask the owners to check a service not verified for 90 days."""
    subject = _("Please check “%(service)s” in the directory") % {"service": service.name}
    body = _(
        "This service has not been verified for 90 days. Check its information and press “Verify”; "
        "after six months without verification it is hidden from the public.\n"
    )
    recipients = _recipients(service, coordinators=False)
    key = f"staleness:{service.pk}:{now:%Y-%m-%d}"
    return _enqueue_each(service, recipients, subject, body, kind="directory.staleness", key=key)
