"""Row locks of the learning app, always taken in this order on every path:

1. the learner row (`Learner`): two applications of one person for one need are served one after the other;
2. the course rows (`Course`), in primary-key order: an application locks every class that suits it, so a
   place freed on one of them is either seen by the application (it takes it) or finds the application
   already waiting (the place passes to it);
3. the application rows, then the enrolment rows.

A place is taken with a conditional update (`places_taken < places`) and the `CheckConstraint` keeps
`places_taken` within `places` whatever happens; the conditional unique constraints (one active application
per learner and need, one place per application) turn any lost race into a refusal with a code.
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import Course, Enrolment, Learner, LearnerApplication


def lock_learner(learner_id: int) -> Learner:
    return Learner.objects.select_for_update().get(pk=learner_id)


def lock_courses(course_ids: Iterable[int]) -> dict[int, Course]:
    ids = sorted(set(course_ids))
    if not ids:
        return {}
    rows = Course.objects.select_for_update(of=("self",)).filter(pk__in=ids).select_related("district").order_by("pk")
    return {course.pk: course for course in rows}


def lock_application(application_id: int) -> LearnerApplication:
    return LearnerApplication.objects.select_for_update(of=("self",)).select_related("district").get(pk=application_id)


def lock_enrolment(enrolment_id: int) -> Enrolment:
    return Enrolment.objects.select_for_update(of=("self",)).get(pk=enrolment_id)
