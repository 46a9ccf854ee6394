from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accueil.audit.models import AuditEvent
from accueil.notifications.sender import notifications_send_due
from accueil.participation import services
from accueil.participation.models import Event, EventKind, EventStatus, Registration, RegistrationStatus
from accueil.participation.tasks import event_reminders_send
from accueil.testing.factories import MembershipFactory, OrganisationFactory, RoleAssignmentFactory, UserFactory
from accueil.testing.participation_factories import EventFactory
from accueil.testing.volunteering_factories import QualificationTypeFactory
from accueil.volunteering.models import VolunteerProfile, VolunteerQualification

pytestmark = pytest.mark.django_db


def register(event: Event, user) -> Registration:  # type: ignore[no-untyped-def]
    return services.event_register(event=event, user=user, acting_user=user)


@pytest.mark.smoke
def test_register_until_full_then_waiting_list(city):
    event = EventFactory(city=city, capacity=2)
    people = [UserFactory() for _ in range(3)]
    statuses = [register(event, person).status for person in people]
    assert statuses == ["registered", "registered", "waitlisted"]
    event.refresh_from_db()
    assert event.registered_count == 2
    assert AuditEvent.objects.filter(action="participation.registration_created").count() == 3


def test_second_registration_is_idempotent(city):
    event = EventFactory(city=city, capacity=5)
    person = UserFactory()
    first = register(event, person)
    second = register(event, person)
    assert first.pk == second.pk
    assert Registration.objects.filter(event=event).count() == 1
    event.refresh_from_db()
    assert event.registered_count == 1


def test_unlimited_event_never_waitlists(city):
    event = EventFactory(city=city, capacity=None)
    statuses = {register(event, UserFactory()).status for _ in range(5)}
    assert statuses == {"registered"}
    event.refresh_from_db()
    assert event.registered_count == 5


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"status": EventStatus.DRAFT}, "Registration is not open for this event."),
        ({"registration_closes_at": timezone.now() - dt.timedelta(hours=1)}, "Registration is closed."),
        ({"registration_opens_at": timezone.now() + dt.timedelta(days=1)}, "Registration has not opened yet."),
    ],
)
def test_registration_refused_outside_window(city, changes, message):
    event = EventFactory(city=city, **changes)
    with pytest.raises(ValidationError) as exc:
        register(event, UserFactory())
    assert exc.value.messages == [message]
    assert Registration.objects.count() == 0


def test_cancel_promotes_first_waitlisted_and_tells_them(city):
    event = EventFactory(city=city, capacity=1, title="Atelier CAF")
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    taken = register(event, first)
    waiting_second = register(event, second)
    register(event, third)
    assert notifications_send_due() == 3
    mail.outbox.clear()
    services.registration_cancel(registration=taken, acting_user=first)
    assert notifications_send_due() == 1
    waiting_second.refresh_from_db()
    event.refresh_from_db()
    assert waiting_second.status == RegistrationStatus.REGISTERED
    assert Registration.objects.get(event=event, user=third).status == RegistrationStatus.WAITLISTED
    assert event.registered_count == 1
    assert [m.to for m in mail.outbox] == [[second.email]]
    assert "Atelier CAF" in mail.outbox[0].subject


def test_cancel_by_someone_else_is_refused(city):
    event = EventFactory(city=city, capacity=3)
    registration = register(event, UserFactory())
    with pytest.raises(PermissionDenied):
        services.registration_cancel(registration=registration, acting_user=UserFactory())
    registration.refresh_from_db()
    event.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED
    assert event.registered_count == 1


def test_capacity_below_registered_is_refused_with_message(city):
    member = MembershipFactory(organisation=OrganisationFactory(city=city)).user
    event = EventFactory(city=city, organiser=member.memberships.first().organisation, capacity=3)
    for _ in range(2):
        register(event, UserFactory())
    with pytest.raises(ValidationError) as exc:
        services.event_update(event=event, acting_user=member, capacity=1)
    assert "2 people are already registered" in exc.value.messages[0]
    event.refresh_from_db()
    assert (event.capacity, event.registered_count) == (3, 2)


def test_capacity_raise_promotes_waiting_list(city):
    member = MembershipFactory(organisation=OrganisationFactory(city=city)).user
    event = EventFactory(city=city, organiser=member.memberships.first().organisation, capacity=1)
    register(event, UserFactory())
    waiting = register(event, UserFactory())
    services.event_update(event=event, acting_user=member, capacity=2)
    waiting.refresh_from_db()
    event.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED
    assert event.registered_count == 2


def test_only_members_or_coordinators_manage(city):
    organisation = OrganisationFactory(city=city)
    event = EventFactory(city=city, organiser=organisation, status=EventStatus.DRAFT)
    outsider = MembershipFactory(organisation=OrganisationFactory(city=city)).user
    with pytest.raises(PermissionDenied):
        services.event_publish(event=event, acting_user=outsider)
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT
    member = MembershipFactory(organisation=organisation).user
    assert services.event_publish(event=event, acting_user=member).status == EventStatus.PUBLISHED


def test_city_events_need_a_coordinator(city):
    volunteer = UserFactory()
    with pytest.raises(PermissionDenied):
        services.event_create(city=city, organiser=None, acting_user=volunteer)
    assert Event.objects.count() == 0
    coordinator = RoleAssignmentFactory(city=city, role="coordinator").user
    start = timezone.now() + dt.timedelta(days=2)
    event = services.event_create(
        city=city,
        organiser=None,
        acting_user=coordinator,
        title="Forum",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    assert (event.organiser, event.status, event.created_by) == (None, EventStatus.DRAFT, coordinator)


def test_end_before_start_is_refused(city):
    member = MembershipFactory(organisation=OrganisationFactory(city=city)).user
    start = timezone.now() + dt.timedelta(days=2)
    with pytest.raises(ValidationError) as exc:
        services.event_create(
            city=city,
            organiser=member.memberships.first().organisation,
            acting_user=member,
            title="X",
            starts_at=start,
            ends_at=start - dt.timedelta(hours=1),
        )
    assert exc.value.message_dict == {"ends_at": ["The end must come after the start."]}
    assert Event.objects.count() == 0


def test_training_attendance_grants_qualification_with_expiry(city):
    organisation = OrganisationFactory(city=city)
    member = MembershipFactory(organisation=organisation).user
    qualification = QualificationTypeFactory(city=city, code="accueil-fle", validity_days=365)
    event = EventFactory(city=city, organiser=organisation, kind=EventKind.TRAINING, grants_qualification=qualification)
    attendee = UserFactory()
    registration = register(event, attendee)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=2), ends_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert not VolunteerProfile.objects.filter(user=attendee).exists()
    services.registration_mark_attendance(registration=registration, attended=True, acting_user=member)
    held = VolunteerQualification.objects.get(profile__user=attendee, qualification=qualification)
    assert held.expires_on == timezone.now().date() + dt.timedelta(days=365)
    assert held.source == f"training:{event.pk}"
    assert held.profile.city == city
    registration.refresh_from_db()
    assert registration.attended is True


def test_attendance_by_outsider_changes_nothing(city):
    qualification = QualificationTypeFactory(city=city)
    event = EventFactory(city=city, kind=EventKind.TRAINING, grants_qualification=qualification)
    registration = register(event, UserFactory())
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=2), ends_at=timezone.now() - dt.timedelta(hours=1)
    )
    outsider = MembershipFactory(organisation=OrganisationFactory(city=city)).user
    with pytest.raises(PermissionDenied):
        services.registration_mark_attendance(registration=registration, attended=True, acting_user=outsider)
    registration.refresh_from_db()
    assert registration.attended is None
    assert VolunteerQualification.objects.count() == 0


def test_absent_attendee_gets_no_qualification(city):
    organisation = OrganisationFactory(city=city)
    member = MembershipFactory(organisation=organisation).user
    qualification = QualificationTypeFactory(city=city)
    event = EventFactory(city=city, organiser=organisation, kind=EventKind.TRAINING, grants_qualification=qualification)
    registration = register(event, UserFactory())
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=2), ends_at=timezone.now() - dt.timedelta(hours=1)
    )
    services.registration_mark_attendance(registration=registration, attended=False, acting_user=member)
    assert VolunteerQualification.objects.count() == 0


def test_event_cancel_tells_everyone(city):
    organisation = OrganisationFactory(city=city)
    member = MembershipFactory(organisation=organisation).user
    event = EventFactory(city=city, organiser=organisation, capacity=1)
    people = [UserFactory(), UserFactory()]
    for person in people:
        register(event, person)
    notifications_send_due()
    mail.outbox.clear()
    services.event_cancel(event=event, acting_user=member)
    notifications_send_due()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    with pytest.raises(ValidationError):
        register(Event.objects.get(pk=event.pk), UserFactory())


def test_reminders_sent_once_the_day_before(city):
    soon = EventFactory(city=city, starts_at=timezone.now() + dt.timedelta(hours=20))
    later = EventFactory(city=city, starts_at=timezone.now() + dt.timedelta(days=5))
    person = UserFactory()
    register(soon, person)
    register(later, person)
    notifications_send_due()
    mail.outbox.clear()
    assert event_reminders_send() == 1
    assert event_reminders_send() == 0
    notifications_send_due()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [person.email]
    assert soon.title in mail.outbox[0].subject
