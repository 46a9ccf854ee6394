"""Coordinators: unfilled places, coverage gaps, and "fill the gaps" with the matching engine."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from accueil.accounts.models import Role
from accueil.audit.models import AuditEvent
from accueil.notifications.models import Message
from accueil.testing.accounts_factories import totp_activate, user_with_role
from accueil.testing.coordination_factories import next_weekday, shift, volunteer
from accueil.testing.volunteering_factories import SignupFactory
from accueil.volunteering.models import (
    LanguageLevel,
    ProposalStatus,
    ShiftProposal,
    Signup,
    SignupStatus,
    Skill,
)
from accueil.volunteering.selectors.coverage import coverage_gaps, fill_candidates
from accueil.volunteering.services import gaps_fill

pytestmark = pytest.mark.django_db

MONDAY, SATURDAY = 0, 5
MORNING = (dt.time(9), dt.time(13))


def _coordinator(city):
    user = user_with_role(city=city, role=Role.COORDINATOR)
    totp_activate(user=user)
    return user


def _period(first, last):
    return first.date(), last.date()


@pytest.fixture
def scene(city):
    """Two shifts on Monday morning in district 1 and the volunteers around them.

    - ``teach`` wants the skill FLE teaching; ``sort`` wants nothing special; one place each.
    - ``ana`` (district 1, FLE) and ``ben`` (district 1) are the natural pair: ana→teach, ben→sort.
    - ``cleo`` is only free on Saturday, ``dan`` lacks the Arabic that ``arabic`` requires,
      ``eve`` already holds an accepted shift at that time, ``fay`` has no safeguarding check for ``vulnerable``.
    """
    d1, d2 = city.districts.order_by("number")[:2]
    fle = Skill.objects.get(code="teaching_fle")
    start = next_weekday(MONDAY, hour=10)
    shifts = {
        "teach": shift(city=city, starts_at=start, district=d1, skills=[fle]),
        "sort": shift(city=city, starts_at=start, district=d1),
        "arabic": shift(
            city=city, starts_at=start + dt.timedelta(hours=0), district=d2, languages={"ar": LanguageLevel.B2}
        ),
        "vulnerable": shift(city=city, starts_at=start, district=d2, vulnerable_people=True),
    }
    monday = [(MONDAY, *MORNING)]
    people = {
        "ana": volunteer(city=city, districts=[d1], availability=monday, skills=[fle]),
        "ben": volunteer(city=city, districts=[d1], availability=monday),
        "cleo": volunteer(city=city, districts=[d1, d2], availability=[(SATURDAY, *MORNING)]),
        "dan": volunteer(city=city, districts=[d2], availability=monday, languages={"ar": LanguageLevel.A2}),
        "eve": volunteer(city=city, districts=[d2], availability=monday, languages={"ar": LanguageLevel.C2}),
        "fay": volunteer(city=city, districts=[d2], availability=monday, safeguarding=False),
    }
    other = shift(city=city, starts_at=start - dt.timedelta(minutes=30), district=d2, capacity=3)
    SignupFactory(shift=other, volunteer=people["eve"].user, status=SignupStatus.ACCEPTED)
    type(other).objects.filter(pk=other.pk).update(accepted_count=1)
    return {"shifts": shifts, "people": people, "start": start, "other": other}


def _brute_force_best(candidates) -> float:
    """Best total score over every assignment respecting one shift per volunteer and the places of each shift."""
    by_volunteer = {}
    for candidate in candidates:
        by_volunteer.setdefault(candidate.volunteer.user_id, []).append(candidate)
    options = [[None, *choices] for choices in by_volunteer.values()]
    best = 0.0
    for combination in itertools.product(*options):
        taken = {}
        for choice in combination:
            if choice is not None:
                taken[choice.shift.shift_id] = taken.get(choice.shift.shift_id, 0) + 1
        if all(taken[c.shift.shift_id] <= c.shift.places_left for c in combination if c is not None):
            best = max(best, sum(c.score for c in combination if c is not None))
    return round(best, 3)


@pytest.mark.smoke
def test_fill_the_gaps_proposes_the_optimum_and_respects_hard_constraints(city, scene):
    coordinator = _coordinator(city)
    people, shifts = scene["people"], scene["shifts"]
    day = scene["start"].date()

    candidates = fill_candidates(
        city, start=scene["start"] - dt.timedelta(hours=3), end=scene["start"] + dt.timedelta(hours=3)
    )
    pairs = {(c.volunteer.user_id, c.shift.shift_id) for c in candidates}
    for name in ("cleo", "eve"):  # free only on Saturday / already busy at that time
        assert not any(user_id == people[name].user_id for user_id, _ in pairs)
    assert (people["dan"].user_id, shifts["arabic"].pk) not in pairs  # Arabic A2 < B2
    assert (people["eve"].user_id, shifts["arabic"].pk) not in pairs  # Arabic C2 but overlapping shift
    assert (people["fay"].user_id, shifts["vulnerable"].pk) not in pairs  # no safeguarding check
    assert (people["ana"].user_id, shifts["teach"].pk) in pairs

    result = gaps_fill(city=city, acting_user=coordinator, start=day, end=day)

    chosen = {(p.volunteer_id, p.shift_id) for p in result.proposals}
    assert (people["ana"].user_id, shifts["teach"].pk) in chosen
    assert (people["ben"].user_id, shifts["sort"].pk) in chosen
    assert result.objective == _brute_force_best(candidates)
    assert float(sum(p.score for p in result.proposals)) == result.objective
    assert all(p.status == ProposalStatus.PROPOSED and p.created_by == coordinator for p in result.proposals)
    assert len({p.volunteer_id for p in result.proposals}) == len(result.proposals)  # one per volunteer
    ana = ShiftProposal.objects.get(volunteer=people["ana"].user)
    assert {r["code"] for r in ana.reasons} >= {"open_place", "district", "skills", "fairness"}
    assert sum(r["points"] for r in ana.reasons) == pytest.approx(float(ana.score))
    notification = Message.objects.get(kind="volunteering.proposal", to_user=people["ana"].user)
    assert notification.key == f"proposal:{ana.pk}"
    assert shifts["teach"].mission.title in notification.subject
    assert AuditEvent.objects.filter(action="volunteering.gaps_filled").count() == 1

    # A second run proposes nothing new: places are held by the open proposals, pairs are never repeated.
    again = gaps_fill(city=city, acting_user=coordinator, start=day, end=day)
    assert again.proposals == []
    assert ShiftProposal.objects.count() == len(result.proposals)


def test_accepting_a_proposal_signs_up_and_declining_frees_nothing(city, scene, client):
    coordinator = _coordinator(city)
    day = scene["start"].date()
    gaps_fill(city=city, acting_user=coordinator, start=day, end=day)
    ana, ben = scene["people"]["ana"].user, scene["people"]["ben"].user
    teach, sort = scene["shifts"]["teach"], scene["shifts"]["sort"]

    client.force_login(ana)
    page = client.get(reverse("volunteering:proposals"))
    assert page.status_code == 200
    assert teach.mission.title in page.content.decode()
    proposal = ShiftProposal.objects.get(volunteer=ana)
    response = client.post(reverse("volunteering:proposal_answer", args=[proposal.pk]), {"answer": "accept"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    teach.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    signup = Signup.objects.get(volunteer=ana, shift=teach)
    assert (signup.status, signup.source, proposal.signup_id) == (SignupStatus.ACCEPTED, "proposal", signup.pk)
    assert teach.accepted_count == 1

    client.force_login(ben)
    declined = ShiftProposal.objects.get(volunteer=ben)
    client.post(reverse("volunteering:proposal_answer", args=[declined.pk]), {"answer": "decline"})
    declined.refresh_from_db()
    sort.refresh_from_db()
    assert declined.status == ProposalStatus.DECLINED
    assert sort.accepted_count == 0
    assert not Signup.objects.filter(volunteer=ben).exists()


def test_a_volunteer_cannot_answer_someone_elses_proposal(city, scene, client):
    gaps_fill(city=city, acting_user=_coordinator(city), start=scene["start"].date(), end=scene["start"].date())
    proposal = ShiftProposal.objects.get(volunteer=scene["people"]["ana"].user)
    client.force_login(scene["people"]["ben"].user)
    response = client.post(reverse("volunteering:proposal_answer", args=[proposal.pk]), {"answer": "accept"})
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED
    assert not Signup.objects.filter(shift=proposal.shift, volunteer=scene["people"]["ana"].user).exists()


def test_non_coordinators_are_refused_and_nothing_is_created(city, other_city, scene, client):
    day = scene["start"].date().isoformat()
    url = reverse("volunteering:coordination_fill")
    for user in (
        scene["people"]["ana"].user,  # a volunteer
        user_with_role(city=city, role=Role.ELECTED_OFFICIAL),
        _coordinator(other_city),  # a coordinator of another city
    ):
        client.force_login(user)
        assert client.post(url, {"start": day, "end": day}).status_code == 403
        expected = 200 if user.role_assignments.filter(role=Role.ELECTED_OFFICIAL, city=city).exists() else 403
        assert client.get(reverse("volunteering:coordination")).status_code == expected  # read-only for officials
    with pytest.raises(PermissionDenied):
        gaps_fill(
            city=city, acting_user=scene["people"]["ana"].user, start=scene["start"].date(), end=scene["start"].date()
        )
    assert ShiftProposal.objects.count() == 0
    assert Message.objects.filter(kind="volunteering.proposal").count() == 0
    client.logout()
    assert client.post(url, {"start": day, "end": day}).status_code == 302  # to the sign-in page
    assert ShiftProposal.objects.count() == 0


def test_coordinator_dashboard_and_fill_form(city, scene, client):
    client.force_login(_coordinator(city))
    start = scene["start"].date()
    response = client.get(reverse("volunteering:coordination"), {"start": start, "end": start})
    assert response.status_code == 200
    summary = response.context["summary"]
    # teach, sort, arabic, vulnerable (1 place each) and the 3-place shift where eve holds one.
    assert (summary.total.shifts, summary.total.places, summary.total.accepted) == (5, 7, 1)
    assert [row.unfilled for row in summary.by_district] == [2, 4]
    html = response.content.decode()
    assert '<th scope="col">' in html

    bad = client.post(reverse("volunteering:coordination_fill"), {"start": start, "end": start - dt.timedelta(days=1)})
    assert bad.status_code == 400
    assert ShiftProposal.objects.count() == 0
    preview = client.get(reverse("volunteering:coordination_fill"), {"start": start, "end": start})
    pairs = re.findall(r'name="pair" value="(\d+:\d+)" checked', preview.content.decode())
    assert (preview.status_code, len(pairs), ShiftProposal.objects.count()) == (200, 4, 0)  # a preview writes nothing
    good = client.post(reverse("volunteering:coordination_fill"), {"start": start, "end": start, "pair": pairs})
    assert good.status_code == 302
    assert ShiftProposal.objects.count() == 4  # ana, ben, and dan and fay in district 2
    listing = client.get(reverse("volunteering:coordination_proposals"))
    assert listing.status_code == 200
    assert scene["shifts"]["teach"].mission.title in listing.content.decode()


def test_coverage_gaps_name_the_missing_language_and_day(city):
    d1 = city.districts.get(number=1)
    saturday = next_weekday(SATURDAY, hour=14)
    shift(city=city, starts_at=saturday, district=d1, capacity=2, languages={"ti": LanguageLevel.C1})
    shift(city=city, starts_at=saturday, district=d1, capacity=3, languages={"ar": LanguageLevel.B1})
    volunteer(
        city=city,
        districts=[d1],
        availability=[(SATURDAY, dt.time(10), dt.time(18))],
        languages={"ar": LanguageLevel.NATIVE},
    )
    volunteer(
        city=city,
        districts=[d1],
        availability=[(MONDAY, dt.time(10), dt.time(18))],
        languages={"ti": LanguageLevel.NATIVE},
    )
    with translation.override("en"):
        gaps = coverage_gaps(city, start=saturday - dt.timedelta(days=1), end=saturday + dt.timedelta(days=1))
        language = [gap for gap in gaps if gap.kind == "language"]
        assert [(gap.what, gap.where, gap.places, gap.volunteers) for gap in language] == [
            ("Arabic", "Saturday", 3, 1),
            ("Tigrinya", "Saturday", 2, 0),
        ]
        assert language[1].sentence == "No Tigrinya speaker available on Saturday for 2 open places."
        assert language[0].sentence == "Only 1 Arabic speakers available on Saturday for 3 open places."
    district = [gap for gap in gaps if gap.kind == "district"]
    assert [(gap.where, gap.places, gap.volunteers) for gap in district] == [("District 1", 5, 2)]


def test_only_the_ticked_proposals_are_sent(city, scene, client):
    client.force_login(_coordinator(city))
    day = scene["start"].date().isoformat()
    url = reverse("volunteering:coordination_fill")
    pairs = re.findall(r'name="pair" value="(\d+:\d+)"', client.get(url, {"start": day, "end": day}).content.decode())
    kept, forged = pairs[0], "999999:999999"
    response = client.post(url, {"start": day, "end": day, "pair": [kept, forged, "x:1"]})
    sent = list(ShiftProposal.objects.values_list("volunteer_id", "shift_id"))
    assert (response.status_code, sent) == (302, [tuple(int(part) for part in kept.split(":"))])


def test_confirming_nothing_sends_nothing(city, scene, client):
    client.force_login(_coordinator(city))
    day = scene["start"].date().isoformat()
    response = client.post(reverse("volunteering:coordination_fill"), {"start": day, "end": day})
    assert (response.status_code, ShiftProposal.objects.count()) == (302, 0)
