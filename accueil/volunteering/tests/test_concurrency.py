"""Real parallel requests against PostgreSQL: row locks, conditional updates and constraints under load."""

import datetime as dt

import pytest
from django.test import Client

from accueil.testing.concurrency import run_together
from accueil.testing.volunteering_factories import MissionFactory, ShiftFactory
from accueil.volunteering import services
from accueil.volunteering.models import Shift, Signup, SignupStatus

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_parallel(functions):
    """The callables' results; none of them may raise."""
    outcomes = run_together(functions)
    assert outcomes.errors == []
    return outcomes.values


def api_sign_up(user, shift_id):
    def call():
        client = Client()
        client.force_login(user)
        response = client.post(f"/api/v1/shifts/{shift_id}/signups")
        return response.status_code, response.json()

    return call


def test_forty_parallel_requests_never_overbook(postgres_only, city, mission, make_volunteer):
    shift = ShiftFactory(mission=mission, capacity=10)
    people = [make_volunteer() for _ in range(40)]
    results = run_parallel([api_sign_up(person, shift.pk) for person in people])
    statuses = sorted(r[1]["status"] for r in results)
    assert {r[0] for r in results} == {201}, results
    assert statuses.count("accepted") == 10
    assert statuses.count("waitlisted") == 30
    shift.refresh_from_db()
    assert shift.accepted_count == 10
    assert Signup.objects.filter(shift=shift, status=SignupStatus.ACCEPTED).count() == 10
    assert Signup.objects.filter(shift=shift).values("volunteer").distinct().count() == 40


def test_same_volunteer_ten_parallel_attempts_one_signup(postgres_only, city, mission, volunteer):
    shift = ShiftFactory(mission=mission, capacity=5)
    results = run_parallel([api_sign_up(volunteer, shift.pk) for _ in range(10)])
    codes = sorted(r[0] for r in results)
    assert codes == [201] + [409] * 9, results
    assert {r[1]["error"]["code"] for r in results if r[0] == 409} == {"already_signed_up"}
    assert Signup.objects.filter(shift=shift, volunteer=volunteer).count() == 1
    shift.refresh_from_db()
    assert shift.accepted_count == 1


def test_parallel_overlapping_shifts_one_wins(postgres_only, city, mission, volunteer):
    first = ShiftFactory(mission=mission, capacity=5)
    others = [
        ShiftFactory(
            mission=MissionFactory(city=city),
            starts_at=first.starts_at + dt.timedelta(minutes=10 * i),
            ends_at=first.ends_at + dt.timedelta(minutes=10 * i),
            capacity=5,
        )
        for i in range(1, 6)
    ]
    shifts = [first, *others]
    results = run_parallel([api_sign_up(volunteer, s.pk) for s in shifts])
    codes = sorted(r[0] for r in results)
    assert codes == [201] + [409] * 5, results
    assert {r[1]["error"]["code"] for r in results if r[0] == 409} == {"overlap"}
    assert Signup.objects.filter(volunteer=volunteer).count() == 1
    assert sum(Shift.objects.filter(pk__in=[s.pk for s in shifts]).values_list("accepted_count", flat=True)) == 1


def test_parallel_cancellations_promote_exactly_the_freed_places(postgres_only, city, mission, make_volunteer):
    shift = ShiftFactory(mission=mission, capacity=5)
    people = [make_volunteer() for _ in range(12)]
    signups = [services.shift_sign_up(shift=shift, volunteer=p, acting_user=p) for p in people]
    accepted = [s for s in signups if s.status == SignupStatus.ACCEPTED]
    assert len(accepted) == 5

    def cancel(signup):
        return lambda: services.signup_cancel(signup=signup, acting_user=signup.volunteer).status

    results = run_parallel([cancel(s) for s in accepted[:3]])
    assert results == ["cancelled"] * 3
    shift.refresh_from_db()
    assert shift.accepted_count == 5
    promoted = list(
        Signup.objects.filter(shift=shift, status=SignupStatus.ACCEPTED)
        .exclude(pk__in=[s.pk for s in accepted])
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    assert promoted == [s.pk for s in signups[5:8]]


def test_cancellations_beside_new_sign_ups_never_leave_a_free_place_with_people_waiting(
    postgres_only, city, mission, make_volunteer
):
    """New sign-ups share the shift's lock; a cancellation waits for them (and they for it), so a place freed while
    late sign-ups arrive goes to the waiting list instead of staying empty beside it."""
    shift = ShiftFactory(mission=mission, capacity=4)
    first = [make_volunteer() for _ in range(4)]
    signups = [services.shift_sign_up(shift=shift, volunteer=p, acting_user=p) for p in first]
    late = [make_volunteer() for _ in range(12)]

    def cancel(signup):
        return lambda: (201, {"status": services.signup_cancel(signup=signup, acting_user=signup.volunteer).status})

    results = run_parallel([*(cancel(s) for s in signups[:2]), *(api_sign_up(p, shift.pk) for p in late)])
    assert sorted(r[1]["status"] for r in results[:2]) == ["cancelled", "cancelled"]
    assert {r[0] for r in results[2:]} == {201}
    shift.refresh_from_db()
    waiting = Signup.objects.filter(shift=shift, status=SignupStatus.WAITLISTED).count()
    accepted = Signup.objects.filter(shift=shift, status=SignupStatus.ACCEPTED).count()
    assert (shift.accepted_count, accepted, waiting) == (4, 4, 10)
