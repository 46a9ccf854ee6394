"""Row locks of the guide, in one place.

Lock order: the article or road map being edited first, then its steps or stages in primary-key order
(`edited_lock`). Nothing else of the guide is locked; the translation workflow takes its own locks afterwards.
"""

from __future__ import annotations

from typing import TypeVar

from .models import Article, RoadMap, RoadMapStage, Step

Parent = TypeVar("Parent", Article, RoadMap)
Child = TypeVar("Child", Step, RoadMapStage)


def edited_lock(parent: Parent, child_model: type[Child], *, link: str) -> tuple[Parent, dict[int, Child]]:
    """The parent, fresh and locked, and its children (by primary key), locked in primary-key order."""
    parent = type(parent)._default_manager.select_for_update().get(pk=parent.pk)
    children = child_model._default_manager.select_for_update().filter(**{link: parent}).order_by("pk")
    return parent, {child.pk: child for child in children}
