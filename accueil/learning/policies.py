"""Who may do what in the learning app. Views and endpoints ask here.

- Anyone reads the catalogue and the open-data export (no personal data in either).
- A signed-in person applies for themselves and sees their own path, places and certificates.
- Partners (members of a verified organisation of the city) publish and run their organisation's classes,
  record placement tests and attendance, and refer learners; they see a learner's path when the learner
  agreed to share it, or when the learner is in one of their classes or was referred by them.
- Coordinators of the city: the supply and demand figures, the placement engine, every path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from accueil.accounts.policies import is_coordinator
from accueil.organisations.models import Membership, Organisation, Verification

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City

    from .models import Course, Enrolment, Learner

    Person = User | AnonymousUser


def partner_organisations(*, user: Person, city: City) -> QuerySet[Organisation]:
    """The verified organisations of the city the person is a member of."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(city=city, verification=Verification.VERIFIED, memberships__user=user).order_by(
        "name", "pk"
    )


def is_partner(*, user: Person, city: City) -> bool:
    return partner_organisations(user=user, city=city).exists()


def can_act_for(*, user: Person, organisation: Organisation) -> bool:
    return (
        user.is_authenticated
        and organisation.verification == Verification.VERIFIED
        and organisation.memberships.filter(user=user).exists()
    )


def can_run_course(*, user: Person, course: Course) -> bool:
    return is_coordinator(user=user, city=course.city) or can_act_for(user=user, organisation=course.organisation)


def can_coordinate(*, user: Person, city: City) -> bool:
    return user.is_authenticated and is_coordinator(user=user, city=city)


def can_apply_for_self(*, user: Person) -> bool:
    return user.is_authenticated


def can_refer(*, user: Person, city: City) -> bool:
    return is_coordinator(user=user, city=city) or is_partner(user=user, city=city)


def can_view_learner(*, user: Person, learner: Learner) -> bool:
    if not user.is_authenticated:
        return False
    if learner.user_id is not None and learner.user_id == user.pk:
        return True
    if is_coordinator(user=user, city=learner.city):
        return True
    mine = partner_organisations(user=user, city=learner.city)
    if not mine.exists():
        return False
    if learner.shares_path or (learner.referred_by_id is not None and mine.filter(pk=learner.referred_by_id).exists()):
        return True
    return learner.enrolments.filter(course__organisation__in=mine).exists()


def can_act_for_learner(*, user: Person, learner: Learner) -> bool:
    """Apply, answer an offer, withdraw: the learner themselves, the partner who referred them, a coordinator."""
    if not user.is_authenticated:
        return False
    if learner.user_id is not None and learner.user_id == user.pk:
        return True
    if is_coordinator(user=user, city=learner.city):
        return True
    return learner.referred_by is not None and can_act_for(user=user, organisation=learner.referred_by)


def can_answer_offer(*, user: Person, enrolment: Enrolment) -> bool:
    return can_act_for_learner(user=user, learner=enrolment.learner)


# --- What requires a second factor (registered with `accueil.core.readers` in `LearningConfig.ready`) ---


def reads_learners(user: User) -> bool:
    """Members of a partner that referred learners, teaches enrolled ones, or works in a city where a learner
    shares their path with partners: they read learners' names and phones."""
    from .models import Enrolment, Learner

    organisations = Membership.objects.filter(user=user, organisation__verification=Verification.VERIFIED).values(
        "organisation_id"
    )
    cities = Organisation.objects.filter(pk__in=organisations).values("city_id")
    return (
        Learner.objects.filter(referred_by_id__in=organisations).exists()
        or Enrolment.objects.filter(course__organisation_id__in=organisations).exists()
        or Learner.objects.filter(shares_path=True, city_id__in=cities).exists()
    )
