"""Messages to mentors, written to the outbox (`accueil.notifications`) in the transaction that causes them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accueil.notifications.services import message_enqueue_rendered

from .models import Mentorship


def mentor_notify(*, mentorship_id: int, kind: str) -> bool:
    """Enqueue the mentor's email (kind "confirmed": a mentorship is starting); call it inside the transaction."""
    mentorship = Mentorship.objects.select_related("mentor", "beneficiary", "city").filter(pk=mentorship_id).first()
    if mentorship is None:
        return False
    pseudonym = mentorship.beneficiary.pseudonym
    return message_enqueue_rendered(
        city=mentorship.city,
        to_user=mentorship.mentor,
        kind=f"mentoring.{kind}",
        key=f"mentorship:{mentorship.pk}:{kind}",
        subject=lambda: _("A mentorship is starting: %(pseudonym)s") % {"pseudonym": pseudonym},
        template="mentoring/email/confirmed.txt",
        context={"mentorship": mentorship},
    )
