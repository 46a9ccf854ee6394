"""Every write of the learning app: classes, learners, placement tests, applications and the places offered in
order, answers to offers, attendance, the placement engine's runs, expiry and retention.

Capacity: locks are taken in the order written in `locks.py` (learner, then courses in key order, then
applications and enrolments) on every path. A place is taken by a conditional update (`places_taken < places`);
the `CheckConstraint` on the course and the conditional unique constraints turn a lost race into a refusal with
a code, never an error. A place given back goes to the next person in line in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.core.errors import Refused
from accueil.translations.services import source_changed_all

from . import events, policies
from .errors import LearningError
from .facts import class_facts, learner_facts
from .locks import lock_application, lock_courses, lock_enrolment, lock_learner
from .models import (
    ACTIVE_APPLICATION,
    HOLDING_PLACE,
    OFFER_HOLD,
    RETENTION,
    ApplicationStatus,
    Attendance,
    Course,
    CourseSession,
    Enrolment,
    EnrolmentSource,
    EnrolmentStatus,
    Learner,
    LearnerApplication,
    PlacementProposal,
    PlacementRun,
    PlacementRunStatus,
    PlacementTest,
    WomenOnly,
)
from .notifications import offer_notify
from .placement import criteria, place, refusals

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.languages.models import Language
    from accueil.organisations.models import Organisation
    from accueil.territories.models import City, District


def _forbidden() -> Refused:
    return Refused(LearningError.FORBIDDEN, _("You are not allowed to do this."), status=403)


# --- Courses -------------------------------------------------------------------------------------------------


@transaction.atomic
def course_create(
    *,
    organisation: Organisation,
    acting_user: User,
    title: str,
    kind: str,
    level_required: int,
    level_reached: int,
    days: int,
    starts_at: dt.time,
    ends_at: dt.time,
    start_date: dt.date,
    end_date: dt.date,
    address: str,
    district: District,
    places: int,
    description: str = "",
    requirements: str = "",
    contact_phone: str = "",
    childcare: bool = False,
    women_only: bool = False,
    cost_eur: int = 0,
    support_languages: Iterable[Language] = (),
    is_demo: bool = False,
) -> Course:
    if not policies.can_act_for(user=acting_user, organisation=organisation) and not policies.can_coordinate(
        user=acting_user, city=organisation.city
    ):
        raise _forbidden()
    course = Course(
        city=organisation.city,
        organisation=organisation,
        created_by=acting_user,
        title=title,
        description=description,
        requirements=requirements,
        kind=kind,
        level_required=level_required,
        level_reached=level_reached,
        days=days,
        starts_at=starts_at,
        ends_at=ends_at,
        start_date=start_date,
        end_date=end_date,
        address=address,
        district=district,
        contact_phone=contact_phone,
        places=places,
        childcare=childcare,
        women_only=women_only,
        cost_eur=cost_eur,
        is_demo=is_demo,
    )
    course.full_clean()
    course.save()
    course.support_languages.set(list(support_languages))
    source_changed_all(course)
    audit_record(action=events.COURSE_CREATED, actor=acting_user, city=course.city, target=course)
    return course


@transaction.atomic
def course_set_places(*, course: Course, places: int, acting_user: User) -> Course:
    """Change a class's size. Fewer places than are taken is refused; new places go to the people waiting."""
    if not policies.can_run_course(user=acting_user, course=course):
        raise _forbidden()
    locked = lock_courses([course.pk])[course.pk]
    if places < locked.places_taken:
        raise Refused(
            LearningError.PLACES_BELOW_TAKEN,
            _("%(taken)s places are already taken: the class cannot have fewer.") % {"taken": locked.places_taken},
        )
    locked.places = places
    locked.full_clean()
    locked.save(update_fields=["places", "updated_at"])
    _fill_from_queue(locked, now=timezone.now())
    audit_record(
        action=events.COURSE_CHANGED, actor=acting_user, city=locked.city, target=locked, data={"places": places}
    )
    return locked


# --- Learners and placement tests ----------------------------------------------------------------------------


def _new_reference() -> str:
    return "L-" + secrets.token_hex(4).upper()


@transaction.atomic
def learner_for_user(*, user: User, city: City) -> Learner:
    """The signed-in person's own learner record in the city (created on first use)."""
    learner = Learner.objects.filter(city=city, user=user).first()
    if learner is not None:
        return learner
    learner = Learner(city=city, user=user, reference=_new_reference())
    learner.full_clean()
    try:
        with transaction.atomic():
            learner.save()
    except IntegrityError:
        return Learner.objects.get(city=city, user=user)
    audit_record(action=events.LEARNER_CREATED, actor=user, city=city, target=learner)
    return learner


@transaction.atomic
def learner_refer(
    *,
    organisation: Organisation,
    acting_user: User,
    district: District | None = None,
    name: str = "",
    phone: str = "",
    shares_path: bool = False,
    is_demo: bool = False,
) -> Learner:
    """A partner (social worker, mentor, outreach team) records a learner they help, by reference."""
    if not policies.can_act_for(user=acting_user, organisation=organisation) and not policies.can_coordinate(
        user=acting_user, city=organisation.city
    ):
        raise _forbidden()
    learner = Learner(
        city=organisation.city,
        reference=_new_reference(),
        referred_by=organisation,
        district=district,
        name=name,
        phone=phone,
        shares_path=shares_path,
        is_demo=is_demo,
    )
    learner.full_clean()
    learner.save()
    audit_record(action=events.LEARNER_CREATED, actor=acting_user, city=learner.city, target=learner)
    return learner


@transaction.atomic
def learner_set_sharing(*, learner: Learner, shares_path: bool, acting_user: User) -> Learner:
    if learner.user_id is None or learner.user_id != acting_user.pk:
        raise _forbidden()
    learner.shares_path = shares_path
    learner.save(update_fields=["shares_path", "updated_at"])
    return learner


@transaction.atomic
def learner_declare(*, learner: Learner, acting_user: User, level: int | None, phone: str | None = None) -> Learner:
    """The learner (or the partner helping them) gives a level until a partner tests it, and a phone."""
    if not policies.can_act_for_learner(user=acting_user, learner=learner):
        raise _forbidden()
    locked = lock_learner(learner.pk)
    fields = ["last_activity_at", "updated_at"]
    if level is not None and not locked.tests.exists():
        locked.level = level
        fields.append("level")
    if phone is not None:
        locked.phone = phone
        fields.append("phone")
    locked.last_activity_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=fields)
    learner.level, learner.phone = locked.level, locked.phone
    return locked


@transaction.atomic
def placement_test_record(
    *,
    learner: Learner,
    organisation: Organisation,
    acting_user: User,
    oral: int,
    reading: int,
    writing: int,
    assessed_on: dt.date | None = None,
) -> PlacementTest:
    """A partner's assessment: the learner's level becomes the lowest of the three skills."""
    if organisation.city_id != learner.city_id:
        raise _forbidden()
    if not policies.can_act_for(user=acting_user, organisation=organisation) and not policies.can_coordinate(
        user=acting_user, city=learner.city
    ):
        raise _forbidden()
    test = PlacementTest(
        city=learner.city,
        learner=learner,
        organisation=organisation,
        assessed_by=acting_user,
        assessed_on=assessed_on or timezone.localdate(),
        oral=oral,
        reading=reading,
        writing=writing,
        level=min(oral, reading, writing),
        is_demo=learner.is_demo,
    )
    test.full_clean()
    test.save()
    locked = lock_learner(learner.pk)
    locked.level = test.level
    locked.last_activity_at = timezone.now()
    locked.save(update_fields=["level", "last_activity_at", "updated_at"])
    learner.level = test.level
    audit_record(action=events.TEST_RECORDED, actor=acting_user, city=learner.city, target=test)
    return test


# --- Applications and places ---------------------------------------------------------------------------------


def _candidate_courses(application: LearnerApplication, *, today: dt.date) -> QuerySet[Course]:
    """Classes that may suit the application, narrowed in SQL; `placement.refusals` decides."""
    level = application.level
    qs = (
        Course.objects.filter(
            city_id=application.city_id,
            published=True,
            kind=application.kind,
            level_required__lte=level,
            end_date__gte=today,
        )
        .filter(Q(level_reached__gt=level) | Q(level_reached=F("level_required")))
        .annotate(outside=F("days").bitand(~application.days & 127))
        .filter(outside=0)
        .select_related("district")
    )
    if application.needs_childcare:
        qs = qs.filter(childcare=True)
    if application.women_only == WomenOnly.NO:
        qs = qs.filter(women_only=False)
    elif application.women_only == WomenOnly.ONLY:
        qs = qs.filter(women_only=True)
    if application.free_only:
        qs = qs.filter(cost_eur=0)
    return qs


def _offer(
    application: LearnerApplication,
    course: Course,
    *,
    now: dt.datetime,
    source: str = EnrolmentSource.QUEUE,
    reasons: list[list[object]] | None = None,
) -> Enrolment | None:
    """Take one place of a locked course for the application (None when the course is full)."""
    taken = Course.objects.filter(pk=course.pk, places_taken__lt=F("places")).update(places_taken=F("places_taken") + 1)
    if not taken:
        return None
    course.places_taken += 1
    enrolment = Enrolment.objects.create(
        city_id=application.city_id,
        application=application,
        learner_id=application.learner_id,
        course=course,
        status=EnrolmentStatus.OFFERED,
        source=source,
        reasons=reasons or [],
        offered_at=now,
        expires_at=now + OFFER_HOLD,
        is_demo=application.is_demo,
    )
    LearnerApplication.objects.filter(pk=application.pk).update(status=ApplicationStatus.OFFERED)
    application.status = ApplicationStatus.OFFERED
    offer_notify(enrolment=enrolment)
    audit_record(action=events.PLACE_OFFERED, city=course.city, target=enrolment, data={"source": source})
    return enrolment


def _reasons(course: Course, application: LearnerApplication, now: dt.datetime) -> list[list[object]]:
    return [
        [name, points] for name, points in criteria(class_facts(course), learner_facts(application, now=now)).items()
    ]


@transaction.atomic
def application_submit(
    *,
    learner: Learner,
    acting_user: User,
    kind: str,
    district: District,
    max_km: int = 5,
    days: int = 127,
    periods: int = 7,
    needs_childcare: bool = False,
    women_only: str = WomenOnly.NO,
    free_only: bool = True,
    referred_by: Organisation | None = None,
) -> LearnerApplication:
    """One application for one need: it reaches every suitable class; the best one with a free place is
    offered at once, else the learner waits in line (their place in line is the moment they applied)."""
    if not policies.can_act_for_learner(user=acting_user, learner=learner):
        raise _forbidden()
    if referred_by is not None and not (
        policies.can_act_for(user=acting_user, organisation=referred_by)
        or policies.can_coordinate(user=acting_user, city=learner.city)
    ):
        raise _forbidden()
    locked_learner = lock_learner(learner.pk)
    if locked_learner.level is None:
        raise Refused(
            LearningError.LEVEL_UNKNOWN,
            _("A partner must first record a placement test, or tell us your level."),
            status=400,
        )
    if LearnerApplication.objects.filter(learner=locked_learner, kind=kind, status__in=ACTIVE_APPLICATION).exists():
        raise Refused(
            LearningError.ALREADY_APPLIED,
            _("You already have an application for this: it reaches every suitable class."),
        )
    now = timezone.now()
    application = LearnerApplication(
        city_id=locked_learner.city_id,
        learner=locked_learner,
        created_by=acting_user,
        kind=kind,
        level=locked_learner.level,
        district=district,
        max_km=max_km,
        days=days,
        periods=periods,
        needs_childcare=needs_childcare,
        women_only=women_only,
        free_only=free_only,
        referred_by=referred_by,
        is_demo=locked_learner.is_demo,
    )
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        raise Refused(
            LearningError.ALREADY_APPLIED,
            _("You already have an application for this: it reaches every suitable class."),
        ) from exc
    locked_learner.last_activity_at = now
    locked_learner.save(update_fields=["last_activity_at", "updated_at"])
    facts = learner_facts(application, now=now)
    candidates = [c for c in _candidate_courses(application, today=now.date()) if not refusals(class_facts(c), facts)]
    # Lock every suitable class (key order), so that a place freed meanwhile is either seen here or finds this
    # application waiting; then take the best free place.
    locked = lock_courses(c.pk for c in candidates)
    ranked = sorted(
        (c for c in locked.values() if c.places_taken < c.places),
        key=lambda c: (-sum(criteria(class_facts(c), facts).values()), c.start_date, c.pk),
    )
    for course in ranked:
        if _offer(application, course, now=now, reasons=_reasons(course, application, now)) is not None:
            break
    audit_record(
        action=events.APPLICATION_SUBMITTED,
        actor=acting_user,
        city=application.city,
        target=application,
        data={"kind": kind, "suitable": len(candidates)},
    )
    return application


def _next_in_line(course: Course, *, now: dt.datetime) -> LearnerApplication | None:
    """The first waiting application the course suits, locked (skipping any whose state changed meanwhile)."""
    refused_before = Enrolment.objects.filter(
        course=course, status__in=(EnrolmentStatus.DECLINED, EnrolmentStatus.EXPIRED, EnrolmentStatus.DROPPED)
    ).values("application_id")
    qs = (
        LearnerApplication.objects.filter(
            city_id=course.city_id,
            kind=course.kind,
            status=ApplicationStatus.WAITING,
            level__gte=course.level_required,
        )
        .exclude(pk__in=refused_before)
        .annotate(has_days=F("days").bitand(course.days), has_period=F("periods").bitand(course.period))
        .filter(has_days=course.days, has_period__gt=0)
        .select_related("district")
        .order_by("created_at", "pk")
    )
    if course.level_reached != course.level_required:
        qs = qs.filter(level__lt=course.level_reached)
    if not course.childcare:
        qs = qs.filter(needs_childcare=False)
    qs = qs.exclude(women_only=WomenOnly.NO) if course.women_only else qs.exclude(women_only=WomenOnly.ONLY)
    if course.cost_eur > 0:
        qs = qs.filter(free_only=False)
    facts = class_facts(course)
    for application in qs.iterator(chunk_size=200):
        if refusals(facts, learner_facts(application, now=now)):
            continue
        locked = lock_application(application.pk)
        if locked.status == ApplicationStatus.WAITING:
            return locked
    return None


def _fill_from_queue(course: Course, *, now: dt.datetime) -> int:
    """Offer a locked course's free places to the people waiting, in the order they applied."""
    offered = 0
    if not course.published or course.end_date < now.date():
        return 0
    while course.places_taken < course.places:
        application = _next_in_line(course, now=now)
        if application is None:
            break
        if _offer(application, course, now=now, reasons=_reasons(course, application, now)) is None:
            break
        offered += 1
    return offered


def _give_back(enrolment: Enrolment, *, status: str, now: dt.datetime, application_status: str) -> Course:
    """End a place that was held (course already locked): the place passes to the next person at once."""
    course = lock_courses([enrolment.course_id])[enrolment.course_id]
    locked = lock_enrolment(enrolment.pk)
    if locked.status not in HOLDING_PLACE:
        raise Refused(LearningError.NOT_ACTIVE, _("This place is no longer held."))
    locked.status = status
    locked.ended_at = now
    if locked.answered_at is None and status in (EnrolmentStatus.DECLINED, EnrolmentStatus.EXPIRED):
        locked.answered_at = now
    locked.save(update_fields=["status", "ended_at", "answered_at"])
    enrolment.status, enrolment.ended_at = locked.status, locked.ended_at
    LearnerApplication.objects.filter(pk=locked.application_id).update(
        status=application_status,
        closed_at=None if application_status == ApplicationStatus.WAITING else now,
    )
    Course.objects.filter(pk=course.pk).update(places_taken=F("places_taken") - 1)
    course.places_taken -= 1
    _fill_from_queue(course, now=now)
    return course


@transaction.atomic
def offer_accept(*, enrolment: Enrolment, acting_user: User) -> Enrolment:
    if not policies.can_answer_offer(user=acting_user, enrolment=enrolment):
        raise _forbidden()
    lock_courses([enrolment.course_id])
    locked = lock_enrolment(enrolment.pk)
    if locked.status != EnrolmentStatus.OFFERED:
        raise Refused(LearningError.NOT_OFFERED, _("This place is no longer offered."))
    now = timezone.now()
    locked.status = EnrolmentStatus.ENROLLED
    locked.answered_at = now
    locked.save(update_fields=["status", "answered_at"])
    LearnerApplication.objects.filter(pk=locked.application_id).update(status=ApplicationStatus.ENROLLED)
    audit_record(action=events.PLACE_ACCEPTED, actor=acting_user, city=locked.city, target=locked)
    return locked


@transaction.atomic
def offer_decline(*, enrolment: Enrolment, acting_user: User) -> Enrolment:
    """The learner cannot take this class: the place goes to the next person; they keep their place in line."""
    if not policies.can_answer_offer(user=acting_user, enrolment=enrolment):
        raise _forbidden()
    if enrolment.status != EnrolmentStatus.OFFERED:
        raise Refused(LearningError.NOT_OFFERED, _("This place is no longer offered."))
    _give_back(
        enrolment, status=EnrolmentStatus.DECLINED, now=timezone.now(), application_status=ApplicationStatus.WAITING
    )
    audit_record(action=events.PLACE_DECLINED, actor=acting_user, city=enrolment.city, target=enrolment)
    return enrolment


@transaction.atomic
def enrolment_end(
    *, enrolment: Enrolment, acting_user: User, completed: bool, level_reached: int | None = None
) -> Enrolment:
    """The partner records that a learner left the class or completed it (with the level reached)."""
    if not policies.can_run_course(user=acting_user, course=enrolment.course):
        raise _forbidden()
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise Refused(LearningError.NOT_ENROLLED, _("This learner is not enrolled in the class."))
    now = timezone.now()
    _give_back(
        enrolment,
        status=EnrolmentStatus.COMPLETED if completed else EnrolmentStatus.DROPPED,
        now=now,
        application_status=ApplicationStatus.CLOSED,
    )
    if completed and level_reached is not None:
        Enrolment.objects.filter(pk=enrolment.pk).update(level_reached=level_reached)
        enrolment.level_reached = level_reached
        Learner.objects.filter(pk=enrolment.learner_id, level__lt=level_reached).update(level=level_reached)
    Learner.objects.filter(pk=enrolment.learner_id).update(last_activity_at=now)
    audit_record(
        action=events.PLACE_ENDED,
        actor=acting_user,
        city=enrolment.city,
        target=enrolment,
        data={"completed": completed},
    )
    return enrolment


@transaction.atomic
def application_withdraw(*, application: LearnerApplication, acting_user: User) -> LearnerApplication:
    if not policies.can_act_for_learner(user=acting_user, learner=application.learner):
        raise _forbidden()
    holding = application.enrolments.filter(status__in=HOLDING_PLACE).first()
    now = timezone.now()
    if holding is not None:
        _give_back(holding, status=EnrolmentStatus.DROPPED, now=now, application_status=ApplicationStatus.WITHDRAWN)
    else:
        locked = lock_application(application.pk)
        if locked.status not in ACTIVE_APPLICATION:
            raise Refused(LearningError.NOT_ACTIVE, _("This application is already closed."))
        locked.status = ApplicationStatus.WITHDRAWN
        locked.closed_at = now
        locked.save(update_fields=["status", "closed_at"])
    application.status = ApplicationStatus.WITHDRAWN
    audit_record(action=events.APPLICATION_WITHDRAWN, actor=acting_user, city=application.city, target=application)
    return application


def offers_expire(*, now: dt.datetime | None = None) -> int:
    """Places offered and not answered in time pass to the next person (each in its own transaction)."""
    now = now or timezone.now()
    count = 0
    for pk in Enrolment.objects.filter(status=EnrolmentStatus.OFFERED, expires_at__lt=now).values_list("pk", flat=True):
        with transaction.atomic():
            enrolment = Enrolment.objects.select_related("course").get(pk=pk)
            try:
                _give_back(
                    enrolment, status=EnrolmentStatus.EXPIRED, now=now, application_status=ApplicationStatus.CLOSED
                )
            except Refused:
                continue
            count += 1
    if count:
        audit_record(action=events.PLACES_EXPIRED, data={"count": count})
    return count


# --- Sessions and attendance ---------------------------------------------------------------------------------


@transaction.atomic
def session_record(
    *, course: Course, acting_user: User, date: dt.date, present: Iterable[int], topic: str = ""
) -> CourseSession:
    """A session held, with who came (enrolment keys); everyone else enrolled is recorded absent."""
    if not policies.can_run_course(user=acting_user, course=course):
        raise _forbidden()
    if CourseSession.objects.filter(course=course, date=date).exists():
        raise Refused(LearningError.SESSION_EXISTS, _("Attendance for this day is already recorded."))
    session = CourseSession(course=course, date=date, topic=topic, recorded_by=acting_user)
    session.full_clean()
    session.save()
    enrolled = list(course.enrolments.filter(status=EnrolmentStatus.ENROLLED).values_list("pk", flat=True))
    came = set(present)
    if came - set(enrolled):
        raise Refused(LearningError.NOT_IN_COURSE, _("Only learners enrolled in the class can be marked present."))
    Attendance.objects.bulk_create(Attendance(session=session, enrolment_id=pk, present=pk in came) for pk in enrolled)
    audit_record(
        action=events.SESSION_RECORDED, actor=acting_user, city=course.city, target=session, data={"present": len(came)}
    )
    return session


# --- The placement engine ------------------------------------------------------------------------------------


@transaction.atomic
def placement_preview(*, city: City, kind: str, acting_user: User, extra_km: int = 0) -> PlacementRun:
    """Run the engine over the waiting list and the free places of one kind; store the proposals, send nothing."""
    if not policies.can_coordinate(user=acting_user, city=city):
        raise _forbidden()
    now = timezone.now()
    courses = list(
        Course.objects.filter(
            city=city, kind=kind, published=True, end_date__gte=now.date(), places_taken__lt=F("places")
        )
        .select_related("district")
        .order_by("pk")
    )
    waiting = list(
        LearnerApplication.objects.filter(city=city, kind=kind, status=ApplicationStatus.WAITING)
        .select_related("district")
        .order_by("created_at", "pk")
    )
    forbidden = frozenset(
        Enrolment.objects.filter(
            city=city,
            application__in=[a.pk for a in waiting],
            status__in=(EnrolmentStatus.DECLINED, EnrolmentStatus.EXPIRED, EnrolmentStatus.DROPPED),
        ).values_list("application_id", "course_id")
    )
    result = place(
        [class_facts(c) for c in courses],
        [learner_facts(a, now=now, extra_km=extra_km) for a in waiting],
        forbidden=forbidden,
    )
    run = PlacementRun.objects.create(
        city=city,
        created_by=acting_user,
        kind=kind,
        waiting=len(waiting),
        free_places=sum(c.places - c.places_taken for c in courses),
        eligible_pairs=result.eligible_pairs,
        objective=result.objective,
    )
    PlacementProposal.objects.bulk_create(
        PlacementProposal(
            run=run,
            application_id=p.learner,
            course_id=p.course,
            score=p.score,
            reasons=[[name, points] for name, points in p.reasons],
        )
        for p in result.proposals
    )
    audit_record(
        action=events.PLACEMENT_PREVIEWED,
        actor=acting_user,
        city=city,
        target=run,
        data={"proposals": len(result.proposals), "waiting": len(waiting)},
    )
    return run


@transaction.atomic
def placement_send(*, run: PlacementRun, acting_user: User) -> int:
    """Offer the places a previewed run proposed; a proposal whose learner or place changed meanwhile is
    marked stale and skipped."""
    if not policies.can_coordinate(user=acting_user, city=run.city):
        raise _forbidden()
    locked_run = PlacementRun.objects.select_for_update().get(pk=run.pk)
    if locked_run.status != PlacementRunStatus.PREVIEW:
        raise Refused(LearningError.RUN_NOT_PREVIEW, _("These proposals were already sent or discarded."))
    proposals = list(locked_run.proposals.order_by("pk"))
    courses = lock_courses(p.course_id for p in proposals)
    now = timezone.now()
    sent = 0
    for proposal in proposals:
        application = lock_application(proposal.application_id)
        enrolment = None
        if application.status == ApplicationStatus.WAITING:
            enrolment = _offer(
                application,
                courses[proposal.course_id],
                now=now,
                source=EnrolmentSource.PLACEMENT,
                reasons=proposal.reasons,
            )
        if enrolment is None:
            proposal.stale = True
        else:
            proposal.sent = True
            sent += 1
        proposal.save(update_fields=["sent", "stale"])
    locked_run.status = PlacementRunStatus.SENT
    locked_run.sent_at = now
    locked_run.sent_count = sent
    locked_run.save(update_fields=["status", "sent_at", "sent_count"])
    run.status, run.sent_count = locked_run.status, sent
    audit_record(action=events.PLACEMENT_SENT, actor=acting_user, city=run.city, target=run, data={"sent": sent})
    return sent


# --- Retention -----------------------------------------------------------------------------------------------


def learners_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete learners with nothing active and no activity for the retention period (their path with them)."""
    now = now or timezone.now()
    stale = Learner.objects.filter(last_activity_at__lt=now - RETENTION).exclude(
        applications__status__in=ACTIVE_APPLICATION
    )
    count = 0
    for learner in stale:
        with transaction.atomic():
            Enrolment.objects.filter(learner=learner).delete()
            learner.delete()
            count += 1
    if count:
        audit_record(action=events.LEARNERS_PURGED, data={"count": count})
    return count
