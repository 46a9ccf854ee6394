"""Fill the gaps: propose volunteers for a city's open places, one run at a time per city.

``gaps_fill`` takes the candidates of ``selectors.coverage.fill_candidates``, solves the maximum-score
assignment exactly with ``accueil.matching``, saves one ``ShiftProposal`` per chosen pair with the criteria
behind it, and puts a "proposal" message in the outbox. Each volunteer receives at most one proposal per run
(agent capacity 1): proposals therefore never overlap one another nor stretch a volunteer's monthly hours. The
volunteer answers through ``services.proposal_respond``, which signs them up with the ordinary sign-up service
(capacity respected). Two runs for the same city wait for each other on an advisory lock, not on the city's row.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.core.locks import exclusive
from accueil.matching.solver import solve
from accueil.territories.models import City, District

from ..models import MissionCategory, NotificationKind, ProposalStatus, Shift, ShiftProposal
from ..policies import can_coordinate
from ..recommendations import Reason
from ..selectors.coverage import Candidate, day_bounds, fill_candidates, fill_instance
from .notifications import notification_enqueue

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accueil.accounts.models import User

MAX_RANGE_DAYS = 92


@dataclass(slots=True)
class FillResult:
    proposals: list[ShiftProposal] = field(default_factory=list)
    objective: float = 0.0
    candidates: int = 0
    shifts: int = 0
    volunteers: int = 0


def fill_range_clean(*, start: date, end: date) -> None:
    if end < start:
        raise ValidationError(_("The end date must be on or after the start date."))
    if (end - start).days > MAX_RANGE_DAYS:
        raise ValidationError(_("Choose a period of at most %(days)s days.") % {"days": MAX_RANGE_DAYS})


def proposals_expire(*, city: City) -> int:
    """Open proposals on shifts that have started become expired."""
    return ShiftProposal.objects.filter(
        city=city, status=ProposalStatus.PROPOSED, shift__starts_at__lte=timezone.now()
    ).update(status=ProposalStatus.EXPIRED, decided_at=timezone.now())


@dataclass(frozen=True, slots=True)
class PreviewRow:
    """One proposal "fill the gaps" would send: shown to the coordinator, who confirms or unticks it."""

    volunteer_id: int
    volunteer_name: str
    shift: Shift
    score: float
    reasons: list[Reason]

    @property
    def key(self) -> str:
        return f"{self.volunteer_id}:{self.shift.pk}"


def _fill_clean(
    *, city: City, acting_user: User, start: date, end: date, district: District | None, category: str
) -> None:
    if not can_coordinate(acting_user, city):
        raise PermissionDenied(_("Only the city's coordinators can fill the gaps."))
    fill_range_clean(start=start, end=end)
    if district is not None and district.city_id != city.pk:
        raise ValidationError(_("This district is not in the city."))
    if category and category not in MissionCategory.values:
        raise ValidationError(_("Unknown category."))


def _best_assignment(
    *, city: City, start: date, end: date, district: District | None, category: str
) -> tuple[list[Candidate], set[tuple[int, int]], float]:
    """The period's candidates and the chosen (volunteer id, shift id) pairs of the maximum-score assignment."""
    since, until = day_bounds(city, start, end)
    candidates = fill_candidates(city, start=since, end=until, district=district, category=category)
    if not candidates:
        return candidates, set(), 0.0
    solution = solve(fill_instance(candidates))
    chosen = {(int(a.agent), int(a.slot)) for a in solution.assignments if a.units > 0}
    return candidates, chosen, solution.objective


def gaps_fill_preview(
    *, city: City, acting_user: User, start: date, end: date, district: District | None = None, category: str = ""
) -> list[PreviewRow]:
    """The proposals a run would send now, written nowhere: the coordinator reads them before confirming."""
    _fill_clean(city=city, acting_user=acting_user, start=start, end=end, district=district, category=category)
    candidates, chosen, _objective = _best_assignment(
        city=city, start=start, end=end, district=district, category=category
    )
    shifts = Shift.objects.select_related("mission__organisation", "mission__district").in_bulk(
        {slot for _, slot in chosen}
    )
    names = dict(
        get_user_model().objects.filter(pk__in={agent for agent, _ in chosen}).values_list("pk", "display_name")
    )
    rows = [
        PreviewRow(
            volunteer_id=c.volunteer.user_id,
            volunteer_name=names.get(c.volunteer.user_id) or "—",
            shift=shifts[c.shift.shift_id],
            score=c.score,
            reasons=c.reasons,
        )
        for c in candidates
        if (c.volunteer.user_id, c.shift.shift_id) in chosen
    ]
    return sorted(rows, key=lambda row: (row.shift.starts_at, row.shift.pk, -row.score, row.volunteer_id))


@transaction.atomic
def gaps_fill(
    *,
    city: City,
    acting_user: User,
    start: date,
    end: date,
    district: District | None = None,
    category: str = "",
    only: Collection[tuple[int, int]] | None = None,
    request: HttpRequest | None = None,
) -> FillResult:
    """Proposes volunteers for the open places of the period (optionally one district or category).

    With ``only`` (the (volunteer id, shift id) pairs the coordinator confirmed after the preview), sends only the
    pairs that are both confirmed and still chosen now: nothing the coordinator did not see is ever sent.
    """
    _fill_clean(city=city, acting_user=acting_user, start=start, end=end, district=district, category=category)
    with exclusive(f"gaps_fill:{city.pk}"):  # one run at a time per city, held until the transaction ends
        proposals_expire(city=city)
        result = _proposals_save(
            city=city,
            acting_user=acting_user,
            start=start,
            end=end,
            district=district,
            category=category,
            only=None if only is None else set(only),
        )
    _audit_run(city, acting_user, request, start, end, district, category, result)
    return result


def _proposals_save(
    *,
    city: City,
    acting_user: User,
    start: date,
    end: date,
    district: District | None,
    category: str,
    only: set[tuple[int, int]] | None = None,
) -> FillResult:
    """The best assignment of the period's candidates, saved as proposals and announced to the volunteers."""
    candidates, chosen, objective = _best_assignment(
        city=city, start=start, end=end, district=district, category=category
    )
    result = FillResult(candidates=len(candidates))
    if not candidates:
        return result
    if only is not None:
        chosen &= only
    result.objective = objective
    chosen_shifts = Shift.objects.select_related("mission__organisation").in_bulk({slot for _, slot in chosen})
    for candidate in candidates:
        if (candidate.volunteer.user_id, candidate.shift.shift_id) not in chosen:
            continue
        proposal = ShiftProposal(
            city=city,
            shift_id=candidate.shift.shift_id,
            volunteer_id=candidate.volunteer.user_id,
            status=ProposalStatus.PROPOSED,
            score=Decimal(str(candidate.score)),
            reasons=[reason.as_json() for reason in candidate.reasons],
            created_by=acting_user,
        )
        proposal.full_clean()
        proposal.save()
        notification_enqueue(
            city=city,
            user=proposal.volunteer,
            kind=NotificationKind.PROPOSAL,
            dedupe_key=f"proposal:{proposal.pk}",
            payload={
                "proposal_id": proposal.pk,
                "shift_id": candidate.shift.shift_id,
                "mission_id": candidate.shift.mission_id,
                "mission_title": chosen_shifts[candidate.shift.shift_id].mission.title,
                "organisation": chosen_shifts[candidate.shift.shift_id].mission.organisation.name,
                "address": chosen_shifts[candidate.shift.shift_id].mission.address,
                "starts_at": candidate.shift.starts_at.isoformat(),
                "ends_at": candidate.shift.ends_at.isoformat(),
                "score": candidate.score,
                "reasons": proposal.reasons,
            },
        )
        result.proposals.append(proposal)
    result.shifts = len({p.shift_id for p in result.proposals})
    result.volunteers = len(result.proposals)
    return result


def _audit_run(
    city: City,
    acting_user: User,
    request: HttpRequest | None,
    start: date,
    end: date,
    district: District | None,
    category: str,
    result: FillResult,
) -> None:
    audit_record(
        action="volunteering.gaps_filled",
        actor=acting_user,
        city=city,
        data={
            "start": start.isoformat(),
            "end": end.isoformat(),
            "district": district.pk if district is not None else None,
            "category": category,
            "candidates": result.candidates,
            "proposals": len(result.proposals),
            "objective": result.objective,
        },
        request=request,
    )
