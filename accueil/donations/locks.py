"""Row locks of donations: every `select_for_update` of the app is here, one function per record.

Quantities themselves (stock units, a need's committed and in-transit units) change by conditional `F()`
updates, which lock the row they change; the functions below lock a row that a check is made against.

Lock order, kept on every path (inside `transaction.atomic`):

1. a collection point (`point_lock`) before anything taken at it (a pledge, its stock);
2. stock rows, then needs: on pick-up, stock in (item, size) order, then needs in increasing primary key;
   a plan commits each line's need by one conditional update and refreshes its status (`need_lock`) at once,
   in the order of the plan's lines;
3. a call for projects (`call_lock`) or a sponsor (`sponsor_lock`) alone: nothing else is locked with them.
"""

from __future__ import annotations

from .models import CallForProjects, CollectionPoint, Need, Sponsor


def point_lock(point: CollectionPoint) -> CollectionPoint:
    return CollectionPoint.objects.select_for_update().get(pk=point.pk)


def need_lock(need_id: int) -> Need:
    return Need.objects.select_for_update().get(pk=need_id)


def call_lock(call: CallForProjects) -> CallForProjects:
    return CallForProjects.objects.select_for_update().get(pk=call.pk)


def sponsor_lock(sponsor: Sponsor) -> Sponsor:
    return Sponsor.objects.select_for_update().get(pk=sponsor.pk)
