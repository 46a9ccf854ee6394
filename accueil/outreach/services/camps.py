"""Camp operations: everyone present recorded by household, each offered accommodation with time to decide."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.core.errors import CommonError, Refused

from .. import events, policies
from ..errors import OutreachError
from ..figures import figure_add
from ..models import CampHousehold, CampOperation, HouseholdDecision, Landmark, Metric, Team, Vulnerability
from .encounters import reference_generate

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.territories.models import City, District


@transaction.atomic
def camp_operation_create(
    *,
    city: City,
    acting_user: User,
    name: str,
    district: District,
    held_on: dt.date,
    teams: Iterable[Team],
    landmark: Landmark | None = None,
    hours_to_decide: int = 48,
    is_demo: bool = False,
) -> CampOperation:
    if not policies.can_manage_teams(user=acting_user, city=city):
        raise Refused(OutreachError.NOT_A_MEMBER, _("Only the city's coordinators plan camp operations."), status=403)
    operation = CampOperation(
        city=city,
        name=name.strip(),
        district=district,
        held_on=held_on,
        landmark=landmark,
        hours_to_decide=hours_to_decide,
        created_by=acting_user,
        is_demo=is_demo,
    )
    operation.full_clean()
    operation.save()
    operation.teams.set(list(teams))
    audit_record(action=events.CAMP_OPERATION_CREATED, actor=acting_user, city=city, target=operation)
    return operation


@transaction.atomic
def camp_household_record(
    *,
    operation: CampOperation,
    acting_user: User,
    adults: int,
    children: int,
    vulnerabilities: Sequence[str] = (),
    needs: Sequence[str] = (),
    accommodation_offered: str = "",
    now: dt.datetime | None = None,
    is_demo: bool = False,
) -> CampHousehold:
    """One household present; when accommodation is offered, it has `hours_to_decide` to answer."""
    if not policies.can_record_in_camp(user=acting_user, operation=operation):
        raise Refused(OutreachError.NOT_A_MEMBER, _("You are not in a team of this operation."), status=403)
    if any(code not in Vulnerability.values for code in vulnerabilities):
        raise Refused(CommonError.INVALID, _("Choose vulnerabilities from the list."), status=422)
    now = now or timezone.now()
    household = CampHousehold(
        operation=operation,
        adults=adults,
        children=children,
        needs=sorted(set(needs)),
        vulnerabilities=json.dumps(sorted(set(vulnerabilities))) if vulnerabilities else "",
        accommodation_offered=accommodation_offered.strip(),
        is_demo=is_demo,
    )
    if household.accommodation_offered:
        household.offered_at = now
        household.decide_by = now + dt.timedelta(hours=operation.hours_to_decide)
    for _attempt in range(10):
        household.reference = reference_generate("H")
        if not CampHousehold.objects.filter(operation=operation, reference=household.reference).exists():
            break
    household.full_clean()
    household.save()
    audit_record(action=events.CAMP_HOUSEHOLD_RECORDED, actor=acting_user, city=operation.city, target=household)
    if household.accommodation_offered:
        figure_add(
            city=operation.city,
            district_number=operation.district.number,
            moment=now,
            metric=Metric.CAMP_HOUSEHOLDS,
            key="offered",
            is_demo=is_demo,
        )
    return household


@transaction.atomic
def camp_household_decide(*, household: CampHousehold, acting_user: User, decision: str) -> CampHousehold:
    operation = household.operation
    if not policies.can_record_in_camp(user=acting_user, operation=operation):
        raise Refused(OutreachError.NOT_A_MEMBER, _("You are not in a team of this operation."), status=403)
    if decision not in (HouseholdDecision.ACCEPTED, HouseholdDecision.DECLINED):
        raise Refused(CommonError.INVALID, _("Choose accepted or declined."), status=422)
    locked = CampHousehold.objects.select_for_update().get(pk=household.pk)
    if locked.decision != HouseholdDecision.PENDING:
        raise Refused(OutreachError.TRANSITION_NOT_ALLOWED, _("This household has already answered."))
    locked.decision = decision
    locked.save(update_fields=["decision"])
    audit_record(
        action=events.CAMP_HOUSEHOLD_DECIDED,
        actor=acting_user,
        city=operation.city,
        target=locked,
        data={"decision": decision},
    )
    figure_add(
        city=operation.city,
        district_number=operation.district.number,
        moment=timezone.now(),
        metric=Metric.CAMP_HOUSEHOLDS,
        key=decision,
        is_demo=locked.is_demo,
    )
    return locked
