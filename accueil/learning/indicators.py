"""Live indicators of the plan computed from learning records (registered in `accueil.plan.sources`).

Each source is `(city, on_date) -> number`, the figure as it stood at the end of `on_date`. Commitment 8
(language learning, French for work, business creation) and commitment 9 (schooling and homework help,
university, vocational training) count the kinds listed in `models.COMMITMENT_8_KINDS` / `COMMITMENT_9_KINDS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from accueil.plan.sources import end_of_day
from accueil.territories.models import City

from .models import COMMITMENT_8_KINDS, COMMITMENT_9_KINDS, Course, Enrolment, EnrolmentStatus, LearnerApplication

SourceValue = int | None


def _places(city: City, on_date: dt.date, kinds: Sequence[str]) -> SourceValue:
    total = Course.objects.filter(
        city=city,
        kind__in=kinds,
        published=True,
        start_date__lte=on_date,
        end_date__gte=on_date,
        created_at__lt=end_of_day(on_date),
    ).aggregate(n=Sum("places"))["n"]
    return int(total or 0)


def _placed(city: City, on_date: dt.date, kinds: Sequence[str]) -> SourceValue:
    """People who took up a place (enrolled, then completed or still there) up to that day."""
    return (
        Enrolment.objects.filter(
            city=city,
            course__kind__in=kinds,
            answered_at__lt=end_of_day(on_date),
            status__in=(EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.DROPPED),
        )
        .values("learner")
        .distinct()
        .count()
    )


def _waiting(city: City, on_date: dt.date, kinds: Sequence[str]) -> SourceValue:
    end = end_of_day(on_date)
    return (
        LearnerApplication.objects.filter(city=city, kind__in=kinds, created_at__lt=end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end))
        .exclude(
            pk__in=Enrolment.objects.filter(
                city=city,
                answered_at__lt=end,
                status__in=(EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.DROPPED),
            ).values("application_id")
        )
        .count()
    )


def french_places(city: City, on_date: dt.date) -> SourceValue:
    return _places(city, on_date, COMMITMENT_8_KINDS)


def french_learners_placed(city: City, on_date: dt.date) -> SourceValue:
    return _placed(city, on_date, COMMITMENT_8_KINDS)


def french_learners_waiting(city: City, on_date: dt.date) -> SourceValue:
    return _waiting(city, on_date, COMMITMENT_8_KINDS)


def levels_gained(city: City, on_date: dt.date) -> SourceValue:
    """Classes completed with a level reached above the level the learner started at."""
    return Enrolment.objects.filter(
        city=city,
        course__kind__in=COMMITMENT_8_KINDS,
        status=EnrolmentStatus.COMPLETED,
        ended_at__lt=end_of_day(on_date),
        level_reached__isnull=False,
    ).count()


def training_places(city: City, on_date: dt.date) -> SourceValue:
    return _places(city, on_date, COMMITMENT_9_KINDS)


def training_learners_placed(city: City, on_date: dt.date) -> SourceValue:
    return _placed(city, on_date, COMMITMENT_9_KINDS)


INDICATOR_SOURCES: dict[str, tuple[object, Callable[[City, dt.date], SourceValue]]] = {
    "learning.french_places": (_("Places in French classes and programmes open (learning)"), french_places),
    "learning.french_learners_placed": (
        _("Learners who took up a place in a French class (learning)"),
        french_learners_placed,
    ),
    "learning.french_learners_waiting": (_("Learners waiting for a French class (learning)"), french_learners_waiting),
    "learning.levels_gained": (_("French classes completed with a level reached (learning)"), levels_gained),
    "learning.training_places": (
        _("Places in homework help, university preparation and vocational training (learning)"),
        training_places,
    ),
    "learning.training_learners_placed": (
        _("Learners who took up a place in schooling, university or training programmes (learning)"),
        training_learners_placed,
    ),
}
