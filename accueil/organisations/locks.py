"""Row locks of the partner registry: every `select_for_update` of the app is here, one function per record.

Lock order, kept on every path (inside `transaction.atomic`):

1. the organisation (`organisation_lock`): profile changes and every change to its people lock it first, so two
   admins changing people at once are serialised and the last admin can never be removed by both;
2. then one of its rows: a membership (`membership_lock`), an invitation (`invitation_lock`), a token
   (`api_token_lock`).

Never lock an organisation after one of its rows.
"""

from __future__ import annotations

from .models import ApiToken, Invitation, Membership, Organisation


def organisation_lock(organisation: Organisation) -> Organisation:
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def membership_lock(membership: Membership) -> Membership | None:
    """The membership, locked; None when it was removed meanwhile."""
    return Membership.objects.select_for_update().filter(pk=membership.pk).first()


def invitation_lock(invitation: Invitation | None) -> Invitation | None:
    """The invitation, locked (so a second use of the link waits and is then refused); None when there is none."""
    return Invitation.objects.select_for_update().filter(pk=invitation.pk).first() if invitation else None


def api_token_lock(token: ApiToken) -> ApiToken:
    return ApiToken.objects.select_for_update().get(pk=token.pk)
