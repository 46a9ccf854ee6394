"""From rows to the plain facts the placement rules read (`accueil.learning.placement`)."""

from __future__ import annotations

import datetime as dt

from .models import Course, LearnerApplication
from .placement import ClassFacts, LearnerFacts


def class_facts(course: Course) -> ClassFacts:
    district = course.district
    return ClassFacts(
        id=course.pk,
        kind=course.kind,
        level_required=course.level_required,
        level_reached=course.level_reached,
        days=course.days,
        period=course.period,
        childcare=course.childcare,
        women_only=course.women_only,
        cost=course.cost_eur,
        latitude=float(district.latitude),
        longitude=float(district.longitude),
        free=course.places - course.places_taken,
    )


def learner_facts(application: LearnerApplication, *, now: dt.datetime, extra_km: float = 0) -> LearnerFacts:
    district = application.district
    return LearnerFacts(
        id=application.pk,
        kind=application.kind,
        level=application.level,
        days=application.days,
        periods=application.periods,
        needs_childcare=application.needs_childcare,
        women_only=application.women_only,
        free_only=application.free_only,
        latitude=float(district.latitude),
        longitude=float(district.longitude),
        max_km=float(application.max_km) + extra_km,
        weeks_waited=max(0.0, (now - application.created_at).total_seconds() / (7 * 86400)),
    )
