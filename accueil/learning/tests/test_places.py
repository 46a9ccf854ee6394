"""One application per need, places offered in order, a freed place passing to the next person at once."""

from __future__ import annotations

import pytest

from accueil.core.errors import Refused
from accueil.learning import services
from accueil.learning.errors import LearningError
from accueil.learning.models import ApplicationStatus, Course, Enrolment, EnrolmentStatus, LearnerApplication, Level

pytestmark = pytest.mark.django_db


def test_an_application_takes_the_free_place_of_a_suitable_class(make_course, make_learner, apply):
    course = make_course(places=2)
    learner, user = make_learner()
    application = apply(learner, user)
    assert application.status == ApplicationStatus.OFFERED
    enrolment = Enrolment.objects.get(application=application)
    assert (enrolment.course_id, enrolment.status) == (course.pk, EnrolmentStatus.OFFERED)
    course.refresh_from_db()
    assert course.places_taken == 1


def test_a_second_application_for_the_same_need_is_refused_and_writes_nothing(make_course, make_learner, apply):
    make_course(places=1)
    make_course(places=1)
    learner, user = make_learner()
    apply(learner, user)
    with pytest.raises(Refused) as refused:
        apply(learner, user)
    assert refused.value.code == LearningError.ALREADY_APPLIED
    assert LearnerApplication.objects.filter(learner=learner).count() == 1
    assert sorted(Course.objects.values_list("places_taken", flat=True)) == [0, 1]


def test_hard_rules_keep_unsuitable_classes_out(make_course, make_learner, apply, districts):
    make_course(level_required=Level.A2, level_reached=Level.B1)  # level too high
    make_course(days=32)  # Saturday only: the learner is free on Monday
    make_course(district=districts[2])  # about 4.4 km away, the learner accepts 2
    make_course(women_only=True)
    make_course(cost_eur=30)
    learner, user = make_learner(level=Level.A0)
    application = apply(learner, user, days=1 | 4, max_km=2, needs_childcare=False)
    assert application.status == ApplicationStatus.WAITING
    assert Enrolment.objects.count() == 0


def test_a_declined_place_goes_to_the_next_person_in_line_at_once(make_course, make_learner, apply):
    course = make_course(places=1)
    first, first_user = make_learner()
    second, second_user = make_learner()
    third, third_user = make_learner()
    offered = apply(first, first_user)
    waiting_second = apply(second, second_user)
    waiting_third = apply(third, third_user)
    assert (waiting_second.status, waiting_third.status) == (ApplicationStatus.WAITING, ApplicationStatus.WAITING)
    enrolment = Enrolment.objects.get(application=offered)
    services.offer_decline(enrolment=enrolment, acting_user=first_user)
    assert Enrolment.objects.get(course=course, status=EnrolmentStatus.OFFERED).application_id == waiting_second.pk
    offered.refresh_from_db()
    assert offered.status == ApplicationStatus.WAITING  # keeps its place in line for another class
    course.refresh_from_db()
    assert course.places_taken == 1


def test_a_learner_who_declined_a_class_is_not_offered_it_again(make_course, make_learner, apply):
    course = make_course(places=1)
    first, first_user = make_learner()
    apply(first, first_user)
    services.offer_decline(enrolment=Enrolment.objects.get(learner=first), acting_user=first_user)
    course.refresh_from_db()
    assert course.places_taken == 0
    assert Enrolment.objects.filter(course=course, status=EnrolmentStatus.OFFERED).count() == 0


def test_a_drop_out_frees_the_place_for_the_next_person(make_course, make_learner, apply, partner):
    course = make_course(places=1)
    first, first_user = make_learner()
    second, second_user = make_learner()
    apply(first, first_user)
    apply(second, second_user)
    enrolment = Enrolment.objects.get(learner=first)
    services.offer_accept(enrolment=enrolment, acting_user=first_user)
    enrolment.refresh_from_db()
    services.enrolment_end(enrolment=enrolment, acting_user=partner, completed=False)
    assert Enrolment.objects.get(course=course, status=EnrolmentStatus.OFFERED).learner_id == second.pk
    assert LearnerApplication.objects.get(learner=first).status == ApplicationStatus.CLOSED


def test_an_offer_not_answered_in_time_expires_and_passes_on(make_course, make_learner, apply):
    import datetime as dt

    from django.utils import timezone

    course = make_course(places=1)
    first, first_user = make_learner()
    second, second_user = make_learner()
    apply(first, first_user)
    apply(second, second_user)
    assert services.offers_expire(now=timezone.now() + dt.timedelta(days=8)) == 1
    assert Enrolment.objects.get(learner=first).status == EnrolmentStatus.EXPIRED
    assert Enrolment.objects.get(course=course, status=EnrolmentStatus.OFFERED).learner_id == second.pk


def test_more_places_go_to_the_people_waiting(make_course, make_learner, apply, partner):
    course = make_course(places=1)
    people = [make_learner() for _ in range(3)]
    for learner, user in people:
        apply(learner, user)
    services.course_set_places(course=course, places=3, acting_user=partner)
    assert Enrolment.objects.filter(course=course, status=EnrolmentStatus.OFFERED).count() == 3


def test_fewer_places_than_taken_is_refused(make_course, make_learner, apply, partner):
    course = make_course(places=2)
    for _ in range(2):
        learner, user = make_learner()
        apply(learner, user)
    with pytest.raises(Refused) as refused:
        services.course_set_places(course=course, places=1, acting_user=partner)
    assert refused.value.code == LearningError.PLACES_BELOW_TAKEN
    course.refresh_from_db()
    assert course.places == 2


def test_a_placement_test_sets_the_lowest_skill_as_level(make_learner, partner, association):
    learner, _ = make_learner(level=None)
    test = services.placement_test_record(
        learner=learner,
        organisation=association,
        acting_user=partner,
        oral=Level.B1,
        reading=Level.A2,
        writing=Level.A1,
    )
    learner.refresh_from_db()
    assert (test.level, learner.level) == (Level.A1, Level.A1)


def test_without_a_level_an_application_is_refused(make_course, make_learner, apply):
    make_course()
    learner, user = make_learner(level=None)
    with pytest.raises(Refused) as refused:
        apply(learner, user)
    assert refused.value.code == LearningError.LEVEL_UNKNOWN
    assert LearnerApplication.objects.count() == 0


def test_attendance_counts_on_the_path(make_course, make_learner, apply, partner):
    import datetime as dt

    from accueil.learning import selectors

    course = make_course(places=2)
    learner, user = make_learner()
    apply(learner, user)
    enrolment = Enrolment.objects.get(learner=learner)
    services.offer_accept(enrolment=enrolment, acting_user=user)
    today = dt.date.today()
    services.session_record(course=course, acting_user=partner, date=today, present=[enrolment.pk])
    services.session_record(course=course, acting_user=partner, date=today + dt.timedelta(days=2), present=[])
    path = selectors.learner_path(learner=learner)
    assert [(e.sessions, e.present, e.rate) for e in path.enrolments] == [(2, 1, 50)]
