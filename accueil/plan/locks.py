"""Row locks of the plan, in one place.

Lock order (every write takes them in this order, so two writers never wait for each other in a cycle):

0. the plan (`plan_lock`), only while its tree grows: a new cornerstone or commitment takes the next number;
1. a review (`review_lock`), before anything recorded in it (decisions, action items);
2. one plan item being edited (`item_lock`: a measure, an indicator, a pledge, a project, an official, a budget
   line, a partner or an action item) — never two items at once;
3. nothing else: the joined plan and city rows are read, never locked (`of=("self",)`); indicator values are
   only inserted, and a pledge's or project's commitments are replaced once the item's own lock is held.
"""

from __future__ import annotations

from typing import TypeVar

from .models import (
    ActionItem,
    BudgetLine,
    Indicator,
    Measure,
    MeasurePartner,
    Official,
    Plan,
    Pledge,
    Project,
    Review,
)

Item = TypeVar("Item", ActionItem, BudgetLine, Indicator, Measure, MeasurePartner, Official, Pledge, Project)


def plan_lock(plan: Plan) -> Plan:
    """The plan, fresh from the database with its city, locked until the transaction ends."""
    return Plan.objects.select_for_update(of=("self",)).select_related("city").get(pk=plan.pk)


def review_lock(review: Review) -> Review:
    """The review, fresh from the database with its plan and city, locked until the transaction ends."""
    return Review.objects.select_for_update(of=("self",)).select_related("plan", "city").get(pk=review.pk)


def item_lock(item: Item) -> Item:
    """The plan item, fresh from the database with its city, locked until the transaction ends."""
    return type(item)._default_manager.select_for_update(of=("self",)).select_related("city").get(pk=item.pk)
