"""Reads of outreach records with visibility applied. Every read of a person's record — the team's view, the
person's own copy, a partner's view of a referral — goes through an access function here that writes exactly
one audit row with who and why."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from accueil.audit.services import audit_record
from accueil.core.disclosure import suppress_row
from accueil.shelters.models import Reservation, Site

from . import events, policies
from .models import (
    OPEN_REFERRAL_STATUSES,
    CampHousehold,
    CampOperation,
    Encounter,
    HouseholdDecision,
    Interpreter,
    InterpretingRequest,
    InterpretingStatus,
    Landmark,
    Metric,
    Person,
    Referral,
    Round,
    Team,
    WeeklyFigure,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accueil.accounts.models import User
    from accueil.territories.models import City

    from .policies import AnyUser


# --- Teams ------------------------------------------------------------------------------------------------------


def teams_of(*, user: AnyUser, city: City) -> QuerySet[Team]:
    """The teams the person works in (outreach workers only)."""
    if not policies.is_outreach_worker(user=user, city=city):
        return Team.objects.none()
    return Team.objects.filter(city=city, memberships__user=user, active=True).select_related("district")


def team_list(*, city: City) -> QuerySet[Team]:
    return (
        Team.objects.filter(city=city)
        .select_related("district")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("area_kind", "district__number", "name")
    )


def team_get(*, user: AnyUser, city: City, pk: int) -> Team | None:
    """A team for its members and the coordinators (nobody else learns of it)."""
    team = Team.objects.select_related("district", "minor_shelter_partner").filter(city=city, pk=pk).first()
    if team is None:
        return None
    if policies.can_manage_teams(user=user, city=city) or policies.is_team_member(user=user, team=team):
        return team
    return None


def team_rounds(*, team: Team) -> QuerySet[Round]:
    return team.rounds.prefetch_related("landmarks").order_by("-date", "-id")


def team_persons(*, user: AnyUser, team: Team, include_exited: bool = False) -> QuerySet[Person]:
    """The list shows references only: it is not a read of anyone's record."""
    if not policies.is_team_member(user=user, team=team):
        return Person.objects.none()
    qs = Person.objects.filter(team=team).only(
        "pk", "reference", "says_minor", "last_contact_at", "exited_at", "consent_follow_up", "team_id"
    )
    if not include_exited:
        qs = qs.filter(exited_at__isnull=True)
    return qs.order_by("-last_contact_at", "id")


def team_outcomes(*, user: AnyUser, team: Team, limit: int = 10) -> QuerySet[Referral]:
    """Referral outcomes returned to the team, newest first (references and statuses only)."""
    if not policies.is_team_member(user=user, team=team):
        return Referral.objects.none()
    return (
        Referral.objects.filter(team=team)
        .select_related("partner", "person")
        .only("pk", "kind", "status", "updated_at", "partner__name", "person__reference", "unconditional")
        .order_by("-updated_at")[:limit]
    )


# --- Persons (audited) ------------------------------------------------------------------------------------------


def person_get_visible(
    *, user: AnyUser, city: City, pk: int, purpose: str = "record", request: HttpRequest | None = None
) -> Person | None:
    """The person's full record for a member of their team; the read leaves one audit row."""
    person = Person.objects.select_related("team", "team__district").filter(city=city, pk=pk).first()
    if person is None or not policies.can_view_person(user=user, person=person):
        return None
    audit_record(
        action=events.PERSON_VIEWED, actor=user, city=city, target=person, data={"purpose": purpose}, request=request
    )
    return person


def person_find_for_encounter(*, user: AnyUser, team: Team, reference: str) -> Person | None:
    """Match a reference typed on the encounter form (no record is shown, so no read is logged)."""
    if not policies.is_team_member(user=user, team=team):
        return None
    return Person.objects.filter(team=team, reference=reference.strip().upper()).first()


def person_encounters(*, person: Person) -> QuerySet[Encounter]:
    return person.encounters.select_related("landmark", "district", "language", "created_by").order_by("-occurred_at")


def person_referrals(*, person: Person) -> QuerySet[Referral]:
    return person.referrals.select_related("partner").order_by("-created_at")


def person_data(*, person: Person) -> dict[str, object]:
    """Everything held about the person, for the person (their right to see). Fetch the person with
    `person_get_visible(purpose="copy for the person")`, which logs the read."""
    return {
        "reference": person.reference,
        "code_name": person.code_name,
        "name": person.name,
        "says_minor": person.says_minor,
        "team": person.team.name,
        "consents": {
            "follow_up": person.consent_follow_up,
            "shelter": person.consent_shelter,
            "health": person.consent_health,
            "legal": person.consent_legal,
            "partners": {c.organisation.name: c.answer for c in person.partner_consents.select_related("organisation")},
        },
        "first_contact_at": person.first_contact_at.isoformat(),
        "last_contact_at": person.last_contact_at.isoformat(),
        "engaged_at": person.engaged_at.isoformat() if person.engaged_at else None,
        "encounters": [
            {
                "occurred_at": e.occurred_at.isoformat(),
                "place": e.landmark.name if e.landmark else e.grid_cell or (e.district.name if e.district else ""),
                "composition": e.composition,
                "vulnerabilities": e.vulnerability_codes(),
                "needs": e.needs,
                "language": e.language_id or "",
                "offered": e.offered,
                "notes": e.notes,
            }
            for e in person.encounters.select_related("landmark", "district").order_by("occurred_at")
        ],
        "referrals": [
            {
                "partner": r.partner.name,
                "kind": r.kind,
                "status": r.status,
                "shared": r.shared_data(),
                "outcome": r.outcome,
            }
            for r in person.referrals.select_related("partner").order_by("created_at")
        ],
    }


# --- Referrals --------------------------------------------------------------------------------------------------


def referral_inbox(*, user: AnyUser, city: City) -> QuerySet[Referral]:
    """Referrals addressed to the person's organisations: kind, status, district, reference — no shared data."""
    if not getattr(user, "is_authenticated", False):
        return Referral.objects.none()
    return (
        Referral.objects.filter(city=city, partner__memberships__user=user)
        .select_related("partner", "district")
        .only("pk", "kind", "status", "unconditional", "created_at", "partner__name", "district__name", "scheduled_for")
        .order_by("status", "-created_at")
        .distinct()
    )


def referral_get_visible(*, user: AnyUser, city: City, pk: int, request: HttpRequest | None = None) -> Referral | None:
    """A referral with what the consent let travel, for the partner and the team; one audit row per read."""
    referral = Referral.objects.select_related("partner", "team", "person", "district").filter(city=city, pk=pk).first()
    if referral is None or not policies.can_view_referral(user=user, referral=referral):
        return None
    side = "partner" if policies.is_partner_member(user=user, organisation_id=referral.partner_id) else "team"
    audit_record(
        action=events.REFERRAL_VIEWED, actor=user, city=city, target=referral, data={"side": side}, request=request
    )
    return referral


def open_referral_count(*, user: AnyUser, city: City) -> int:
    return referral_inbox(user=user, city=city).filter(status__in=OPEN_REFERRAL_STATUSES).count()


# --- Camps ------------------------------------------------------------------------------------------------------


def camp_operations(*, user: AnyUser, city: City) -> QuerySet[CampOperation]:
    qs = CampOperation.objects.filter(city=city).select_related("district", "landmark").order_by("-held_on")
    if policies.can_manage_teams(user=user, city=city):
        return qs
    return (
        qs.filter(teams__memberships__user=user).distinct()
        if policies.is_outreach_worker(user=user, city=city)
        else qs.none()
    )


def camp_operation_get(*, user: AnyUser, city: City, pk: int) -> CampOperation | None:
    return camp_operations(user=user, city=city).filter(pk=pk).first()


def camp_needs(*, operation: CampOperation) -> list[tuple[str, int]]:
    """Needs found across the households, most frequent first (an aggregate: no household named)."""
    from collections import Counter

    from .models import Need

    labels = dict(Need.choices)
    counts = Counter(code for needs in operation.households.values_list("needs", flat=True) for code in needs)
    return [(str(labels.get(code, code)), n) for code, n in counts.most_common()]


@dataclass(frozen=True)
class CampSummary:
    households: int
    adults: int
    children: int
    offered: int
    accepted: int
    declined: int
    deciding: int


def camp_summary(*, operation: CampOperation) -> CampSummary:
    totals = operation.households.aggregate(
        households=Count("id"),
        adults=Sum("adults"),
        children=Sum("children"),
        offered=Count("id", filter=~Q(accommodation_offered="")),
        accepted=Count("id", filter=Q(decision=HouseholdDecision.ACCEPTED)),
        declined=Count("id", filter=Q(decision=HouseholdDecision.DECLINED)),
        deciding=Count("id", filter=Q(decision=HouseholdDecision.PENDING) & ~Q(accommodation_offered="")),
    )
    return CampSummary(**{key: int(value or 0) for key, value in totals.items()})


def camp_households(*, user: AnyUser, operation: CampOperation) -> QuerySet[CampHousehold]:
    """Households by reference with the offer made (team members only; no vulnerability shown in the list)."""
    if not policies.can_record_in_camp(user=user, operation=operation):
        return CampHousehold.objects.none()
    return operation.households.defer("vulnerabilities").order_by("id")


# --- Interpreting -----------------------------------------------------------------------------------------------


def interpreting_requests(*, user: AnyUser, city: City) -> QuerySet[InterpretingRequest]:
    qs = InterpretingRequest.objects.filter(city=city).select_related("language", "interpreter", "district")
    if policies.can_manage_interpreting(user=user, city=city):
        return qs.order_by("status", "starts_at")
    return qs.filter(created_by=user).order_by("-starts_at")


def interpreting_request_for_action(*, user: AnyUser, city: City, pk: int) -> InterpretingRequest | None:
    found = InterpretingRequest.objects.filter(city=city, pk=pk).first()
    if found is None:
        return None
    if found.created_by_id == getattr(user, "pk", None) or policies.can_manage_interpreting(user=user, city=city):
        return found
    return None


@dataclass(frozen=True)
class Coverage:
    landmark: Landmark
    last_round: dt.date | None
    rounds: int


def landmark_coverage(*, city: City) -> list[Coverage]:
    """Which places were covered, and when last (rounds done)."""
    from django.db.models import Max

    rows = (
        Landmark.objects.filter(city=city)
        .select_related("district")
        .annotate(
            last=Max("rounds__date", filter=Q(rounds__done=True)), count=Count("rounds", filter=Q(rounds__done=True))
        )
        .order_by("district__number", "name")
    )
    return [Coverage(landmark=row, last_round=row.last, rounds=row.count) for row in rows]


def interpreters(*, city: City) -> QuerySet[Interpreter]:
    return Interpreter.objects.filter(city=city).prefetch_related("languages").order_by("kind", "display_name")


# --- What the City sees -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureTable:
    weeks: list[dt.date]
    # (metric, key, value per week, total); None where a small count is hidden
    rows: list[tuple[str, str, list[int | None], int | None]]


def figure_table(
    *,
    city: City,
    weeks: int = 8,
    district_number: int | None = None,
    today: dt.date | None = None,
    suppress_small: bool = False,
) -> FigureTable:
    """The last `weeks` weeks of aggregate figures, by metric and key (never a person). With `suppress_small`
    (every page and endpoint that shows them), counts from 1 to 4 are None (`accueil.core.disclosure`), and an
    average hours cell is None when the places it averages are."""
    from .figures import week_of

    end = week_of(today or dt.date.today())
    week_list = [end - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    qs = WeeklyFigure.objects.filter(city=city, week__gte=week_list[0], week__lte=end)
    if district_number is not None:
        qs = qs.filter(district_number=district_number)
    cells: dict[tuple[str, str], dict[dt.date, int]] = defaultdict(dict)
    for metric, key, week, value in qs.values_list("metric", "key", "week").annotate(total=Sum("value")):
        cells[(metric, key)][week] = int(value)
    order = {m.value: i for i, m in enumerate(Metric)}
    rows: list[tuple[str, str, list[int | None], int | None]] = []
    for (metric, key), by_week in sorted(cells.items(), key=lambda item: (order.get(item[0][0], 99), item[0][1])):
        values = [by_week.get(week, 0) for week in week_list]
        if metric == Metric.SHELTER_HOURS:
            # kept as a sum so that weeks and districts add up; shown as the average per place obtained
            placed = cells.get((str(Metric.SHELTER_PLACED), key), {})
            counts = [placed.get(week, 0) for week in week_list]
            averages: list[int | None] = [round(v / n) if n else 0 for v, n in zip(values, counts, strict=True)]
            rows.append((metric, key, averages, round(sum(values) / sum(counts)) if sum(counts) else 0))
            continue
        shown: list[int | None] = list(values)
        rows.append((metric, key, shown, sum(values)))
    if suppress_small:
        rows = _suppressed(rows, cells, week_list)
    return FigureTable(weeks=week_list, rows=rows)


def _suppressed(
    rows: list[tuple[str, str, list[int | None], int | None]],
    cells: dict[tuple[str, str], dict[dt.date, int]],
    week_list: list[dt.date],
) -> list[tuple[str, str, list[int | None], int | None]]:
    out: list[tuple[str, str, list[int | None], int | None]] = []
    for metric, key, values, total in rows:
        if metric == Metric.SHELTER_HOURS:
            placed = cells.get((str(Metric.SHELTER_PLACED), key), {})
            counts = [placed.get(week, 0) for week in week_list]
            hidden_counts, hidden_total = suppress_row(counts, sum(counts))
            shown = [None if h is None else v for v, h in zip(values, hidden_counts, strict=True)]
            out.append((metric, key, shown, None if hidden_total is None else total))
            continue
        shown_values, shown_total = suppress_row([v or 0 for v in values], total or 0)
        out.append((metric, key, shown_values, shown_total))
    return out


def figures_by_district(*, city: City, metric: Metric, since: dt.date) -> list[tuple[int, int]]:
    return [
        (int(number), int(total))
        for number, total in WeeklyFigure.objects.filter(city=city, metric=str(metric), week__gte=since)
        .values_list("district_number")
        .annotate(total=Sum("value"))
        .order_by("district_number")
    ]


def user_is_outreach(*, user: User, city: City) -> bool:
    return policies.can_use_outreach(user=user, city=city)


def figure_key_labels() -> dict[str, str]:
    """Readable labels of the figures' keys (vulnerabilities, referral kind:outcome, languages)."""
    from accueil.languages.models import Language

    from .models import ReferralKind, ReferralStatus, Vulnerability

    labels: dict[str, str] = {str(k): str(v) for k, v in Vulnerability.choices}
    for kind, kind_label in ReferralKind.choices:
        for status, status_label in ReferralStatus.choices:
            labels[f"{kind}:{status}"] = f"{kind_label} — {status_label}"
    labels.update(
        {
            "minor": str(_("young people")),
            "offered": str(_("offered")),
            "accepted": str(_("accepted")),
            "declined": str(_("declined")),
        }
    )
    labels.update(dict(Language.objects.values_list("code", "name_en")))
    return labels


# --- Access for actions (nothing of the record is shown, so no read is logged; the service logs the write) --------


def person_for_action(*, user: AnyUser, city: City, pk: int) -> Person | None:
    person = Person.objects.select_related("team").filter(city=city, pk=pk).first()
    if person is None or not policies.can_view_person(user=user, person=person):
        return None
    return person


def referral_for_action(*, user: AnyUser, city: City, pk: int) -> Referral | None:
    referral = Referral.objects.select_related("team", "partner").filter(city=city, pk=pk).first()
    if referral is None or not policies.can_view_referral(user=user, referral=referral):
        return None
    return referral


def camp_household_for_action(*, user: AnyUser, operation: CampOperation, pk: int) -> CampHousehold | None:
    if not policies.can_record_in_camp(user=user, operation=operation):
        return None
    return operation.households.filter(pk=pk).first()


def referral_place(*, referral: Referral) -> tuple[Site | None, list[Reservation]]:
    """The site and the reservations of the place reserved for a shelter referral (shown to both sides)."""
    if referral.place_request_id is None:
        return None, []
    reservations = list(
        Reservation.objects.filter(place_request_id=referral.place_request_id)
        .select_related("site", "bed")
        .order_by("pk")
    )
    return (reservations[0].site if reservations else None), reservations


def interpreting_assignments_of(
    *, user: AnyUser, city: City, now: dt.datetime | None = None
) -> list[InterpretingRequest]:
    """An interpreter's own appointments from the last 12 hours on (language, when, where, how; never a person)."""
    if not user.is_authenticated:
        return []
    since = (now or dt.datetime.now(tz=dt.UTC)) - dt.timedelta(hours=12)
    return list(
        InterpretingRequest.objects.filter(
            city=city,
            interpreter__user=user,
            status__in=(InterpretingStatus.MATCHED, InterpretingStatus.PROFESSIONAL),
            starts_at__gte=since,
        )
        .select_related("language", "district", "organisation", "team")
        .order_by("starts_at", "id")
    )


def is_interpreter(*, user: AnyUser, city: City) -> bool:
    return user.is_authenticated and Interpreter.objects.filter(city=city, user=user).exists()
