"""The invitation email, written to the outbox (`accueil.notifications`) in the transaction that creates the
invitation: it exists if and only if the invitation does, and the worker sends it."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from accueil.notifications.services import message_enqueue

from .models import Invitation


def invitation_accept_url(*, invitation: Invitation, raw_token: str, request: HttpRequest | None) -> str:
    """The single-use link: on the host of the request, or on the city's own domain outside a request."""
    path = reverse("organisations:invitation", args=[raw_token])
    if request is not None:
        return request.build_absolute_uri(path)
    return f"https://{invitation.organisation.city.domain}{path}"


def invitation_notify(*, invitation: Invitation, raw_token: str, request: HttpRequest | None) -> bool:
    """Enqueue the invitation email, in the language of the person who invites."""
    accept_url = invitation_accept_url(invitation=invitation, raw_token=raw_token, request=request)
    context = {"invitation": invitation, "organisation": invitation.organisation, "accept_url": accept_url}
    subject = _("Invitation to join %(organisation)s on Accueil") % {"organisation": invitation.organisation.name}
    body = render_to_string("organisations/email/invitation.txt", context)
    return message_enqueue(
        city=invitation.organisation.city,
        address=invitation.email,
        subject=subject,
        body=body,
        kind="organisations.invitation",
        key=f"invitation:{invitation.pk}",
    )
