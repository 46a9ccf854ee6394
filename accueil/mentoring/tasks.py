"""Background jobs of mentoring (django-q2): the mentor's email, and the daily retention run
(scheduled by `manage.py participation_schedules`)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Mentorship


def mentor_email_send(mentorship_id: int, kind: str) -> bool:
    mentorship = Mentorship.objects.select_related("mentor", "beneficiary").filter(pk=mentorship_id).first()
    if mentorship is None or not mentorship.mentor.email:
        return False
    with translation.override(mentorship.mentor.preferred_language or settings.LANGUAGE_CODE):
        subject = _("A mentorship is starting: %(pseudonym)s") % {"pseudonym": mentorship.beneficiary.pseudonym}
        body = render_to_string("mentoring/email/confirmed.txt", {"mentorship": mentorship})
    send_mail(subject, body, None, [mentorship.mentor.email])
    return True


def mentoring_retention_run() -> int:
    from .services import retention_purge

    return retention_purge()
