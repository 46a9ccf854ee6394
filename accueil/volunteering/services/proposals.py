"""Proposals made by coordination ("fill the gaps"), answered by the volunteer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record

from ..errors import SignupError, SignupRefused
from ..locks import proposal_lock
from ..models import (
    ProposalStatus,
    ShiftProposal,
    SignupSource,
)
from .signups import shift_sign_up

if TYPE_CHECKING:
    from accueil.accounts.models import User


@transaction.atomic
def proposal_respond(*, proposal: ShiftProposal, acting_user: User, accept: bool) -> ShiftProposal:
    proposal = proposal_lock(proposal.pk)
    if proposal.volunteer_id != acting_user.pk:
        raise SignupRefused(SignupError.FORBIDDEN, _("This proposal is not yours."), status=403)
    if proposal.status != ProposalStatus.PROPOSED:
        raise SignupRefused(SignupError.NOT_OPEN, _("This proposal has already been answered."))
    if accept:
        signup = shift_sign_up(
            shift=proposal.shift, volunteer=acting_user, acting_user=acting_user, source=SignupSource.PROPOSAL
        )
        proposal.signup = signup
        proposal.status = ProposalStatus.ACCEPTED
    else:
        proposal.status = ProposalStatus.DECLINED
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "signup", "decided_at"])
    audit_record(
        action="volunteering.proposal_answered",
        actor=acting_user,
        city=proposal.city,
        target=proposal,
        data={"status": proposal.status},
    )
    return proposal
