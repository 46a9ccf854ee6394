"""Interpreting requests, the count of who could serve before asking, and the matching run.

A run (one at a time per city: an advisory lock) takes every open request and every active volunteer, student
and association interpreter, builds the edges under the hard rules (`interpreting_rules`), and lets
`accueil.matching` choose the optimum. What volunteers cannot serve falls back to a professional service that
passes the same hard rules; what nobody can serve is unmet and counted by language for the plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.core.errors import Refused
from accueil.core.locks import exclusive
from accueil.notifications.services import message_enqueue_rendered

from .. import events, interpreting_rules, policies
from ..errors import OutreachError
from ..figures import figure_add
from ..models import (
    Interpreter,
    InterpreterExclusion,
    InterpreterKind,
    InterpreterLanguage,
    InterpretingRequest,
    InterpretingStatus,
    Metric,
    Person,
    Team,
)

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.languages.models import Language
    from accueil.organisations.models import Organisation
    from accueil.territories.models import City, District


def _position(district: District | None) -> tuple[float, float] | None:
    return (float(district.latitude), float(district.longitude)) if district is not None else None


def interpreter_facts(interpreters: Iterable[Interpreter]) -> list[interpreting_rules.InterpreterFacts]:
    interpreters = list(interpreters)
    ids = [i.pk for i in interpreters]
    credentials: dict[int, list[interpreting_rules.Credential]] = {}
    for row in InterpreterLanguage.objects.filter(interpreter_id__in=ids):
        credentials.setdefault(row.interpreter_id, []).append(
            interpreting_rules.Credential(language=row.language_id, level=row.level, dialect=row.dialect)
        )
    excluded: dict[int, set[int]] = {}
    for interpreter_id, person_id in InterpreterExclusion.objects.filter(interpreter_id__in=ids).values_list(
        "interpreter_id", "person_id"
    ):
        excluded.setdefault(interpreter_id, set()).add(person_id)
    conflicts: dict[int, set[int]] = {}
    for interpreter_id, organisation_id in Interpreter.conflict_organisations.through.objects.filter(
        interpreter_id__in=ids
    ).values_list("interpreter_id", "organisation_id"):
        conflicts.setdefault(interpreter_id, set()).add(organisation_id)
    served: dict[int, set[int]] = {}
    for interpreter_id, person_id in InterpretingRequest.objects.filter(
        interpreter_id__in=ids, person__isnull=False, status__in=[InterpretingStatus.MATCHED, InterpretingStatus.DONE]
    ).values_list("interpreter_id", "person_id"):
        served.setdefault(interpreter_id, set()).add(person_id)
    return [
        interpreting_rules.InterpreterFacts(
            id=i.pk,
            capacity=i.capacity,
            credentials=tuple(credentials.get(i.pk, ())),
            modes=frozenset(i.modes),
            domains=frozenset(i.domains),
            gender=i.gender,
            weekdays=frozenset(i.available_weekdays),
            position=_position(i.district),
            district=i.district.number if i.district else 0,
            conflict_organisations=frozenset(conflicts.get(i.pk, ())),
            excluded_persons=frozenset(excluded.get(i.pk, ())),
            served_persons=frozenset(served.get(i.pk, ())),
        )
        for i in interpreters
    ]


def request_facts(request: InterpretingRequest) -> interpreting_rules.RequestFacts:
    return interpreting_rules.RequestFacts(
        id=request.pk or 0,
        language=request.language_id,
        level=request.level_needed,
        mode=request.mode,
        weekday=timezone.localtime(request.starts_at).weekday(),
        domain=request.domain,
        dialect=request.dialect,
        urgency=request.urgency,
        gender=request.gender_preference,
        organisation=request.organisation_id,
        person=request.person_id,
        position=_position(request.district),
        district=request.district.number if request.district else 0,
        declined_by=frozenset(i.pk for i in request.declined_by.all()) if request.pk else frozenset(),
    )


def _pool(city: City, *, professional: bool) -> list[Interpreter]:
    qs = Interpreter.objects.filter(city=city, active=True).select_related("district")
    if professional:
        return list(qs.filter(kind=InterpreterKind.PROFESSIONAL))
    return list(qs.exclude(kind=InterpreterKind.PROFESSIONAL))


@dataclass(frozen=True)
class PossibleCount:
    volunteers: int
    professionals: int


def interpreting_possible(*, city: City, draft: InterpretingRequest) -> PossibleCount:
    """How many could serve this request, before asking: volunteers (and students, associations), and
    professional services as the fallback."""
    facts = request_facts(draft)
    return PossibleCount(
        volunteers=interpreting_rules.count_possible(interpreter_facts(_pool(city, professional=False)), facts),
        professionals=interpreting_rules.count_possible(interpreter_facts(_pool(city, professional=True)), facts),
    )


@transaction.atomic
def interpreting_request_create(
    *,
    city: City,
    acting_user: User,
    language: Language,
    starts_at: dt.datetime,
    level_needed: int,
    domain: str,
    mode: str,
    urgency: int,
    dialect: str = "",
    gender_preference: str = "",
    district: District | None = None,
    duration_minutes: int = 60,
    team: Team | None = None,
    organisation: Organisation | None = None,
    person: Person | None = None,
    is_demo: bool = False,
) -> InterpretingRequest:
    if not policies.can_request_interpreting(user=acting_user, city=city):
        raise Refused(OutreachError.NOT_A_MEMBER, _("You cannot ask for an interpreter here."), status=403)
    if team is not None and not policies.can_record_for_team(user=acting_user, team=team):
        raise Refused(OutreachError.NOT_A_MEMBER, _("You are not a member of this team."), status=403)
    if person is not None and (team is None or person.team_id != team.pk):
        raise Refused(OutreachError.NOT_A_MEMBER, _("This person was met by another team."), status=403)
    if organisation is not None and not (
        policies.is_partner_member(user=acting_user, organisation_id=organisation.pk)
        or policies.can_manage_teams(user=acting_user, city=city)
    ):
        raise Refused(OutreachError.NOT_A_MEMBER, _("You are not a member of this organisation."), status=403)
    request = InterpretingRequest(
        city=city,
        team=team,
        organisation=organisation,
        person=person,
        language=language,
        dialect=dialect.strip(),
        level_needed=level_needed,
        domain=domain,
        mode=mode,
        urgency=urgency,
        gender_preference=gender_preference,
        district=district,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        created_by=acting_user,
        is_demo=is_demo,
    )
    request.full_clean()
    request.possible_at_request = interpreting_possible(city=city, draft=request).volunteers
    request.save()
    audit_record(
        action=events.INTERPRETING_REQUESTED,
        actor=acting_user,
        city=city,
        target=request,
        data={"language": language.pk, "possible": request.possible_at_request},
    )
    figure_add(
        city=city,
        district_number=district.number if district else 0,
        moment=starts_at,
        metric=Metric.INTERPRETING,
        key=language.pk,
        is_demo=is_demo,
    )
    return request


@transaction.atomic
def interpreting_request_cancel(*, request: InterpretingRequest, acting_user: User) -> InterpretingRequest:
    locked = InterpretingRequest.objects.select_for_update().get(pk=request.pk)
    if not (
        locked.created_by_id == acting_user.pk or policies.can_manage_interpreting(user=acting_user, city=locked.city)
    ):
        raise Refused(OutreachError.NOT_A_MEMBER, _("You cannot cancel this request."), status=403)
    if locked.status in (InterpretingStatus.CANCELLED, InterpretingStatus.DONE):
        raise Refused(OutreachError.REQUEST_CLOSED, _("This request is already closed."))
    locked.status = InterpretingStatus.CANCELLED
    locked.save(update_fields=["status"])
    audit_record(action=events.INTERPRETING_CANCELLED, actor=acting_user, city=locked.city, target=locked)
    return locked


ANSWERABLE = (InterpretingStatus.MATCHED, InterpretingStatus.PROFESSIONAL)


def _answerable(request: InterpretingRequest, acting_user: User) -> InterpretingRequest:
    locked = (
        InterpretingRequest.objects.select_for_update(of=("self",)).select_related("interpreter").get(pk=request.pk)
    )
    if locked.interpreter is None or locked.interpreter.user_id != acting_user.pk:
        raise Refused(OutreachError.NOT_A_MEMBER, _("This appointment is not yours."), status=403)
    if locked.status not in ANSWERABLE:
        raise Refused(OutreachError.REQUEST_CLOSED, _("This request is already closed."))
    return locked


@transaction.atomic
def interpreting_accept(*, request: InterpretingRequest, acting_user: User) -> InterpretingRequest:
    """The interpreter confirms they will come; a second answer changes nothing."""
    locked = _answerable(request, acting_user)
    if locked.accepted_at is None:
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
        audit_record(action=events.INTERPRETING_ACCEPTED, actor=acting_user, city=locked.city, target=locked)
    return locked


@transaction.atomic
def interpreting_decline(*, request: InterpretingRequest, acting_user: User) -> InterpretingRequest:
    """The interpreter cannot come: the request is open again for the next matching (the coordinators see it
    among the waiting ones), and this interpreter is never proposed for it again."""
    locked = _answerable(request, acting_user)
    interpreter = locked.interpreter
    assert interpreter is not None
    locked.declined_by.add(interpreter)
    locked.status = InterpretingStatus.OPEN
    locked.interpreter = None
    locked.score = None
    locked.reasons = []
    locked.matched_at = None
    locked.accepted_at = None
    locked.save(update_fields=["status", "interpreter", "score", "reasons", "matched_at", "accepted_at"])
    audit_record(
        action=events.INTERPRETING_DECLINED,
        actor=acting_user,
        city=locked.city,
        target=locked,
        data={"interpreter": interpreter.pk},
    )
    return locked


@dataclass(frozen=True)
class MatchReport:
    requests: int
    matched: int
    professional: int
    unmet: int
    edges: int


def _assign(pool: list[Interpreter], requests: list[InterpretingRequest]) -> dict[int, tuple[Interpreter, float]]:
    matches, _edges = interpreting_rules.match(interpreter_facts(pool), [request_facts(r) for r in requests])
    return {requests[m.request].pk: (pool[m.interpreter], m.score) for m in matches}


@transaction.atomic
def interpreting_match_run(*, city: City, acting_user: User | None, now: dt.datetime | None = None) -> MatchReport:
    """Match every open request of the city (coordinators, or the scheduled job with no acting user)."""
    if acting_user is not None and not policies.can_manage_interpreting(user=acting_user, city=city):
        raise Refused(OutreachError.NOT_A_MEMBER, _("Only the city's coordinators run the matching."), status=403)
    now = now or timezone.now()
    with exclusive(f"outreach.interpreting:{city.pk}"):
        requests = list(
            InterpretingRequest.objects.select_for_update(of=("self",))
            .filter(city=city, status=InterpretingStatus.OPEN)
            .select_related("district")
            .prefetch_related("declined_by")
            .order_by("starts_at", "id")
        )
        volunteers = _pool(city, professional=False)
        chosen = _assign(volunteers, requests)
        left = [r for r in requests if r.pk not in chosen]
        fallback = _assign(_pool(city, professional=True), left) if left else {}
        report = {"matched": 0, "professional": 0, "unmet": 0}
        for request in requests:
            found = chosen.get(request.pk) or fallback.get(request.pk)
            if found is None:
                request.status = InterpretingStatus.UNMET
                report["unmet"] += 1
                figure_add(
                    city=city,
                    district_number=request.district.number if request.district else 0,
                    moment=request.starts_at,
                    metric=Metric.INTERPRETING_UNMET,
                    key=request.language_id,
                    is_demo=request.is_demo,
                )
            else:
                interpreter, score = found
                request.interpreter = interpreter
                request.score = Decimal(str(round(score, 3)))
                request.reasons = [
                    [k, v]
                    for k, v in interpreting_rules.criteria(
                        interpreter_facts([interpreter])[0], request_facts(request)
                    ).items()
                ]
                request.matched_at = now
                professional = request.pk in fallback
                request.status = InterpretingStatus.PROFESSIONAL if professional else InterpretingStatus.MATCHED
                report["professional" if professional else "matched"] += 1
            request.save(update_fields=["status", "interpreter", "score", "reasons", "matched_at"])
            if found is not None:
                interpreter_notify(request=request)
        result = MatchReport(requests=len(requests), edges=0, **report)
        audit_record(action=events.INTERPRETING_MATCHED, actor=acting_user, city=city, data=result.__dict__)
        return result


def interpreter_notify(*, request: InterpretingRequest) -> bool:
    """Emails the interpreter who has an account (in their language, through the outbox, once per request and
    interpreter): the language, when, where and how, and the page of their appointments. Never a person."""
    interpreter = request.interpreter
    if interpreter is None or interpreter.user is None:
        return False
    language = request.language
    starts_at = request.starts_at
    return message_enqueue_rendered(
        city=request.city,
        to_user=interpreter.user,
        kind="outreach.interpreting_assigned",
        key=f"interpreting:{request.pk}:{interpreter.pk}",
        subject=lambda: (
            _("Interpreting in %(language)s on %(when)s")
            % {"language": language.native_name, "when": date_format(timezone.localtime(starts_at), "DATETIME_FORMAT")}
        ),
        template="outreach/email/interpreting_assigned.txt",
        context={"request": request},
    )


# Self-declared levels of the volunteering app (A1 … native) as interpreting levels: B1–B2 hold a basic
# conversation, C1 and above are fluent; professional interpreting is never self-declared.
VOLUNTEER_LEVELS = {3: 1, 4: 1, 5: 2, 6: 2, 7: 2}


@transaction.atomic
def interpreter_save(
    *,
    city: City,
    acting_user: User,
    kind: str,
    display_name: str,
    languages: Iterable[tuple[Language, str, int]],
    modes: Iterable[str],
    domains: Iterable[str] = (),
    gender: str = "",
    district: District | None = None,
    capacity: int = 2,
    available_weekdays: Iterable[int] = (),
    organisation: Organisation | None = None,
    conflict_organisations: Iterable[Organisation] = (),
    interpreter: Interpreter | None = None,
    is_demo: bool = False,
) -> Interpreter:
    """Add or update an interpreter with their credentials (language, dialect, level)."""
    if not policies.can_manage_interpreting(user=acting_user, city=city):
        raise Refused(OutreachError.NOT_A_MEMBER, _("Only the city's coordinators manage interpreters."), status=403)
    if interpreter is None:
        interpreter = Interpreter(city=city, is_demo=is_demo)
    else:
        interpreter = Interpreter.objects.select_for_update().get(pk=interpreter.pk, city=city)
    interpreter.kind, interpreter.display_name, interpreter.gender = kind, display_name.strip(), gender
    interpreter.district, interpreter.capacity, interpreter.organisation = district, capacity, organisation
    interpreter.modes, interpreter.domains = sorted(set(modes)), sorted(set(domains))
    interpreter.available_weekdays = sorted(set(available_weekdays))
    interpreter.full_clean()
    interpreter.save()
    interpreter.conflict_organisations.set(list(conflict_organisations))
    credentials = {(language.pk, dialect.strip()): level for language, dialect, level in languages}
    interpreter.languages.exclude(
        pk__in=[c.pk for c in interpreter.languages.all() if (c.language_id, c.dialect) in credentials]
    ).delete()
    for (code, dialect), level in credentials.items():
        InterpreterLanguage.objects.update_or_create(
            interpreter=interpreter, language_id=code, dialect=dialect, defaults={"level": level}
        )
    audit_record(action=events.INTERPRETER_SAVED, actor=acting_user, city=city, target=interpreter)
    return interpreter


@transaction.atomic
def interpreters_import_volunteers(*, city: City, acting_user: User) -> int:
    """Volunteers holding the translator role become volunteer interpreters with the languages (other than French)
    they declared at B1 or above; run again, it updates them. Returns how many were added or updated."""
    from accueil.accounts.models import Role, RoleAssignment
    from accueil.volunteering.models import VolunteerLanguage, VolunteerProfile
    from accueil.volunteering.policies import volunteer_public_name

    if not policies.can_manage_interpreting(user=acting_user, city=city):
        raise Refused(OutreachError.NOT_A_MEMBER, _("Only the city's coordinators manage interpreters."), status=403)
    translators = RoleAssignment.objects.filter(city=city, role=Role.TRANSLATOR).values_list("user_id", flat=True)
    count = 0
    for profile in VolunteerProfile.objects.filter(city=city, user_id__in=translators).select_related("user"):
        levels = [
            (row.language, "", VOLUNTEER_LEVELS[row.level])
            for row in VolunteerLanguage.objects.filter(profile=profile).select_related("language")
            if row.level in VOLUNTEER_LEVELS and row.language_id != "fr"
        ]
        if not levels:
            continue
        existing = Interpreter.objects.filter(city=city, user=profile.user).first()
        interpreter = interpreter_save(
            city=city,
            acting_user=acting_user,
            kind=InterpreterKind.VOLUNTEER,
            display_name=volunteer_public_name(profile.user),
            languages=levels,
            modes=["on_site", "phone", *(["video"] if profile.remote_ok else [])],
            district=profile.districts.order_by("number").first(),
            interpreter=existing,
            capacity=existing.capacity if existing else 2,
        )
        if interpreter.user_id is None:
            Interpreter.objects.filter(pk=interpreter.pk).update(user=profile.user)
        count += 1
    return count
