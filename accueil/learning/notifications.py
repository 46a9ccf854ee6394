"""Messages to learners, written to the outbox (`accueil.notifications`) in the transaction that causes them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accueil.notifications.services import message_enqueue_rendered

from .models import Enrolment


def offer_notify(*, enrolment: Enrolment) -> bool:
    """Tell a learner with an account that a place is offered (nothing for a learner known only by reference:
    the partner who referred them sees the offer on the learner's page)."""
    learner = enrolment.learner
    if learner.user is None:
        return False
    return message_enqueue_rendered(
        city=enrolment.city,
        to_user=learner.user,
        kind="learning.offer",
        key=f"learning-offer:{enrolment.pk}",
        subject=lambda: _("A place in a class is offered to you"),
        template="learning/email/offer.txt",
        context={"enrolment": enrolment, "course": enrolment.course},
    )
