"""Every write about proposals: submission (rate-limited per person), moderation, the official answer and the
plan measures a proposal feeds. Each service takes the acting user explicitly and records an audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accueil.audit.services import audit_record

from ..locks import author_lock, proposal_lock
from ..models import Proposal, ProposalAnswerStatus, ProposalModeration
from . import policies

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.territories.models import City

PROPOSALS_PER_DAY = 3
PROPOSAL_SUBMITTED = "participation.proposal_submitted"
PROPOSAL_PUBLISHED = "participation.proposal_published"
PROPOSAL_REJECTED = "participation.proposal_rejected"
PROPOSAL_ANSWERED = "participation.proposal_answered"
PROPOSAL_MEASURES_LINKED = "participation.proposal_measures_linked"


def _check_measures(city: City, measures: Iterable[Any]) -> list[Any]:
    measures = list(measures)
    if any(m.city_id != city.pk for m in measures):
        raise ValidationError({"measures": [_("These measures are not in this city's plan.")]})
    return measures


@transaction.atomic
def proposal_submit(
    *,
    city: City,
    acting_user: User,
    title: str,
    body: str,
    district: Any = None,
    measures: Iterable[Any] = (),
    is_demo: bool = False,
) -> Proposal:
    """A new proposal, pending moderation. At most ``PROPOSALS_PER_DAY`` per person in 24 hours: the author's row
    is locked so that parallel submissions are counted one after the other."""
    if not policies.can_submit_proposal(acting_user):
        raise PermissionDenied
    author_lock(acting_user.pk)
    since = timezone.now() - dt.timedelta(days=1)
    if Proposal.objects.filter(author=acting_user, created_at__gte=since).count() >= PROPOSALS_PER_DAY:
        raise ValidationError(
            ngettext(
                "You can submit at most %(count)d proposal a day. Please come back tomorrow.",
                "You can submit at most %(count)d proposals a day. Please come back tomorrow.",
                PROPOSALS_PER_DAY,
            )
            % {"count": PROPOSALS_PER_DAY}
        )
    if district is not None and district.city_id != city.pk:
        raise ValidationError({"district": [_("This district is not in the city.")]})
    measures = _check_measures(city, measures)
    proposal = Proposal(city=city, author=acting_user, title=title.strip(), body=body.strip(), district=district)
    proposal.is_demo = is_demo
    proposal.full_clean()
    proposal.save()
    proposal.measures.set(measures)
    audit_record(action=PROPOSAL_SUBMITTED, actor=acting_user, city=city, target=proposal)
    return proposal


def _locked(proposal: Proposal, acting_user: User) -> Proposal:
    if not policies.can_moderate_proposals(acting_user, proposal.city):
        raise PermissionDenied
    return proposal_lock(proposal.pk)


@transaction.atomic
def proposal_publish(*, proposal: Proposal, acting_user: User) -> Proposal:
    proposal = _locked(proposal, acting_user)
    if proposal.moderation != ProposalModeration.PENDING:
        raise ValidationError(_("This proposal has already been moderated."))
    proposal.moderation = ProposalModeration.PUBLISHED
    proposal.moderated_by, proposal.moderated_at = acting_user, timezone.now()
    if not proposal.answer_status:
        proposal.answer_status = ProposalAnswerStatus.UNDER_STUDY
    proposal.full_clean()
    proposal.save()
    audit_record(action=PROPOSAL_PUBLISHED, actor=acting_user, city=proposal.city, target=proposal)
    return proposal


@transaction.atomic
def proposal_reject(*, proposal: Proposal, acting_user: User, reason: str) -> Proposal:
    proposal = _locked(proposal, acting_user)
    if proposal.moderation != ProposalModeration.PENDING:
        raise ValidationError(_("This proposal has already been moderated."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for the rejection: the author will read it.")]})
    proposal.moderation = ProposalModeration.REJECTED
    proposal.rejection_reason = reason.strip()
    proposal.moderated_by, proposal.moderated_at = acting_user, timezone.now()
    proposal.full_clean()
    proposal.save()
    audit_record(
        action=PROPOSAL_REJECTED, actor=acting_user, city=proposal.city, target=proposal, data={"reason": reason}
    )
    return proposal


@transaction.atomic
def proposal_answer(*, proposal: Proposal, acting_user: User, status: str, answer: str) -> Proposal:
    """The City's official answer and the proposal's status; only for published proposals."""
    proposal = _locked(proposal, acting_user)
    if proposal.moderation != ProposalModeration.PUBLISHED:
        raise ValidationError(_("Only a published proposal can be answered."))
    if status not in ProposalAnswerStatus.values:
        raise ValidationError({"status": [_("Choose a valid status.")]})
    before = proposal.answer_status
    proposal.answer_status, proposal.answer = status, answer.strip()
    proposal.answered_by, proposal.answered_at = acting_user, timezone.now()
    proposal.full_clean()
    proposal.save()
    audit_record(
        action=PROPOSAL_ANSWERED,
        actor=acting_user,
        city=proposal.city,
        target=proposal,
        data={"before": before, "after": status},
    )
    return proposal


@transaction.atomic
def proposal_link_measures(*, proposal: Proposal, acting_user: User, measures: Iterable[Any]) -> Proposal:
    """Replace the plan measures the proposal feeds."""
    proposal = _locked(proposal, acting_user)
    measures = _check_measures(proposal.city, measures)
    proposal.measures.set(measures)
    audit_record(
        action=PROPOSAL_MEASURES_LINKED,
        actor=acting_user,
        city=proposal.city,
        target=proposal,
        data={"measures": sorted(m.pk for m in measures)},
    )
    return proposal
