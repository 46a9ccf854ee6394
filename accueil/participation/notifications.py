"""Messages to the people registered for an event, written to the outbox in the transaction that causes them.

`registration_notify` renders the email in the person's language and enqueues it (`accueil.notifications`):
it exists if and only if the registration, promotion or cancellation committed, and the worker sends it. The key
`registration:<id>:<kind>` makes each message unique: a reminder is never sent twice.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accueil.notifications.services import message_enqueue_rendered

from .models import Registration

KINDS = ("registered", "waitlisted", "promoted", "event_cancelled", "reminder")


def _subject(kind: str, title: str) -> str:
    subjects = {
        "registered": _("You are registered: %(title)s"),
        "waitlisted": _("You are on the waiting list: %(title)s"),
        "promoted": _("A place is yours: %(title)s"),
        "event_cancelled": _("Cancelled: %(title)s"),
        "reminder": _("Tomorrow: %(title)s"),
    }
    return subjects[kind] % {"title": title}


def registration_notify(*, registration_id: int, kind: str) -> bool:
    """Enqueue one email to the person behind `registration_id`; call it inside the change's transaction."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    registration = (
        Registration.objects.select_related("event", "event__city", "user").filter(pk=registration_id).first()
    )
    if registration is None:
        return False
    return message_enqueue_rendered(
        city=registration.event.city,
        to_user=registration.user,
        kind=f"participation.{kind}",
        key=f"registration:{registration.pk}:{kind}",
        subject=lambda: _subject(kind, registration.event.title),
        template="participation/email/registration.txt",
        context={"registration": registration, "event": registration.event, "kind": kind},
    )
