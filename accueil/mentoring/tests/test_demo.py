"""The mentoring demo loader: idempotent, pseudonymous, pairs that respect the engine's hard constraints."""

from __future__ import annotations

import io

import pytest

from accueil.mentoring import demo
from accueil.mentoring.models import Beneficiary, MentoringMeeting, Mentorship, MentorshipStatus
from accueil.mentoring.pairing import MENTOR_CAPACITY
from accueil.testing.factories import MembershipFactory, OrganisationFactory
from accueil.volunteering.models import VolunteerProfile

pytestmark = pytest.mark.django_db


def mentor_profile(mentorship):  # type: ignore[no-untyped-def]
    """The mentor's volunteer profile in the mentorship's city (a person has one per city)."""
    return next(p for p in mentorship.mentor.volunteer_profiles.all() if p.city_id == mentorship.city_id)


def snapshot(city):  # type: ignore[no-untyped-def]
    return (
        Beneficiary.objects.filter(city=city).count(),
        Mentorship.objects.filter(city=city, status=MentorshipStatus.ACTIVE).count(),
        Mentorship.objects.filter(city=city, status=MentorshipStatus.CLOSED).count(),
        MentoringMeeting.objects.filter(city=city).count(),
        VolunteerProfile.objects.filter(city=city).count(),
    )


@pytest.mark.smoke
def test_loader_twice_gives_the_same_counts(city):
    organisations = [OrganisationFactory(city=city, name=name) for name in ("Croix-Rouge française", "B", "C")]
    supervisor = MembershipFactory(organisation=organisations[0]).user
    out = io.StringIO()
    first = demo.load_demo(city=city, stdout=out)
    assert first["beneficiaries"] == 30
    assert (first["active"], first["closed"]) == (12, 8)
    after_first = snapshot(city)
    assert after_first[:3] == (30, 12, 8)
    assert after_first[4] == 12  # the twelve demo mentors
    assert demo.load_demo(city=city) == {"beneficiaries": 0, "active": 0, "closed": 0, "meetings": 0}
    assert snapshot(city) == after_first
    assert "mentoring: 30 beneficiaries" in out.getvalue()

    beneficiaries = Beneficiary.objects.filter(city=city)
    assert all(b.is_demo and b.sensitive_notes == "" for b in beneficiaries)
    assert {b.organisation_id for b in beneficiaries} == {o.pk for o in organisations}
    for mentorship in (
        Mentorship.objects.filter(city=city)
        .select_related("mentor")
        .prefetch_related("beneficiary__languages", "mentor__volunteer_profiles__languages")
    ):
        assert mentorship.mentor.email.endswith("@demo.accueil.invalid")
        person = {lang.pk for lang in mentorship.beneficiary.languages.all()}
        spoken = {vl.language_id for vl in mentor_profile(mentorship).languages.all() if vl.level >= 3}
        assert person & spoken
        assert dict(mentorship.reasons)["shared_languages"] >= 2
        if mentorship.beneficiary.organisation_id == organisations[0].pk:
            assert mentorship.supervisor == supervisor
        if mentorship.status == MentorshipStatus.CLOSED:
            assert mentorship.outcome and mentorship.closed_at > mentorship.started_at
    active = Mentorship.objects.filter(city=city, status=MentorshipStatus.ACTIVE)
    per_mentor = {}
    for mentor_id in active.values_list("mentor_id", flat=True):
        per_mentor[mentor_id] = per_mentor.get(mentor_id, 0) + 1
    assert max(per_mentor.values()) <= MENTOR_CAPACITY


def test_no_organisation_no_content(city):
    assert demo.load_demo(city=city) == {"beneficiaries": 0, "active": 0, "closed": 0, "meetings": 0}
    assert Beneficiary.objects.count() == 0
