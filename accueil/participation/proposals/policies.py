"""Who may do what with proposals: anyone with an account submits; coordinators of the city moderate, answer
and link measures; the public sees published proposals only, an author also sees their own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accueil.accounts.policies import is_coordinator

from ..models import Proposal
from ..policies import is_signed_in

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City

    Person = User | AnonymousUser


def can_submit_proposal(user: Person) -> bool:
    return is_signed_in(user)


def can_moderate_proposals(user: Person, city: City | None) -> bool:
    return is_signed_in(user) and city is not None and is_coordinator(user=user, city=city)


def can_view_proposal(user: Person, proposal: Proposal) -> bool:
    if proposal.is_published:
        return True
    if is_signed_in(user) and proposal.author_id == user.pk:
        return True
    return can_moderate_proposals(user, proposal.city)
