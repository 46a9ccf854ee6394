"""Messages to mentors, written to the outbox (`accueil.notifications`) in the transaction that causes them."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accueil.notifications.services import message_enqueue, user_language

from .models import Mentorship


def mentor_notify(*, mentorship_id: int, kind: str) -> bool:
    """Enqueue the mentor's email (kind "confirmed": a mentorship is starting); call it inside the transaction."""
    mentorship = Mentorship.objects.select_related("mentor", "beneficiary", "city").filter(pk=mentorship_id).first()
    if mentorship is None:
        return False
    language = user_language(mentorship.mentor)
    with translation.override(language):
        subject = _("A mentorship is starting: %(pseudonym)s") % {"pseudonym": mentorship.beneficiary.pseudonym}
        body = render_to_string("mentoring/email/confirmed.txt", {"mentorship": mentorship})
    return message_enqueue(
        city=mentorship.city,
        to_user=mentorship.mentor,
        subject=subject,
        body=body,
        language=language,
        kind=f"mentoring.{kind}",
        key=f"mentorship:{mentorship.pk}:{kind}",
    )
