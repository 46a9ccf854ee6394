"""Mentor proposals from the matching engine (`accueil.matching`).

Agents are volunteers (capacity: mentorships they can still take, `MENTOR_CAPACITY` minus those active or
proposed elsewhere), slots are open beneficiaries without a mentor (capacity 1). Hard constraints decide
which edges exist:

- the volunteer has a profile in the beneficiary's city;
- they share at least one language with the beneficiary at level B1 or above;
- they have room left (fewer than `MENTOR_CAPACITY` active or proposed mentorships);
- they have not already declined this beneficiary.

Soft preferences score each edge, by named criteria that are shown to the person who confirms:
`base` (1), `shared_languages` (2 per language at B1+), `strong_language` (1 if a shared one is C1 or
native), `same_district` (3), `availability` (2 for a shared day, +0.5 per extra day, max 3),
`needs_skills` (1.5 per need the volunteer's skills cover).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q

from accueil.matching import Agent, Edge, Instance, Slot, score_edge, solve
from accueil.volunteering.models import LanguageLevel, VolunteerProfile

from .models import Beneficiary, Mentorship, MentorshipStatus

if TYPE_CHECKING:
    from accueil.territories.models import City

MENTOR_CAPACITY = 2
MIN_LEVEL = LanguageLevel.B1

NEED_SKILLS: dict[str, frozenset[str]] = {
    "administrative": frozenset({"admin_procedures", "social_work", "legal_advice"}),
    "french_practice": frozenset({"teaching_fle"}),
    "housing_search": frozenset({"housing_search", "social_work"}),
    "employment": frozenset({"job_search"}),
    "health_appointments": frozenset({"medical", "interpreting", "psychology"}),
    "schooling": frozenset({"childcare", "teaching_fle"}),
    "digital": frozenset({"digital_support"}),
    "social_life": frozenset({"event_organisation", "sport_coaching", "arts_crafts", "music", "cooking"}),
}


@dataclass(frozen=True)
class Proposal:
    beneficiary_id: int
    mentor_id: int
    score: float
    reasons: tuple[tuple[str, float], ...]


def _mentor_load(city: City, exclude_beneficiaries: Sequence[int]) -> dict[int, int]:
    rows = (
        Mentorship.objects.filter(city=city, status__in=[MentorshipStatus.ACTIVE, MentorshipStatus.PROPOSED])
        .exclude(Q(status=MentorshipStatus.PROPOSED) & Q(beneficiary_id__in=list(exclude_beneficiaries)))
        .values("mentor_id")
        .annotate(n=Count("id"))
    )
    return {row["mentor_id"]: row["n"] for row in rows}


def edge_criteria(beneficiary: Beneficiary, profile: VolunteerProfile) -> dict[str, float] | None:
    """The criteria of one pair, or None when a hard constraint fails (no edge)."""
    beneficiary_languages = {lang.pk for lang in beneficiary.languages.all()}
    levels = {vl.language_id: vl.level for vl in profile.languages.all()}
    shared = [code for code in beneficiary_languages if levels.get(code, 0) >= MIN_LEVEL]
    if not shared:
        return None
    criteria: dict[str, float] = {"base": 1, "shared_languages": 2 * len(shared)}
    criteria["strong_language"] = 1 if any(levels[c] >= LanguageLevel.C1 for c in shared) else 0
    district_ids = {d.pk for d in profile.districts.all()}
    criteria["same_district"] = 3 if beneficiary.district_id and beneficiary.district_id in district_ids else 0
    mentor_days = {slot.weekday for slot in profile.availabilities.all()}
    common_days = mentor_days & set(beneficiary.available_weekdays or [])
    criteria["availability"] = min(2 + 0.5 * (len(common_days) - 1), 3) if common_days else 0
    skills = {skill.code for skill in profile.skills.all()}
    covered = [need for need in beneficiary.needs if NEED_SKILLS.get(need, frozenset()) & skills]
    criteria["needs_skills"] = 1.5 * len(covered)
    return criteria


def propose_pairs(*, city: City, beneficiaries: Sequence[Beneficiary]) -> list[Proposal]:
    """The optimal assignment of mentors to `beneficiaries`, with the reasons of each pair."""
    if not beneficiaries:
        return []
    wanted_languages = {lang.pk for b in beneficiaries for lang in b.languages.all()}
    declined: dict[int, set[int]] = defaultdict(set)
    for beneficiary_id, mentor_id in Mentorship.objects.filter(
        beneficiary__in=beneficiaries, status=MentorshipStatus.DECLINED
    ).values_list("beneficiary_id", "mentor_id"):
        declined[beneficiary_id].add(mentor_id)
    load = _mentor_load(city, [b.pk for b in beneficiaries])
    profiles = list(
        VolunteerProfile.objects.filter(
            city=city,
            user__is_active=True,
            languages__language_id__in=wanted_languages,
            languages__level__gte=MIN_LEVEL,
        )
        .distinct()
        .select_related("user")
        .prefetch_related("languages", "districts", "skills", "availabilities")
        .order_by("id")
    )
    agents = []
    by_agent: dict[str, VolunteerProfile] = {}
    for profile in profiles:
        room = MENTOR_CAPACITY - load.get(profile.user_id, 0)
        if room > 0:
            agents.append(Agent(f"m{profile.user_id}", room))
            by_agent[f"m{profile.user_id}"] = profile
    slots = [Slot(f"b{b.pk}", 1) for b in beneficiaries]
    edges = []
    for beneficiary in beneficiaries:
        for agent_id, profile in by_agent.items():
            if profile.user_id in declined[beneficiary.pk]:
                continue
            criteria = edge_criteria(beneficiary, profile)
            if criteria is None:
                continue
            score, reasons = score_edge(criteria)
            edges.append(Edge(agent_id, f"b{beneficiary.pk}", score, reasons=reasons))
    if not edges:
        return []
    instance = Instance(agents=tuple(agents), slots=tuple(slots), edges=tuple(edges))
    solution = solve(instance)
    reasons_of = {(e.agent, e.slot): e.reasons for e in edges}
    return [
        Proposal(
            beneficiary_id=int(str(a.slot)[1:]),
            mentor_id=int(str(a.agent)[1:]),
            score=a.score,
            reasons=tuple(reasons_of[(a.agent, a.slot)]),
        )
        for a in solution.assignments
    ]
