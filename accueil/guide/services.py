"""Writes of the rights guide. Every change of French text is passed to the translation workflow."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.translations.services import source_changed_all, sources_deleted

from . import events, policies
from .locks import Child, Parent, edited_lock
from .models import Article, Audience, RoadMap, RoadMapStage, Status, Step

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.territories.models import City

# Addresses taken by the guide's own pages: an article there could not be reached.
RESERVED_SLUGS = frozenset({"manage", "print", "road-map"})


@dataclass(frozen=True)
class StepInput:
    """One step as the editor sent it: ``id`` None for a new step; ``delete`` removes an existing one."""

    id: int | None
    title: str = ""
    body: str = ""
    service_category_code: str = ""
    order: int | None = None
    delete: bool = False


@transaction.atomic
def article_save(*, acting_user: User | None, article: Article) -> Article:
    """Create or update an article; published translations of changed fields become outdated."""
    if acting_user is not None and not policies.can_edit_guide(acting_user, article.city):
        raise PermissionDenied
    article.full_clean()
    article.save()
    for step in article.steps.all():
        source_changed_all(step, acting_user=acting_user)
    source_changed_all(article, acting_user=acting_user)
    audit_record(action=events.ARTICLE_SAVED, actor=acting_user, city=article.city, target=article)
    return article


def _category_codes() -> frozenset[str]:
    from accueil.directory.categories import CATEGORY_TREE

    return frozenset(CATEGORY_TREE)


def _check_article(article: Article) -> None:
    errors: dict[str, list[str]] = {}
    if article.slug in RESERVED_SLUGS:
        errors["slug"] = [_("This address is used by the guide's own pages: choose another one.")]
    elif (
        article.slug
        and Article.objects.filter(city_id=article.city_id, slug=article.slug).exclude(pk=article.pk).exists()
    ):
        errors["slug"] = [_("Another article of the guide already has this address: choose another one.")]
    if article.category_code and article.category_code not in _category_codes():
        errors["category_code"] = [_("Choose a category of the directory, or none.")]
    if not isinstance(article.statuses, list) or not set(article.statuses) <= set(Status.values):
        errors["statuses"] = [_("Choose among the situations offered.")]
    if not isinstance(article.audiences, list) or not set(article.audiences) <= set(Audience.values):
        errors["audiences"] = [_("Choose among the audiences offered.")]
    if errors:
        raise ValidationError(errors)


def _step_messages(number: int, exc: ValidationError) -> list[str]:
    return [_("Step %(number)s: %(message)s") % {"number": number, "message": message} for message in exc.messages]


def _open_for_edit(
    *, acting_user: User, city: City, parent: Parent, child_model: type[Child], link: str
) -> tuple[Parent, dict[int, Child]]:
    """A new parent (not saved yet) with no children, or the existing one of ``city`` locked with its children."""
    if not policies.can_edit_guide(acting_user, city):
        raise PermissionDenied
    if parent.pk is None:
        return parent, {}
    if parent.city_id != city.pk:
        raise PermissionDenied
    return edited_lock(parent, child_model, link=link)


def _set_given(instance: Article | RoadMap, values: dict[str, object]) -> None:
    """Set the values given (None: leave the field as it is), texts stripped."""
    for name, value in values.items():
        if value is not None:
            setattr(instance, name, value.strip() if isinstance(value, str) else value)


def _save_unique(instance: Article | RoadMap, refusal: Callable[[], ValidationError]) -> None:
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:  # the same unique value saved at the same instant by someone else
        raise refusal() from exc


def _slug_taken() -> ValidationError:
    return ValidationError({"slug": [_("Another article of the guide already has this address: choose another one.")]})


def _children_apply(
    parent: Article | RoadMap,
    *,
    acting_user: User,
    to_delete: Sequence[Step] | Sequence[RoadMapStage],
    to_save: Sequence[tuple[Step, bool]] | Sequence[tuple[RoadMapStage, bool]],
) -> None:
    """Delete and save the children once all are valid; their texts (and the parent's) go to the translation
    workflow, the texts of deleted children leave it."""
    if to_delete:
        sources_deleted(type(to_delete[0]), [child.pk for child in to_delete])
    for child in to_delete:
        child.delete()
    for child, _new in to_save:
        child.save()
        source_changed_all(child, acting_user=acting_user)
    source_changed_all(parent, acting_user=acting_user)


@transaction.atomic
def article_edit(
    *,
    acting_user: User,
    city: City,
    article: Article | None,
    slug: str | None = None,
    title: str | None = None,
    summary: str | None = None,
    body: str | None = None,
    category_code: str | None = None,
    statuses: list[str] | None = None,
    audiences: list[str] | None = None,
    order: int | None = None,
    published: bool | None = None,
    steps: Sequence[StepInput] = (),
    mark_reviewed: bool = False,
) -> Article:
    """Create (``article`` None) or update an article of ``city`` and its steps, all or nothing.

    Fields left None stay as they are. Steps with an ``id`` are updated (or deleted with ``delete``), those
    without one are added; steps not named stay as they are. Any invalid field or step refuses the whole change.
    Changed French texts are recorded so that their published translations become outdated.
    """
    created = article is None
    article, existing = _open_for_edit(
        acting_user=acting_user, city=city, parent=article or Article(city=city), child_model=Step, link="article"
    )
    _set_given(
        article,
        {
            "slug": slug,
            "title": title,
            "summary": summary,
            "body": body,
            "category_code": category_code,
            "statuses": statuses,
            "audiences": audiences,
            "order": order,
            "published": published,
        },
    )
    if mark_reviewed:
        article.last_reviewed_at = timezone.now()
    _check_article(article)
    _save_unique(article, _slug_taken)

    errors: list[str] = []
    to_save: list[tuple[Step, bool]] = []  # (step, is new)
    to_delete: list[Step] = []
    seen: set[int] = set()
    next_order = max((step.order for step in existing.values()), default=0)
    codes = _category_codes()
    for number, item in enumerate(steps, start=1):
        if item.id is not None and (item.id not in existing or item.id in seen):
            errors.append(_("Step %(number)s: this step is not part of the article.") % {"number": number})
            continue
        if item.id is not None:
            seen.add(item.id)
        if item.delete:
            if item.id is not None:
                to_delete.append(existing[item.id])
            continue
        step = existing[item.id] if item.id is not None else Step(city=city, article=article)
        before = (step.title, step.body, step.service_category_code, step.order)
        step.title = (item.title or "").strip()
        step.body = (item.body or "").strip()
        step.service_category_code = item.service_category_code or ""
        if item.order is not None:
            step.order = item.order
        elif step.pk is None:
            next_order += 1
            step.order = next_order
        next_order = max(next_order, step.order)
        if step.service_category_code and step.service_category_code not in codes:
            errors.append(_("Step %(number)s: choose a category of the directory, or none.") % {"number": number})
            continue
        try:
            step.full_clean()
        except ValidationError as exc:
            errors.extend(_step_messages(number, exc))
            continue
        if step.pk is None or before != (step.title, step.body, step.service_category_code, step.order):
            to_save.append((step, step.pk is None))
    if errors:
        raise ValidationError(errors)  # the whole transaction is rolled back, article included

    _children_apply(article, acting_user=acting_user, to_delete=to_delete, to_save=to_save)
    audit_record(
        action=events.ARTICLE_CREATED if created else events.ARTICLE_EDITED,
        actor=acting_user,
        city=city,
        target=article,
        data={
            "slug": article.slug,
            "published": article.published,
            "reviewed": mark_reviewed,
            "steps_added": sum(1 for _step, new in to_save if new),
            "steps_changed": sum(1 for _step, new in to_save if not new),
            "steps_deleted": len(to_delete),
        },
    )
    return article


# --- Road maps ---


@dataclass(frozen=True)
class StageInput:
    """One stage of a road map as the editor sent it: ``id`` None for a new stage; ``delete`` removes an existing
    one; ``article_id`` None for a stage that points to no article."""

    id: int | None
    title: str = ""
    body: str = ""
    article_id: int | None = None
    order: int | None = None
    delete: bool = False


def _duplicate_status_error() -> ValidationError:
    return ValidationError({"status": [_("This situation already has its road map: edit that one instead.")]})


def _check_road_map(road_map: RoadMap) -> None:
    if road_map.status not in Status.values:
        raise ValidationError({"status": [_("Choose among the situations offered.")]})
    if RoadMap.objects.filter(city_id=road_map.city_id, status=road_map.status).exclude(pk=road_map.pk).exists():
        raise _duplicate_status_error()


def _stage_messages(number: int, exc: ValidationError) -> list[str]:
    return [_("Stage %(number)s: %(message)s") % {"number": number, "message": message} for message in exc.messages]


@transaction.atomic
def road_map_edit(
    *,
    acting_user: User,
    city: City,
    road_map: RoadMap | None,
    status: str | None = None,
    title: str | None = None,
    summary: str | None = None,
    order: int | None = None,
    stages: Sequence[StageInput] = (),
) -> RoadMap:
    """Create (``road_map`` None) or update a road map of ``city`` and its stages, all or nothing.

    Fields left None stay as they are. One road map per situation and city. Stages with an ``id`` are updated (or
    deleted with ``delete``), those without one are added; stages not named stay as they are. A stage may point to
    an article of the same city (drafts included: the public page links only published ones). Any invalid field or
    stage refuses the whole change. Changed French texts are recorded so that their published translations become
    outdated; the texts of deleted stages leave the translation workflow.
    """
    created = road_map is None
    road_map, existing = _open_for_edit(
        acting_user=acting_user,
        city=city,
        parent=road_map or RoadMap(city=city),
        child_model=RoadMapStage,
        link="road_map",
    )
    _set_given(road_map, {"status": status, "title": title, "summary": summary, "order": order})
    _check_road_map(road_map)
    _save_unique(road_map, _duplicate_status_error)

    wanted = {item.article_id for item in stages if item.article_id is not None and not item.delete}
    articles = set(Article.objects.filter(city=city, pk__in=wanted).values_list("pk", flat=True)) if wanted else set()
    errors: list[str] = []
    to_save: list[tuple[RoadMapStage, bool]] = []  # (stage, is new)
    to_delete: list[RoadMapStage] = []
    seen: set[int] = set()
    next_order = max((stage.order for stage in existing.values()), default=0)
    for number, item in enumerate(stages, start=1):
        if item.id is not None and (item.id not in existing or item.id in seen):
            errors.append(_("Stage %(number)s: this stage is not part of the road map.") % {"number": number})
            continue
        if item.id is not None:
            seen.add(item.id)
        if item.delete:
            if item.id is not None:
                to_delete.append(existing[item.id])
            continue
        if item.article_id is not None and item.article_id not in articles:
            errors.append(_("Stage %(number)s: choose an article of the guide, or none.") % {"number": number})
            continue
        stage = existing[item.id] if item.id is not None else RoadMapStage(city=city, road_map=road_map)
        before = (stage.title, stage.body, stage.order, stage.article_id)
        stage.title = (item.title or "").strip()
        stage.body = (item.body or "").strip()
        stage.article_id = item.article_id
        if item.order is not None:
            stage.order = item.order
        elif stage.pk is None:
            next_order += 1
            stage.order = next_order
        next_order = max(next_order, stage.order)
        try:
            stage.full_clean()
        except ValidationError as exc:
            errors.extend(_stage_messages(number, exc))
            continue
        if stage.pk is None or before != (stage.title, stage.body, stage.order, stage.article_id):
            to_save.append((stage, stage.pk is None))
    if errors:
        raise ValidationError(errors)  # the whole transaction is rolled back, road map included

    _children_apply(road_map, acting_user=acting_user, to_delete=to_delete, to_save=to_save)
    audit_record(
        action=events.ROAD_MAP_CREATED if created else events.ROAD_MAP_EDITED,
        actor=acting_user,
        city=city,
        target=road_map,
        data={
            "status": road_map.status,
            "stages_added": sum(1 for _stage, new in to_save if new),
            "stages_changed": sum(1 for _stage, new in to_save if not new),
            "stages_deleted": len(to_delete),
        },
    )
    return road_map
