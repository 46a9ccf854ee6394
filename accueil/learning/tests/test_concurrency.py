"""300 people apply at once for the last 12 places of popular classes, on PostgreSQL: exactly 12 offers, the
other 288 waiting in the order they applied, nothing lost, no class over its size."""

from __future__ import annotations

import pytest
from django.db import connection

from accueil.accounts.models import User
from accueil.learning.models import (
    ApplicationStatus,
    Course,
    Enrolment,
    EnrolmentStatus,
    Learner,
    LearnerApplication,
    Level,
)
from accueil.testing.concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_three_hundred_applications_for_the_last_twelve_places(postgres_only, city, make_course, apply, districts):
    popular = [make_course(places=10), make_course(places=10, district=districts[1]), make_course(places=10)]
    # 18 of the 30 places are already taken: 12 remain.
    for course in popular:
        Course.objects.filter(pk=course.pk).update(places_taken=6)
    users = User.objects.bulk_create(User(email=f"learner{n}@example.org", password="!") for n in range(300))
    learners = Learner.objects.bulk_create(
        Learner(city=city, user=user, reference=f"L-{n:05d}", level=Level.A0) for n, user in enumerate(users)
    )
    people = list(zip(learners, users, strict=True))

    def attempt(learner, user):
        return lambda: apply(learner, user).status

    connection.close()  # the 300 threads need every connection of the test cluster
    outcomes = run_together([attempt(learner, user) for learner, user in people], timeout=240)
    assert outcomes.errors == []
    assert sorted(set(outcomes.values)) == [ApplicationStatus.OFFERED, ApplicationStatus.WAITING]
    assert outcomes.values.count(ApplicationStatus.OFFERED) == 12
    assert outcomes.values.count(ApplicationStatus.WAITING) == 288
    assert LearnerApplication.objects.count() == 300
    assert Enrolment.objects.filter(status=EnrolmentStatus.OFFERED).count() == 12
    assert sorted(Course.objects.values_list("places_taken", flat=True)) == [10, 10, 10]
    # Nothing lost: a place freed goes to the first of the 288 in the order they applied.
    first_waiting = (
        LearnerApplication.objects.filter(status=ApplicationStatus.WAITING).order_by("created_at", "pk").first()
    )
    offered = Enrolment.objects.filter(status=EnrolmentStatus.OFFERED).select_related("learner__user").first()
    from accueil.learning import services

    services.offer_decline(enrolment=offered, acting_user=offered.learner.user)
    assert (
        Enrolment.objects.get(application=first_waiting, status=EnrolmentStatus.OFFERED).course_id == offered.course_id
    )
