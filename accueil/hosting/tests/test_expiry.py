"""Proposals not answered in time expire through the worker, and the next candidate is proposed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accueil.audit.models import AuditEvent
from accueil.core.errors import Refused
from accueil.hosting import events, services, tasks
from accueil.hosting.errors import HostingError
from accueil.hosting.models import ANSWER_WITHIN, Answer, Proposal, ProposalStatus
from accueil.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_offers(make_offer, social_worker):
    first = make_offer(verify_by=social_worker)
    second = make_offer(user=UserFactory(email="host2@example.org"), verify_by=social_worker)
    return first, second


def _run(city, social_worker):
    return services.matching_run(
        city=city, acting_user=social_worker, organisation=social_worker.memberships.get().organisation
    )


def test_a_proposal_carries_the_time_to_answer(city, two_offers, make_household, social_worker):
    make_household()
    before = timezone.now()
    [proposal] = _run(city, social_worker)
    assert before + ANSWER_WITHIN <= proposal.answer_by <= timezone.now() + ANSWER_WITHIN


def test_an_unanswered_proposal_expires_and_the_next_offer_is_proposed(city, two_offers, make_household, social_worker):
    household = make_household()
    [first] = _run(city, social_worker)
    later = first.answer_by + dt.timedelta(minutes=1)
    assert services.proposals_expire(now=later) == 1
    first.refresh_from_db()
    assert (first.status, first.decided_at) == (ProposalStatus.EXPIRED, later)
    [following] = Proposal.objects.filter(household=household, status=ProposalStatus.PROPOSED)
    assert {following.offer_id, first.offer_id} == {o.pk for o in two_offers}
    assert AuditEvent.objects.filter(action=events.PROPOSALS_EXPIRED, data__proposals=[first.pk]).count() == 1


def test_nothing_expires_before_its_time(city, two_offers, make_household, social_worker):
    make_household()
    [proposal] = _run(city, social_worker)
    assert services.proposals_expire(now=proposal.answer_by - dt.timedelta(minutes=1)) == 0
    assert Proposal.objects.get().status == ProposalStatus.PROPOSED


def test_an_accepted_proposal_never_expires(city, two_offers, make_household, social_worker, host):
    make_household()
    [proposal] = _run(city, social_worker)
    services.proposal_answer(proposal=proposal, acting_user=proposal.offer.host, accept=True, side="host")
    services.proposal_answer(proposal=proposal, acting_user=social_worker, accept=True, side="household")
    assert services.proposals_expire(now=proposal.answer_by + dt.timedelta(days=1)) == 0
    assert list(Proposal.objects.values_list("status", flat=True)) == [ProposalStatus.ACCEPTED]


def test_an_expired_proposal_cannot_be_answered_and_nothing_changes(
    city, make_offer, make_household, social_worker, host
):
    make_offer(verify_by=social_worker)
    make_household()
    [proposal] = _run(city, social_worker)
    services.proposals_expire(now=proposal.answer_by + dt.timedelta(minutes=1))
    with pytest.raises(Refused) as refused:
        services.proposal_answer(proposal=proposal, acting_user=host, accept=True, side="host")
    assert refused.value.code == HostingError.PROPOSAL_EXPIRED
    proposal.refresh_from_db()
    assert (proposal.status, proposal.host_answer) == (ProposalStatus.EXPIRED, Answer.PENDING)
    # the only offer was let expire by this household: nothing else to propose to it
    assert Proposal.objects.filter(status=ProposalStatus.PROPOSED).count() == 0


def test_a_declined_place_is_never_proposed_again(city, make_offer, make_household, social_worker, host):
    make_offer(verify_by=social_worker)
    make_household()
    [proposal] = _run(city, social_worker)
    services.proposal_answer(proposal=proposal, acting_user=host, accept=False, side="host")
    assert _run(city, social_worker) == []


def test_the_worker_job_expires_once(city, two_offers, make_household, social_worker):
    make_household()
    [proposal] = _run(city, social_worker)
    Proposal.objects.filter(pk=proposal.pk).update(answer_by=timezone.now() - dt.timedelta(minutes=1))
    assert tasks.proposals_expire_run() == 1
    assert tasks.proposals_expire_run() == 0
    assert Proposal.objects.filter(status=ProposalStatus.PROPOSED).count() == 1
