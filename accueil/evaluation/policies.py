"""Who may do what with assessments, peer reviews, practices and exchanges. Views and endpoints ask here.

- A city's coordinators run its assessments: create a cycle, answer, add evidence, submit, publish.
- A peer reviewer is a coordinator of ANOTHER city: they take the review of a submitted assessment, comment
  and challenge per question, then close the review. Nobody reviews their own city.
- Before publication an assessment is seen by its city's coordinators and its reviewer only; once published,
  by anyone.
- Operators (staff accounts) load frameworks.
- A city's coordinators publish its practices and answer requests for an exchange; another city's
  coordinators ask for one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accueil.accounts.policies import is_active_user, is_coordinator

from .models import Assessment, AssessmentStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City

    from .models import ExchangeRequest, Practice

    Person = User | AnonymousUser


def can_load_frameworks(*, user: Person) -> bool:
    return is_active_user(user) and bool(user.is_staff)


def can_run_assessments(*, user: Person, city: City | None) -> bool:
    return is_coordinator(user=user, city=city)


def can_view_assessment(*, user: Person, assessment: Assessment) -> bool:
    if assessment.status == AssessmentStatus.PUBLISHED:
        return True
    if is_coordinator(user=user, city=assessment.city):
        return True
    return is_reviewer(user=user, assessment=assessment)


def is_reviewer(*, user: Person, assessment: Assessment) -> bool:
    return is_active_user(user) and assessment.reviewer_id is not None and assessment.reviewer_id == user.pk


def can_edit_answers(*, user: Person, assessment: Assessment) -> bool:
    return assessment.status == AssessmentStatus.DRAFT and is_coordinator(user=user, city=assessment.city)


def can_take_review(*, user: Person, assessment: Assessment, reviewer_city: City | None) -> bool:
    """A coordinator of another city, for a submitted assessment nobody reviews yet."""
    return (
        assessment.status == AssessmentStatus.SELF_ASSESSED
        and assessment.reviewer_id is None
        and reviewer_city is not None
        and reviewer_city.pk != assessment.city_id
        and is_coordinator(user=user, city=reviewer_city)
        and not is_coordinator(user=user, city=assessment.city)
    )


def can_review(*, user: Person, assessment: Assessment) -> bool:
    return assessment.status == AssessmentStatus.SELF_ASSESSED and is_reviewer(user=user, assessment=assessment)


def can_publish(*, user: Person, assessment: Assessment) -> bool:
    return assessment.status == AssessmentStatus.PEER_REVIEWED and is_coordinator(user=user, city=assessment.city)


def can_manage_practices(*, user: Person, city: City | None) -> bool:
    return is_coordinator(user=user, city=city)


def can_request_exchange(*, user: Person, practice: Practice, city: City | None) -> bool:
    return (
        practice.published and city is not None and city.pk != practice.city_id and is_coordinator(user=user, city=city)
    )


def can_answer_exchange(*, user: Person, exchange: ExchangeRequest) -> bool:
    return is_coordinator(user=user, city=exchange.practice.city)
