"""Every row lock of participation, in one place. Every path takes them in this order, never the other way round:

1. the person submitting a proposal (`author_lock`): one submission at a time per person, so the daily limit
   holds;
2. a proposal (`proposal_lock`), or a resource of the library (`resource_lock`);
3. an event (`event_lock`): every change of its places starts here;
4. the event's registrations (`registration_lock`, `waitlist_head_lock`), only while holding the event.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from .models import Event, Proposal, Registration, RegistrationStatus, Resource


def author_lock(user_id: int) -> None:
    get_user_model().objects.select_for_update().filter(pk=user_id).first()


def proposal_lock(proposal_id: int) -> Proposal:
    return Proposal.objects.select_for_update().select_related("city").get(pk=proposal_id)


def resource_lock(resource_id: int) -> Resource:
    return Resource.objects.select_for_update().select_related("city").get(pk=resource_id)


def event_lock(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def registration_lock(registration_id: int, *, related: tuple[str, ...] = ()) -> Registration:
    """A registration, after its event (`event_lock`); rows joined through `related` are locked with it."""
    return Registration.objects.select_for_update().select_related(*related).get(pk=registration_id)


def waitlist_head_lock(event: Event) -> Registration | None:
    """The first waitlisted registration of a locked event."""
    return (
        Registration.objects.select_for_update()
        .filter(event=event, status=RegistrationStatus.WAITLISTED)
        .order_by("created_at", "id")
        .first()
    )
