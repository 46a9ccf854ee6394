"""Every write about the plan: measures, statuses, indicators and their values, reviews and their snapshots.

A frozen review is immutable: its snapshot is written once by ``review_freeze`` and every later write to the
review (title, date, decisions, snapshot) is refused. Action items keep their own status afterwards: that is
how next steps are followed up.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.translations.services import source_changed_all

from . import events as audit_events
from . import policies, sources
from .locks import item_lock, plan_lock, review_lock
from .models import (
    ActionItem,
    ActionStatus,
    BudgetLine,
    Commitment,
    Cornerstone,
    Decision,
    Direction,
    Indicator,
    IndicatorSource,
    IndicatorValue,
    Measure,
    MeasurePartner,
    MeasureStatus,
    Official,
    PartnerRole,
    Plan,
    PlanStatus,
    Pledge,
    Project,
    Provenance,
    Review,
    ReviewSnapshot,
    ReviewStatus,
)
from .snapshots import snapshot_build

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.organisations.models import Organisation
    from accueil.territories.models import City

CSV_MAX_ROWS = 5000


def _require_coordinator(user: User, city: City) -> None:
    if not policies.can_edit_plan(user, city):
        raise PermissionDenied


def _check_measure(measure: Measure) -> None:
    errors: dict[str, list[str]] = {}
    parent = measure.parent if measure.parent_id is not None else None
    if parent is not None:
        if parent.commitment_id != measure.commitment_id:
            errors.setdefault("parent", []).append(_("A sub-result must belong to the same commitment."))
        ancestor: Measure | None = parent
        while ancestor is not None:
            if measure.pk is not None and ancestor.pk == measure.pk:
                errors.setdefault("parent", []).append(_("A measure cannot be part of itself."))
                break
            ancestor = ancestor.parent
    owner = measure.owner_organisation if measure.owner_organisation_id else None
    if owner is not None and owner.city_id != measure.city_id:
        errors.setdefault("owner_organisation", []).append(_("This organisation is not in the plan's city."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def plan_create(*, city: City, acting_user: User, title: str, adopted_on: dt.date | None = None) -> Plan:
    """A city's first plan, empty: its coordinators then add cornerstones, commitments and measures."""
    _require_coordinator(acting_user, city)
    if Plan.objects.filter(city=city).exists():
        raise ValidationError({"title": [_("This city already has a plan.")]})
    plan = Plan(city=city, title=(title or "").strip(), adopted_on=adopted_on, status=PlanStatus.ADOPTED)
    _save_audited(plan, acting_user=acting_user, action=audit_events.PLAN_CREATED)
    return plan


def _next_number(model: type[Cornerstone] | type[Commitment], plan: Plan) -> int:
    top = model.objects.filter(plan=plan).aggregate(top=models.Max("number"))["top"]
    return int(top or 0) + 1


@transaction.atomic
def cornerstone_create(
    *, plan: Plan, acting_user: User, title: str, description: str = "", weight: int = 1
) -> Cornerstone:
    """The plan's next cornerstone (numbered after the last one)."""
    _require_coordinator(acting_user, plan.city)
    plan = plan_lock(plan)
    cornerstone = Cornerstone(
        city=plan.city,
        plan=plan,
        number=_next_number(Cornerstone, plan),
        title=(title or "").strip(),
        description=description,
        weight=weight,
    )
    _save_audited(cornerstone, acting_user=acting_user, action=audit_events.CORNERSTONE_CREATED)
    return cornerstone


@transaction.atomic
def commitment_create(
    *, cornerstone: Cornerstone, acting_user: User, title: str, description: str = "", weight: int = 1
) -> Commitment:
    """A commitment under `cornerstone`, numbered after the plan's last commitment."""
    _require_coordinator(acting_user, cornerstone.city)
    plan = plan_lock(cornerstone.plan)
    commitment = Commitment(
        city=plan.city,
        plan=plan,
        cornerstone=cornerstone,
        number=_next_number(Commitment, plan),
        title=(title or "").strip(),
        description=description,
        weight=weight,
    )
    _save_audited(commitment, acting_user=acting_user, action=audit_events.COMMITMENT_CREATED)
    return commitment


@transaction.atomic
def measure_create(
    *,
    commitment: Commitment,
    acting_user: User,
    title: str,
    description: str = "",
    status: str = MeasureStatus.PLANNED,
    weight: int = 1,
    owner_organisation: Organisation | None = None,
    owner_user: User | None = None,
    parent: Measure | None = None,
    position: int = 0,
    published: bool = True,
    is_demo: bool = False,
) -> Measure:
    _require_coordinator(acting_user, commitment.city)
    measure = Measure(
        city=commitment.city,
        commitment=commitment,
        is_demo=is_demo,
        title=title,
        description=description,
        status=status,
        weight=weight,
        owner_organisation=owner_organisation,
        owner_user=owner_user,
        parent=parent,
        position=position,
        published=published,
    )
    _check_measure(measure)
    _save_audited(measure, acting_user=acting_user, action=audit_events.MEASURE_CREATED)
    return measure


@transaction.atomic
def measure_update(
    *,
    measure: Measure,
    acting_user: User,
    title: str,
    description: str,
    status: str,
    weight: int,
    owner_organisation: Organisation | None,
    parent: Measure | None,
    position: int,
    published: bool,
) -> Measure:
    """What the edit form shows; the owner user is kept (it is set when the measure is created)."""
    _require_coordinator(acting_user, measure.city)
    measure = item_lock(measure)
    changed = _assign(
        measure,
        {
            "title": title,
            "description": description,
            "status": status,
            "weight": weight,
            "owner_organisation": owner_organisation,
            "parent": parent,
            "position": position,
            "published": published,
        },
    )
    _check_measure(measure)
    _save_audited(measure, acting_user=acting_user, action=audit_events.MEASURE_UPDATED, changed=changed)
    return measure


@transaction.atomic
def measure_set_status(*, measure: Measure, acting_user: User, status: str) -> Measure:
    """The owner (or a coordinator) moves the measure to ``status``."""
    measure = item_lock(measure)
    if not policies.can_update_measure_status(acting_user, measure):
        raise PermissionDenied
    if status not in MeasureStatus.values:
        raise ValidationError({"status": [_("Choose a valid status.")]})
    before = measure.status
    measure.status = status
    measure.full_clean()
    measure.save(update_fields=["status", "updated_at"])
    audit_record(
        action=audit_events.MEASURE_STATUS_CHANGED,
        actor=acting_user,
        city=measure.city,
        target=measure,
        data={"before": before, "after": status},
    )
    return measure


def _check_indicator(indicator: Indicator) -> None:
    errors: dict[str, list[str]] = {}
    if indicator.source == IndicatorSource.COMPUTED:
        if not indicator.computed_source or indicator.computed_source not in sources.SOURCES:
            errors.setdefault("computed_source", []).append(_("Choose one of the registered sources."))
    else:
        indicator.computed_source = None
    if indicator.target is not None and indicator.baseline is not None:
        if indicator.direction == "decrease" and indicator.target > indicator.baseline:
            errors.setdefault("target", []).append(_("When lower is better, the target must be below the baseline."))
        if indicator.direction == "increase" and indicator.target < indicator.baseline:
            errors.setdefault("target", []).append(_("When higher is better, the target must be above the baseline."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def indicator_create(
    *,
    acting_user: User,
    name: str,
    unit: str = "",
    baseline: Decimal | int = Decimal(0),
    target: Decimal | int | None = None,
    deadline: dt.date | None = None,
    direction: str = Direction.INCREASE,
    source: str = IndicatorSource.MANUAL,
    computed_source: str | None = None,
    published: bool = True,
    measure: Measure | None = None,
    commitment: Commitment | None = None,
    is_demo: bool = False,
) -> Indicator:
    parent = measure or commitment
    if parent is None or (measure is not None and commitment is not None):
        raise ValidationError(_("An indicator belongs to one measure or to one commitment."))
    _require_coordinator(acting_user, parent.city)
    indicator = Indicator(
        city=parent.city,
        measure=measure,
        commitment=commitment,
        is_demo=is_demo,
        name=name,
        unit=unit,
        baseline=baseline,
        target=target,
        deadline=deadline,
        direction=direction,
        source=source,
        computed_source=computed_source,
        published=published,
    )
    _check_indicator(indicator)
    _save_audited(indicator, acting_user=acting_user, action=audit_events.INDICATOR_CREATED)
    return indicator


@transaction.atomic
def indicator_update(
    *,
    indicator: Indicator,
    acting_user: User,
    name: str,
    unit: str,
    baseline: Decimal | int,
    target: Decimal | int | None,
    deadline: dt.date | None,
    direction: str,
    source: str,
    computed_source: str | None,
    published: bool,
) -> Indicator:
    _require_coordinator(acting_user, indicator.city)
    indicator = item_lock(indicator)
    _assign(
        indicator,
        {
            "name": name,
            "unit": unit,
            "baseline": baseline,
            "target": target,
            "deadline": deadline,
            "direction": direction,
            "source": source,
            "computed_source": computed_source,
            "published": published,
        },
    )
    _check_indicator(indicator)
    _save_audited(indicator, acting_user=acting_user, action=audit_events.INDICATOR_UPDATED)
    return indicator


@transaction.atomic
def indicator_value_add(
    *,
    indicator: Indicator,
    acting_user: User,
    date: dt.date,
    value: Decimal | int | float | str,
    note: str = "",
    provenance: str = Provenance.ENTERED,
    is_demo: bool = False,
) -> IndicatorValue:
    """One dated value, entered by the measure's owner or a coordinator. Computed indicators take none."""
    if indicator.is_computed:
        raise ValidationError(_("This indicator is computed from the platform's data: its values are not entered."))
    if not policies.can_enter_values(acting_user, indicator):
        raise PermissionDenied
    if date > timezone.localdate():
        raise ValidationError({"date": [_("A value cannot be dated in the future.")]})
    record = IndicatorValue(
        city=indicator.city,
        indicator=indicator,
        date=date,
        value=value,
        note=note,
        provenance=provenance,
        entered_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        is_demo=is_demo,
    )
    record.full_clean()
    record.save()
    audit_record(
        action=audit_events.VALUE_ADDED,
        actor=acting_user,
        city=indicator.city,
        target=indicator,
        data={"date": date.isoformat(), "value": str(record.value)},
    )
    return record


def parse_values_csv(content: str) -> list[tuple[dt.date, Decimal, str]]:
    """Rows ``date,value,note`` (header optional; ISO dates; a decimal comma is accepted). Raises ValidationError
    listing every bad line."""
    reader = csv.reader(io.StringIO(content.lstrip("\ufeff")))
    rows: list[tuple[dt.date, Decimal, str]] = []
    errors: list[str] = []
    today = timezone.localdate()
    for line_number, line in enumerate(reader, start=1):
        if not line or not any(cell.strip() for cell in line):
            continue
        if line_number == 1 and line[0].strip().lower() == "date":
            continue
        if len(rows) >= CSV_MAX_ROWS:
            errors.append(_("Too many rows: at most %(count)s per file.") % {"count": CSV_MAX_ROWS})
            break
        if len(line) < 2:
            errors.append(_("Line %(line)s: a date and a value are required.") % {"line": line_number})
            continue
        try:
            date = dt.date.fromisoformat(line[0].strip())
        except ValueError:
            errors.append(_("Line %(line)s: the date must be written YYYY-MM-DD.") % {"line": line_number})
            continue
        try:
            value = Decimal(line[1].strip().replace("\u202f", "").replace(" ", "").replace(",", "."))
            if not value.is_finite() or abs(value) >= Decimal("1e12"):
                raise InvalidOperation
        except InvalidOperation:
            errors.append(_("Line %(line)s: the value is not a number.") % {"line": line_number})
            continue
        if date > today:
            errors.append(_("Line %(line)s: a value cannot be dated in the future.") % {"line": line_number})
            continue
        note = line[2].strip()[:500] if len(line) > 2 else ""
        rows.append((date, value, note))
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("The file holds no value."))
    return rows


@transaction.atomic
def indicator_values_import(*, indicator: Indicator, acting_user: User, content: str) -> int:
    """Import a CSV of ``date,value,note``: all rows or none."""
    if indicator.is_computed:
        raise ValidationError(_("This indicator is computed from the platform's data: its values are not entered."))
    if not policies.can_enter_values(acting_user, indicator):
        raise PermissionDenied
    rows = parse_values_csv(content)
    records = [
        IndicatorValue(
            city=indicator.city,
            indicator=indicator,
            date=date,
            value=value,
            note=note,
            provenance=Provenance.IMPORTED,
            entered_by=acting_user,
        )
        for date, value, note in rows
    ]
    for record in records:
        record.full_clean()
    IndicatorValue.objects.bulk_create(records)
    audit_record(
        action=audit_events.VALUES_IMPORTED,
        actor=acting_user,
        city=indicator.city,
        target=indicator,
        data={"rows": len(records)},
    )
    return len(records)


@transaction.atomic
def pledge_set_status(*, pledge: Pledge, acting_user: User, status: str) -> Pledge:
    _require_coordinator(acting_user, pledge.city)
    if status not in MeasureStatus.values:
        raise ValidationError({"status": [_("Choose a valid status.")]})
    pledge = item_lock(pledge)
    before, pledge.status = pledge.status, status
    pledge.full_clean()
    pledge.save(update_fields=["status"])
    audit_record(
        action=audit_events.PLEDGE_STATUS_CHANGED,
        actor=acting_user,
        city=pledge.city,
        target=pledge,
        data={"before": before, "after": status},
    )
    return pledge


# --- Reviews -------------------------------------------------------------------------------------------------


def _locked_draft(review: Review) -> Review:
    review = review_lock(review)
    if review.status != ReviewStatus.DRAFT:
        raise ValidationError(_("This review is frozen: it can no longer be changed."))
    return review


@transaction.atomic
def review_create(*, plan: Plan, acting_user: User, held_on: dt.date, title: str, is_demo: bool = False) -> Review:
    if not policies.can_manage_reviews(acting_user, plan.city):
        raise PermissionDenied
    review = Review(city=plan.city, plan=plan, held_on=held_on, title=title, is_demo=is_demo)
    review.full_clean()
    review.save()
    audit_record(action=audit_events.REVIEW_CREATED, actor=acting_user, city=plan.city, target=review)
    return review


@transaction.atomic
def review_update(*, review: Review, acting_user: User, held_on: dt.date, title: str) -> Review:
    if not policies.can_manage_reviews(acting_user, review.city):
        raise PermissionDenied
    review = _locked_draft(review)
    review.held_on, review.title = held_on, title
    review.full_clean()
    review.save(update_fields=["held_on", "title"])
    return review


@transaction.atomic
def review_freeze(*, review: Review, acting_user: User) -> Review:
    """Write the review's immutable snapshot at its date and freeze it."""
    if not policies.can_manage_reviews(acting_user, review.city):
        raise PermissionDenied
    review = _locked_draft(review)
    if review.held_on > timezone.localdate():
        raise ValidationError(_("A review can only be frozen on or after the day it is held."))
    ReviewSnapshot.objects.create(
        review=review, taken_on=review.held_on, data=snapshot_build(plan=review.plan, on_date=review.held_on)
    )
    review.status = ReviewStatus.FROZEN
    review.frozen_at = timezone.now()
    review.frozen_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    review.save(update_fields=["status", "frozen_at", "frozen_by"])
    audit_record(action=audit_events.REVIEW_FROZEN, actor=acting_user, city=review.city, target=review)
    return review


@transaction.atomic
def review_snapshot_replace(*, review: Review, acting_user: User, data: dict[str, Any]) -> None:
    """Always refused: a snapshot is never rewritten. Kept so that every caller gets the same answer."""
    raise ValidationError(_("A review snapshot cannot be changed once written."))


@transaction.atomic
def decision_add(*, review: Review, acting_user: User, text: str, measure: Measure | None = None) -> Decision:
    if not policies.can_manage_reviews(acting_user, review.city):
        raise PermissionDenied
    review = _locked_draft(review)
    decision = Decision(city=review.city, review=review, text=text, measure=measure, is_demo=review.is_demo)
    decision.full_clean()
    decision.save()
    audit_record(action=audit_events.DECISION_ADDED, actor=acting_user, city=review.city, target=decision)
    return decision


@transaction.atomic
def action_item_add(
    *,
    review: Review,
    acting_user: User,
    text: str,
    owner: str = "",
    owner_organisation: Organisation | None = None,
    owner_user: User | None = None,
    due_on: dt.date | None = None,
) -> ActionItem:
    """An action item owned by a platform user, a partner organisation, or (for others) a written name."""
    if not policies.can_manage_reviews(acting_user, review.city):
        raise PermissionDenied
    review = _locked_draft(review)
    if owner_organisation is not None and owner_organisation.city_id != review.city_id:
        raise ValidationError({"owner_organisation": [_("This organisation is not in the plan's city.")]})
    if not owner.strip():
        if owner_organisation is not None:
            owner = owner_organisation.name
        elif owner_user is not None:
            owner = str(owner_user)  # the name shown to others, never the email address
    if not owner.strip():
        raise ValidationError({"owner": [_("Name the owner: a person, an organisation or a written name.")]})
    item = ActionItem(
        city=review.city,
        review=review,
        text=text,
        owner=owner.strip()[:200],
        owner_organisation=owner_organisation,
        owner_user=owner_user,
        due_on=due_on,
        is_demo=review.is_demo,
    )
    item.full_clean()
    item.save()
    audit_record(action=audit_events.ACTION_ITEM_ADDED, actor=acting_user, city=review.city, target=item)
    return item


@transaction.atomic
def action_item_set_status(*, item: ActionItem, acting_user: User, status: str) -> ActionItem:
    """Following up the next steps: allowed after the review is frozen (the snapshot is not touched)."""
    if not policies.can_manage_reviews(acting_user, item.city):
        raise PermissionDenied
    if status not in ActionStatus.values:
        raise ValidationError({"status": [_("Choose a valid status.")]})
    item = item_lock(item)
    before, item.status = item.status, status
    item.save(update_fields=["status"])
    audit_record(
        action=audit_events.ACTION_ITEM_STATUS_CHANGED,
        actor=acting_user,
        city=item.city,
        target=item,
        data={"before": before, "after": status},
    )
    return item


# --- Budget lines, partners, pledges, projects and officials (coordinators) ----------------------------------


def _assign(instance: models.Model, values: Mapping[str, Any], fields: Sequence[str] | None = None) -> list[str]:
    """Set the named values (those of ``fields`` only, when given) on ``instance``; the names that changed."""
    changed = []
    for name in fields if fields is not None else values:
        if name in values and getattr(instance, name) != values[name]:
            setattr(instance, name, values[name])
            changed.append(name)
    return changed


def _same_city(errors: dict[str, list[str]], name: str, obj: Any, city_id: int) -> None:
    if obj is not None and obj.city_id != city_id:
        errors.setdefault(name, []).append(_("This item is not in the plan's city."))


def _save_audited(instance: Any, *, acting_user: User, action: str, changed: list[str] | None = None) -> None:
    instance.full_clean()
    instance.save()
    source_changed_all(instance, acting_user=acting_user)  # translations of a changed text become outdated
    data = {"fields": changed} if changed is not None else None
    audit_record(action=action, actor=acting_user, city=instance.city, target=instance, data=data)


def _save_with_commitments(
    instance: Any,
    check: Callable[[Any, Any], None],
    *,
    acting_user: User,
    commitments: Iterable[Commitment] | None,
    action: str,
    changed: list[str] | None = None,
) -> None:
    """Pledges and projects: check, save with the audit event, then link the ``commitments``, if given."""
    check(instance, commitments)
    _save_audited(instance, acting_user=acting_user, action=action, changed=changed)
    if commitments is not None:
        instance.commitments.set(commitments)


@transaction.atomic
def budget_line_create(
    *,
    measure: Measure,
    acting_user: User,
    label: str,
    year: int,
    planned: Decimal | int = Decimal(0),
    spent: Decimal | int = Decimal(0),
) -> BudgetLine:
    _require_coordinator(acting_user, measure.city)
    line = BudgetLine(city=measure.city, measure=measure, label=label, year=year, planned=planned, spent=spent)
    _save_audited(line, acting_user=acting_user, action=audit_events.BUDGET_LINE_CREATED)
    return line


@transaction.atomic
def budget_line_update(
    *, line: BudgetLine, acting_user: User, label: str, year: int, planned: Decimal | int, spent: Decimal | int
) -> BudgetLine:
    _require_coordinator(acting_user, line.city)
    line = item_lock(line)
    changed = _assign(line, {"label": label, "year": year, "planned": planned, "spent": spent})
    _save_audited(line, acting_user=acting_user, action=audit_events.BUDGET_LINE_UPDATED, changed=changed)
    return line


@transaction.atomic
def budget_line_delete(*, line: BudgetLine, acting_user: User) -> None:
    _require_coordinator(acting_user, line.city)
    audit_record(
        action=audit_events.BUDGET_LINE_DELETED,
        actor=acting_user,
        city=line.city,
        target=line.measure,
        data={"label": line.label, "year": line.year, "planned": str(line.planned), "spent": str(line.spent)},
    )
    line.delete()


def _check_partner(partner: MeasurePartner) -> None:
    errors: dict[str, list[str]] = {}
    _same_city(errors, "organisation", partner.organisation, partner.city_id)
    if partner.organisation_id is None and not partner.name.strip():
        errors.setdefault("name", []).append(_("Choose a registered organisation or write the partner's name."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def partner_create(
    *,
    measure: Measure,
    acting_user: User,
    organisation: Organisation | None = None,
    name: str = "",
    role: str = PartnerRole.PARTNER,
    note: str = "",
) -> MeasurePartner:
    _require_coordinator(acting_user, measure.city)
    partner = MeasurePartner(
        city=measure.city,
        commitment=measure.commitment,
        measure=measure,
        organisation=organisation,
        name=name,
        role=role,
        note=note,
    )
    _check_partner(partner)
    _save_audited(partner, acting_user=acting_user, action=audit_events.PARTNER_CREATED)
    return partner


@transaction.atomic
def partner_update(
    *, partner: MeasurePartner, acting_user: User, organisation: Organisation | None, name: str, role: str, note: str
) -> MeasurePartner:
    _require_coordinator(acting_user, partner.city)
    partner = item_lock(partner)
    changed = _assign(partner, {"organisation": organisation, "name": name, "role": role, "note": note})
    _check_partner(partner)
    _save_audited(partner, acting_user=acting_user, action=audit_events.PARTNER_UPDATED, changed=changed)
    return partner


@transaction.atomic
def partner_delete(*, partner: MeasurePartner, acting_user: User) -> None:
    _require_coordinator(acting_user, partner.city)
    audit_record(
        action=audit_events.PARTNER_DELETED,
        actor=acting_user,
        city=partner.city,
        target=partner.measure or partner.commitment,
        data={"partner": partner.display_name, "role": partner.role},
    )
    partner.delete()


def _check_pledge(pledge: Pledge, commitments: Iterable[Commitment] | None) -> None:
    errors: dict[str, list[str]] = {}
    _same_city(errors, "organisation", pledge.organisation, pledge.city_id)
    if pledge.organisation_id is None and not pledge.stakeholder.strip():
        errors.setdefault("stakeholder", []).append(_("Choose a registered organisation or write the stakeholder."))
    if commitments is not None and any(c.plan_id != pledge.plan_id for c in commitments):
        errors.setdefault("commitments", []).append(_("These commitments are not in this plan."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def pledge_create(
    *,
    plan: Plan,
    acting_user: User,
    text: str,
    organisation: Organisation | None = None,
    stakeholder: str = "",
    made_on: dt.date | None = None,
    event_name: str = "",
    status: str = MeasureStatus.PLANNED,
    progress: int | None = None,
    published: bool = True,
    commitments: Iterable[Commitment] | None = None,
    is_demo: bool = False,
) -> Pledge:
    _require_coordinator(acting_user, plan.city)
    pledge = Pledge(
        city=plan.city,
        plan=plan,
        is_demo=is_demo,
        organisation=organisation,
        stakeholder=stakeholder,
        text=text,
        made_on=made_on,
        event_name=event_name,
        status=status,
        progress=progress,
        published=published,
    )
    _save_with_commitments(
        pledge, _check_pledge, acting_user=acting_user, commitments=commitments, action=audit_events.PLEDGE_CREATED
    )
    return pledge


@transaction.atomic
def pledge_update(
    *,
    pledge: Pledge,
    acting_user: User,
    organisation: Organisation | None,
    stakeholder: str,
    text: str,
    made_on: dt.date | None,
    event_name: str,
    status: str,
    progress: int | None,
    published: bool,
    commitments: Iterable[Commitment] | None = None,
) -> Pledge:
    _require_coordinator(acting_user, pledge.city)
    pledge = item_lock(pledge)
    changed = _assign(
        pledge,
        {
            "organisation": organisation,
            "stakeholder": stakeholder,
            "text": text,
            "made_on": made_on,
            "event_name": event_name,
            "status": status,
            "progress": progress,
            "published": published,
        },
    )
    _save_with_commitments(
        pledge,
        _check_pledge,
        acting_user=acting_user,
        commitments=commitments,
        action=audit_events.PLEDGE_UPDATED,
        changed=changed,
    )
    return pledge


def _check_project(project: Project, commitments: Iterable[Commitment] | None) -> None:
    errors: dict[str, list[str]] = {}
    _same_city(errors, "lead_official", project.lead_official, project.city_id)
    if commitments is not None and any(c.plan_id != project.plan_id for c in commitments):
        errors.setdefault("commitments", []).append(_("These commitments are not in this plan."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def project_create(
    *,
    plan: Plan,
    acting_user: User,
    title: str,
    lead_official: Official | None = None,
    portfolio: str = "",
    commitments: Iterable[Commitment] | None = None,
) -> Project:
    _require_coordinator(acting_user, plan.city)
    project = Project(
        city=plan.city,
        plan=plan,
        title=title,
        lead_official=lead_official,
        portfolio=portfolio,
    )
    _save_with_commitments(
        project, _check_project, acting_user=acting_user, commitments=commitments, action=audit_events.PROJECT_CREATED
    )
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    acting_user: User,
    title: str,
    lead_official: Official | None,
    portfolio: str,
    commitments: Iterable[Commitment] | None = None,
) -> Project:
    _require_coordinator(acting_user, project.city)
    project = item_lock(project)
    changed = _assign(
        project, {"title": title, "lead_official": lead_official, "portfolio": portfolio}
    )
    _save_with_commitments(
        project,
        _check_project,
        acting_user=acting_user,
        commitments=commitments,
        action=audit_events.PROJECT_UPDATED,
        changed=changed,
    )
    return project


@transaction.atomic
def official_create(
    *, city: City, acting_user: User, name: str, role: str = "", portfolio: str = ""
) -> Official:
    _require_coordinator(acting_user, city)
    official = Official(city=city, name=name, role=role, portfolio=portfolio)
    _save_audited(official, acting_user=acting_user, action=audit_events.OFFICIAL_CREATED)
    return official


@transaction.atomic
def official_update(
    *, official: Official, acting_user: User, name: str, role: str, portfolio: str
) -> Official:
    _require_coordinator(acting_user, official.city)
    official = item_lock(official)
    changed = _assign(official, {"name": name, "role": role, "portfolio": portfolio})
    _save_audited(official, acting_user=acting_user, action=audit_events.OFFICIAL_UPDATED, changed=changed)
    return official
