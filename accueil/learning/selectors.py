"""Reads of the learning app: the public catalogue, a learner's path (audited), the partners' classes, the
coordinators' supply and demand, and the open-data rows (no personal data)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from accueil.audit.services import audit_record

from . import events, policies
from .facts import class_facts, learner_facts
from .models import (
    LEVEL_CODES,
    ApplicationStatus,
    Attendance,
    Course,
    Enrolment,
    EnrolmentStatus,
    Learner,
    LearnerApplication,
    Period,
    PlacementProposal,
    PlacementRun,
    days_of,
)
from .placement import eligible_arrays

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City

    Person = User | AnonymousUser

PAGE_SIZE = 20


@dataclass(frozen=True)
class CourseFilters:
    kind: str = ""
    level: int | None = None
    district: int | None = None
    day: int | None = None
    period: int | None = None
    childcare: bool = False
    women_only: bool = False
    free: bool = False
    with_places: bool = False


def course_search(*, city: City, filters: CourseFilters, page: int = 1) -> Page[Course]:
    """Published classes still running, best first: with places left, then the soonest."""
    today = timezone.localdate()
    qs = Course.objects.filter(city=city, published=True, end_date__gte=today)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.level is not None:
        qs = qs.filter(level_required__lte=filters.level).filter(
            Q(level_reached__gt=filters.level) | Q(level_reached=F("level_required"))
        )
    if filters.district is not None:
        qs = qs.filter(district__number=filters.district)
    if filters.day is not None:
        qs = qs.annotate(on_day=F("days").bitand(filters.day)).filter(on_day__gt=0)
    if filters.period == Period.MORNING:
        qs = qs.filter(starts_at__lt=dt.time(12))
    elif filters.period == Period.AFTERNOON:
        qs = qs.filter(starts_at__gte=dt.time(12), starts_at__lt=dt.time(17))
    elif filters.period == Period.EVENING:
        qs = qs.filter(starts_at__gte=dt.time(17))
    if filters.childcare:
        qs = qs.filter(childcare=True)
    if filters.women_only:
        qs = qs.filter(women_only=True)
    if filters.free:
        qs = qs.filter(cost_eur=0)
    if filters.with_places:
        qs = qs.filter(places_taken__lt=F("places"))
    qs = qs.select_related("organisation", "district").order_by("start_date", "pk")
    return Paginator(qs, PAGE_SIZE).get_page(page)


def course_get_public(*, city: City, pk: int) -> Course | None:
    return (
        Course.objects.filter(city=city, pk=pk, published=True)
        .select_related("organisation", "district")
        .prefetch_related("support_languages")
        .first()
    )


def course_get_run(*, user: Person, city: City, pk: int) -> Course | None:
    course = Course.objects.filter(city=city, pk=pk).select_related("organisation", "district", "city").first()
    if course is None or not policies.can_run_course(user=user, course=course):
        return None
    return course


def partner_courses(*, user: Person, city: City) -> QuerySet[Course]:
    organisations = policies.partner_organisations(user=user, city=city)
    return (
        Course.objects.filter(city=city, organisation__in=organisations)
        .select_related("organisation", "district")
        .order_by("-end_date", "title", "pk")
    )


# --- Learners: own record and audited reads ------------------------------------------------------------------


def own_learner(*, user: Person, city: City) -> Learner | None:
    """The signed-in person's own learner record (their own data: no audit row)."""
    if not user.is_authenticated:
        return None
    return Learner.objects.filter(city=city, user=user).select_related("district").first()


def _audit_read(action: str, user: Person, target: object, city: City, scope: str = "page") -> None:
    audit_record(action=action, actor=user, city=city, target=target, data={"scope": scope})  # type: ignore[arg-type]


def learner_get_visible(*, user: Person, city: City, pk: int) -> Learner | None:
    learner = Learner.objects.filter(city=city, pk=pk).select_related("city", "district", "referred_by", "user").first()
    if learner is None or not policies.can_view_learner(user=user, learner=learner):
        return None
    if learner.user_id != user.pk:
        _audit_read(events.LEARNER_VIEWED, user, learner, city)
    return learner


def learner_get_by_reference(*, user: Person, city: City, reference: str) -> Learner | None:
    learner = Learner.objects.filter(city=city, reference=reference.strip().upper()).first()
    if learner is None:
        return None
    return learner_get_visible(user=user, city=city, pk=learner.pk)


def referred_learners(*, user: Person, city: City) -> QuerySet[Learner]:
    """Learners referred by the person's organisations (list of references; the read is audited by page)."""
    organisations = policies.partner_organisations(user=user, city=city)
    qs = Learner.objects.filter(city=city, referred_by__in=organisations).order_by("-created_at", "-pk")[:50]
    if qs:
        audit_record(
            action=events.LEARNER_VIEWED,
            actor=user,
            city=city,
            data={"scope": "list", "ids": [learner.pk for learner in qs]},
        )
    return qs


@dataclass
class PathEnrolment:
    enrolment: Enrolment
    sessions: int = 0
    present: int = 0

    @property
    def rate(self) -> int | None:
        return round(100 * self.present / self.sessions) if self.sessions else None


@dataclass
class LearnerPath:
    learner: Learner
    applications: list[LearnerApplication] = field(default_factory=list)
    enrolments: list[PathEnrolment] = field(default_factory=list)
    tests: list[object] = field(default_factory=list)
    positions: dict[int, int] = field(default_factory=dict)
    next_courses: list[Course] = field(default_factory=list)


def queue_position(application: LearnerApplication) -> int:
    """How many people who applied earlier for the same kind of class are still waiting (plus this one)."""
    return (
        LearnerApplication.objects.filter(
            city_id=application.city_id, kind=application.kind, status=ApplicationStatus.WAITING
        )
        .filter(Q(created_at__lt=application.created_at) | Q(created_at=application.created_at, pk__lt=application.pk))
        .count()
        + 1
    )


def learner_path(*, learner: Learner) -> LearnerPath:
    """Levels with their dates, classes with attendance, applications with their place in line, and the next
    class suggested (the soonest one starting at the learner's level, with places)."""
    path = LearnerPath(learner=learner)
    path.applications = list(learner.applications.select_related("district").order_by("-created_at", "-pk"))
    enrolments = list(
        learner.enrolments.select_related("course", "course__organisation", "course__district").order_by(
            "-offered_at", "-pk"
        )
    )
    counts: dict[int, tuple[int, int]] = {
        row["enrolment"]: (row["sessions"], row["present"])
        for row in Attendance.objects.filter(enrolment__in=enrolments)
        .values("enrolment")
        .annotate(sessions=Count("pk"), present=Count("pk", filter=Q(present=True)))
    }
    path.enrolments = [
        PathEnrolment(enrolment=e, sessions=counts.get(e.pk, (0, 0))[0], present=counts.get(e.pk, (0, 0))[1])
        for e in enrolments
    ]
    path.tests = list(learner.tests.select_related("organisation").order_by("-assessed_on", "-pk"))
    path.positions = {a.pk: queue_position(a) for a in path.applications if a.status == ApplicationStatus.WAITING}
    if learner.level is not None:
        path.next_courses = list(
            Course.objects.filter(
                city_id=learner.city_id,
                published=True,
                level_required=learner.level,
                end_date__gte=timezone.localdate(),
                places_taken__lt=F("places"),
            )
            .exclude(level_reached=F("level_required"))
            .select_related("organisation", "district")
            .order_by("start_date", "pk")[:3]
        )
    return path


def enrolment_get_visible(*, user: Person, city: City, pk: int) -> Enrolment | None:
    """A place (for its certificate or the offer's answer), visible to the learner, the partners who may see
    their path, the class's partner and coordinators; reads by others than the learner are audited."""
    enrolment = (
        Enrolment.objects.filter(city=city, pk=pk)
        .select_related(
            "learner",
            "learner__city",
            "learner__referred_by",
            "course",
            "course__organisation",
            "course__district",
            "course__city",
            "application",
        )
        .first()
    )
    if enrolment is None:
        return None
    allowed = policies.can_view_learner(user=user, learner=enrolment.learner) or policies.can_run_course(
        user=user, course=enrolment.course
    )
    if not allowed:
        return None
    if enrolment.learner.user_id != user.pk:
        _audit_read(events.CERTIFICATE_VIEWED, user, enrolment, city)
    return enrolment


def attendance_of(enrolment: Enrolment) -> PathEnrolment:
    rows = Attendance.objects.filter(enrolment=enrolment)
    return PathEnrolment(enrolment=enrolment, sessions=rows.count(), present=rows.filter(present=True).count())


def course_roster(*, course: Course, user: Person) -> list[Enrolment]:
    """Who holds a place in a class the person runs (references only; the read is audited)."""
    roster = list(
        course.enrolments.filter(status__in=(EnrolmentStatus.OFFERED, EnrolmentStatus.ENROLLED))
        .select_related("learner")
        .order_by("offered_at", "pk")
    )
    if roster:
        audit_record(
            action=events.LEARNER_VIEWED,
            actor=user,
            city=course.city,
            target=course,
            data={"scope": "roster", "ids": [e.learner_id for e in roster]},
        )
    return roster


# --- Coordination --------------------------------------------------------------------------------------------


@dataclass
class SupplyRow:
    level: int
    district: int
    district_name: str
    places: int = 0
    taken: int = 0
    waiting: int = 0
    dropped: int = 0

    @property
    def free(self) -> int:
        return self.places - self.taken

    @property
    def level_code(self) -> str:
        return LEVEL_CODES[self.level]


def supply_demand(*, city: City, kind: str) -> list[SupplyRow]:
    """Places, taken, free, waiting and drop-outs by level and district (a class counts at the level it
    requires; a learner at their level, in the district they asked near)."""
    today = timezone.localdate()
    rows: dict[tuple[int, int], SupplyRow] = {}

    def row(level: int, number: int, name: str) -> SupplyRow:
        key = (level, number)
        if key not in rows:
            rows[key] = SupplyRow(level=level, district=number, district_name=name)
        return rows[key]

    for r in (
        Course.objects.filter(city=city, kind=kind, published=True, end_date__gte=today)
        .values("level_required", "district__number", "district__name")
        .annotate(places=Sum("places"), taken=Sum("places_taken"))
    ):
        item = row(r["level_required"], r["district__number"], r["district__name"])
        item.places += r["places"] or 0
        item.taken += r["taken"] or 0
    for w in (
        LearnerApplication.objects.filter(city=city, kind=kind, status=ApplicationStatus.WAITING)
        .values("level", "district__number", "district__name")
        .annotate(n=Count("pk"))
    ):
        row(w["level"], w["district__number"], w["district__name"]).waiting += w["n"]
    for d in (
        Enrolment.objects.filter(city=city, course__kind=kind, status=EnrolmentStatus.DROPPED)
        .values("course__level_required", "course__district__number", "course__district__name")
        .annotate(n=Count("pk"))
    ):
        row(d["course__level_required"], d["course__district__number"], d["course__district__name"]).dropped += d["n"]
    return sorted(rows.values(), key=lambda x: (x.level, x.district))


@dataclass(frozen=True)
class Absorber:
    course: Course
    free: int
    suits: int


def absorbers(*, city: City, kind: str, extra_km: int = 0, limit: int = 20) -> list[Absorber]:
    """Classes with free places and how many people waiting they suit under the hard rules."""
    now = timezone.now()
    courses = list(
        Course.objects.filter(
            city=city, kind=kind, published=True, end_date__gte=now.date(), places_taken__lt=F("places")
        )
        .select_related("district", "organisation")
        .order_by("pk")
    )
    waiting = list(
        LearnerApplication.objects.filter(city=city, kind=kind, status=ApplicationStatus.WAITING).select_related(
            "district"
        )
    )
    if not courses or not waiting:
        return []
    edges = eligible_arrays(
        [class_facts(c) for c in courses], [learner_facts(a, now=now, extra_km=extra_km) for a in waiting]
    )
    counts: dict[int, int] = defaultdict(int)
    for position in edges.course.tolist():
        counts[position] += 1
    found = [
        Absorber(course=c, free=c.places - c.places_taken, suits=counts[i]) for i, c in enumerate(courses) if counts[i]
    ]
    found.sort(key=lambda a: (-min(a.free, a.suits), a.course.pk))
    return found[:limit]


def placement_runs(*, city: City) -> QuerySet[PlacementRun]:
    return PlacementRun.objects.filter(city=city).order_by("-created_at", "-pk")[:10]


def placement_run_get(*, user: Person, city: City, pk: int) -> PlacementRun | None:
    if not policies.can_coordinate(user=user, city=city):
        return None
    return PlacementRun.objects.filter(city=city, pk=pk).first()


def run_proposals(*, run: PlacementRun, user: Person) -> list[PlacementProposal]:
    """The proposals of a run with their class and the learner's reference (the read is audited)."""
    proposals = list(
        run.proposals.select_related(
            "course",
            "course__organisation",
            "course__district",
            "application",
            "application__learner",
            "application__district",
        ).order_by("-score", "pk")
    )
    if proposals:
        audit_record(
            action=events.APPLICATION_VIEWED,
            actor=user,
            city=run.city,
            target=run,
            data={"scope": "placement", "ids": [p.application_id for p in proposals]},
        )
    return proposals


# --- Open data -----------------------------------------------------------------------------------------------

EXPORT_FIELDS = (
    "id",
    "title_fr",
    "organisation",
    "kind",
    "level_required",
    "level_reached",
    "days",
    "starts_at",
    "ends_at",
    "start_date",
    "end_date",
    "address",
    "district",
    "places",
    "places_left",
    "childcare",
    "women_only",
    "cost_eur",
    "support_languages",
)


def export_rows(*, city: City) -> list[dict[str, object]]:
    """The published catalogue: places and levels, no personal data."""
    day_names = {1: "mon", 2: "tue", 4: "wed", 8: "thu", 16: "fri", 32: "sat", 64: "sun"}
    rows = []
    for c in (
        Course.objects.filter(city=city, published=True)
        .select_related("organisation", "district")
        .prefetch_related("support_languages")
        .order_by("pk")
    ):
        rows.append(
            {
                "id": c.pk,
                "title_fr": c.title,
                "organisation": c.organisation.name,
                "kind": c.kind,
                "level_required": LEVEL_CODES[c.level_required],
                "level_reached": LEVEL_CODES[c.level_reached],
                "days": " ".join(day_names[d] for d in days_of(c.days)),
                "starts_at": c.starts_at.strftime("%H:%M"),
                "ends_at": c.ends_at.strftime("%H:%M"),
                "start_date": c.start_date.isoformat(),
                "end_date": c.end_date.isoformat(),
                "address": c.address,
                "district": c.district.code,
                "places": c.places,
                "places_left": c.places - c.places_taken,
                "childcare": c.childcare,
                "women_only": c.women_only,
                "cost_eur": c.cost_eur,
                "support_languages": " ".join(sorted(lang.code for lang in c.support_languages.all())),
            }
        )
    return rows
