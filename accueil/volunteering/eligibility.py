"""Whether a volunteer may take a place on a shift: minimum age, safeguarding check, qualification, languages.

Used by sign-up (hard refusal) and by recommendations and proposals (filter), so it only reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Shift, VolunteerProfile


@dataclass(frozen=True)
class Problem:
    code: str
    message: str


def eligibility_problems(*, profile: VolunteerProfile | None, shift: Shift) -> list[Problem]:
    """Every reason the volunteer cannot take this shift; empty when eligible.

    `shift.mission` should be loaded with its languages and required qualification prefetched when called in bulk.
    """
    mission = shift.mission
    if profile is None:
        return [Problem("no_profile", _("Fill in your volunteer profile first."))]
    problems: list[Problem] = []
    shift_day = shift.ends_at.date()
    if profile.birth_year is None:
        problems.append(Problem("age_unknown", _("Give your year of birth in your profile to check the minimum age.")))
    elif shift.starts_at.year - profile.birth_year < mission.min_age:
        problems.append(
            Problem("too_young", _("This mission needs volunteers aged %(age)s or more.") % {"age": mission.min_age})
        )
    if mission.needs_safeguarding and (
        profile.safeguarding_expires_on is None or profile.safeguarding_expires_on < shift_day
    ):
        problems.append(
            Problem(
                "safeguarding",
                _("This mission works with minors or vulnerable people: a valid safeguarding check is required."),
            )
        )
    if mission.required_qualification_id is not None:
        held = [q for q in profile.qualifications.all() if q.qualification_id == mission.required_qualification_id]
        if not any(q.expires_on is None or q.expires_on >= shift_day for q in held):
            problems.append(
                Problem(
                    "qualification",
                    _("This mission requires the training “%(name)s”.") % {"name": mission.required_qualification},
                )
            )
    required_languages = list(mission.languages.all())
    levels = {vl.language_id: vl.level for vl in profile.languages.all()} if required_languages else {}
    for required in required_languages:
        if levels.get(required.language_id, 0) < required.min_level:
            problems.append(
                Problem(
                    "language",
                    _("This mission requires %(language)s at level %(level)s or above.")
                    % {"language": required.language.name_en, "level": required.get_min_level_display()},
                )
            )
    return problems
