from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from accueil.participation import services
from accueil.participation.models import Event, EventKind, EventStatus, Registration, RegistrationStatus
from accueil.testing.factories import DistrictFactory, MembershipFactory, OrganisationFactory, UserFactory
from accueil.testing.pageweight import assert_page_weight
from accueil.testing.participation_factories import EventFactory
from accueil.testing.volunteering_factories import MissionFactory, ShiftFactory, VolunteerProfileFactory
from accueil.volunteering import services as volunteering_services
from accueil.volunteering.services import calendar_token_rotate

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    user = UserFactory()
    client.force_login(user)
    client.user = user
    return client


@pytest.mark.smoke
def test_public_list_shows_upcoming_published_and_filters(client, city):
    district = city.districts.get(number=2)
    shown = EventFactory(city=city, title="Session CAF", district=district)
    EventFactory(city=city, title="Brouillon", status=EventStatus.DRAFT)
    EventFactory(
        city=city,
        title="Passé",
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=1),
    )
    training = EventFactory(city=city, title="Formation FLE", kind=EventKind.TRAINING)
    response = client.get("/fr/events/")
    assert response.status_code == 200
    titles = [e.title for e in response.context["events"]]
    assert titles == [shown.title, training.title] or sorted(titles) == sorted([shown.title, training.title])
    assert "Brouillon" not in response.content.decode()
    assert [e.title for e in client.get("/fr/events/?kind=training").context["events"]] == ["Formation FLE"]
    assert [e.title for e in client.get(f"/fr/events/?district={district.pk}").context["events"]] == ["Session CAF"]
    assert client.get("/fr/events/?kind=nonsense&district=abc").status_code == 200


def test_public_list_is_light_and_not_n_plus_one(client, city, django_assert_max_num_queries):
    for _ in range(15):
        EventFactory(city=city, district=city.districts.first())
    with django_assert_max_num_queries(8):
        client.get("/fr/events/")
    assert_page_weight(client, "/fr/events/")


def test_other_city_event_is_not_found(client, city, other_city):
    event = EventFactory(city=other_city)
    assert client.get(f"/fr/events/{event.pk}/").status_code == 404


def test_register_and_cancel_through_pages(signed_in, city):
    event = EventFactory(city=city, capacity=1)
    response = signed_in.post(f"/fr/events/{event.pk}/register/")
    assert response.status_code == 302
    registration = Registration.objects.get(event=event, user=signed_in.user)
    assert registration.status == RegistrationStatus.REGISTERED
    page = signed_in.get(f"/fr/events/{event.pk}/")
    assert page.context["registration"] == registration
    assert signed_in.get("/fr/events/mine/").context["registrations"][0] == registration
    signed_in.post(f"/fr/events/registrations/{registration.pk}/cancel/")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_anonymous_cannot_register(client, city):
    event = EventFactory(city=city)
    response = client.post(f"/fr/events/{event.pk}/register/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert Registration.objects.count() == 0


def test_cannot_cancel_someone_elses_registration(signed_in, city):
    other = UserFactory()
    event = EventFactory(city=city)
    registration = services.event_register(event=event, user=other, acting_user=other)
    assert signed_in.post(f"/fr/events/registrations/{registration.pk}/cancel/").status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED


def test_member_creates_and_publishes(signed_in, city):
    day = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    organisation = OrganisationFactory(city=city)
    MembershipFactory(organisation=organisation, user=signed_in.user)
    response = signed_in.post(
        "/fr/events/manage/new/",
        {
            "organiser_choice": str(organisation.pk),
            "title": "Permanence juridique",
            "kind": "information_session",
            "starts_at": f"{day}T10:00",  # within the two years ahead an event may be scheduled
            "ends_at": f"{day}T12:00",
            "capacity": "12",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(title="Permanence juridique")
    assert (event.organiser, event.status, event.capacity) == (organisation, EventStatus.DRAFT, 12)
    signed_in.post(f"/fr/events/manage/{event.pk}/publish/")
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_bad_form_input_shows_errors_and_writes_nothing(signed_in, city):
    organisation = OrganisationFactory(city=city)
    MembershipFactory(organisation=organisation, user=signed_in.user)
    response = signed_in.post(
        "/fr/events/manage/new/",
        {
            "organiser_choice": str(organisation.pk),
            "title": "X",
            "kind": "party",
            "starts_at": "not a date",
            "ends_at": "2031-05-02T12:00",
            "capacity": "-3",
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"kind", "starts_at", "capacity"}
    assert Event.objects.count() == 0


def test_outsider_cannot_manage(signed_in, city):
    event = EventFactory(city=city, status=EventStatus.DRAFT)
    MembershipFactory(organisation=OrganisationFactory(city=city), user=signed_in.user)
    assert signed_in.get(f"/fr/events/manage/{event.pk}/").status_code == 404
    assert signed_in.post(f"/fr/events/manage/{event.pk}/publish/").status_code == 404
    assert signed_in.post(f"/fr/events/manage/{event.pk}/cancel/").status_code == 404
    assert signed_in.get(f"/fr/events/manage/{event.pk}/registrants/").status_code == 404
    assert signed_in.get(f"/fr/events/{event.pk}/").status_code == 404
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT


def test_volunteer_without_organisation_cannot_create(signed_in, city):
    assert signed_in.get("/fr/events/manage/new/").status_code == 403
    assert signed_in.post("/fr/events/manage/new/", {"title": "X"}).status_code == 403
    assert Event.objects.count() == 0


def test_organiser_marks_attendance(signed_in, city):
    organisation = OrganisationFactory(city=city)
    MembershipFactory(organisation=organisation, user=signed_in.user)
    event = EventFactory(city=city, organiser=organisation)
    attendee = UserFactory()
    registration = services.event_register(event=event, user=attendee, acting_user=attendee)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=2), ends_at=timezone.now() - dt.timedelta(hours=1)
    )
    page = signed_in.get(f"/fr/events/manage/{event.pk}/registrants/")
    assert attendee.email in page.content.decode()
    signed_in.post(f"/fr/events/manage/{event.pk}/registrants/", {"registration": registration.pk, "attended": "yes"})
    registration.refresh_from_db()
    assert registration.attended is True


def test_event_ics(client, city):
    event = EventFactory(city=city, title="Conférence citoyenne")
    response = client.get(f"/fr/events/{event.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    items = list(Calendar.from_ical(response.content).walk("VEVENT"))
    assert [str(i["SUMMARY"]) for i in items] == ["Conférence citoyenne"]
    assert str(items[0]["UID"]).startswith(f"event-{event.pk}@")
    assert items[0].decoded("DTSTART") == event.starts_at.replace(microsecond=0)


def test_personal_feed_lists_registrations_and_refuses_bad_token(client, city):
    person = UserFactory()
    registered = EventFactory(city=city, title="A", capacity=5)
    full = EventFactory(city=city, title="B", capacity=0)
    EventFactory(city=city, title="C")
    services.event_register(event=registered, user=person, acting_user=person)
    services.event_register(event=full, user=person, acting_user=person)
    token = calendar_token_rotate(user=person, acting_user=person)
    response = client.get(f"/fr/events/calendar/{token}.ics")
    items = {str(i["SUMMARY"]): str(i["STATUS"]) for i in Calendar.from_ical(response.content).walk("VEVENT")}
    assert items == {"A": "CONFIRMED", "B": "TENTATIVE"}
    assert client.get(f"/fr/events/calendar/{person.pk}:forged.ics").status_code == 404


def test_one_feed_per_person_carries_shifts_and_events_and_a_new_address_revokes_the_old(client, city):
    person = UserFactory()
    VolunteerProfileFactory(user=person, city=city)
    organisation = OrganisationFactory(city=city, name="Association Bienvenue")
    shift = ShiftFactory(mission=MissionFactory(city=city, organisation=organisation, title="Atelier"), capacity=2)
    signup = volunteering_services.shift_sign_up(shift=shift, volunteer=person, acting_user=person)
    training = EventFactory(city=city, title="Formation accueil", kind=EventKind.TRAINING, capacity=5)
    services.event_register(event=training, user=person, acting_user=person)
    client.force_login(person)
    client.post("/fr/volunteering/me/calendar/", {"next": "/fr/events/mine/"})
    page = client.get("/fr/events/mine/").content.decode()
    path = page.split('<code class="ltr-only">')[1].split("</code>")[0].split("testserver", 1)[1]
    client.logout()
    feed = Calendar.from_ical(client.get(path).content)
    uids = {str(item["UID"]) for item in feed.walk("VEVENT")}
    assert f"signup-{signup.pk}@accueil" in uids
    assert any(uid.startswith(f"event-{training.pk}@") for uid in uids)
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    assert client.get(f"/fr/events/calendar/{token}.ics").status_code == 200  # the same feed at the events address
    calendar_token_rotate(user=person, acting_user=person)
    assert client.get(path).status_code == 404
    assert client.get(f"/fr/events/calendar/{token}.ics").status_code == 404


# --- API -------------------------------------------------------------------------------------------------


def test_api_list_and_detail_shapes(client, city):
    district = DistrictFactory(city=city, number=11, code="75111")
    event = EventFactory(city=city, district=district, capacity=4, title="Réunion")
    EventFactory(city=city, status=EventStatus.DRAFT)
    body = client.get("/api/v1/events").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == event.pk
    assert (item["district"], item["places_left"], item["organiser"], item["status"]) == (
        11,
        4,
        event.organiser.name,
        "published",
    )
    assert client.get("/api/v1/events?district=11").json()["count"] == 1
    assert client.get("/api/v1/events?district=99").json()["error"]["code"] == "invalid"
    assert client.get(f"/api/v1/events/{event.pk}").json()["title"] == "Réunion"
    missing = client.get("/api/v1/events/999999")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"


def test_api_register_with_session_and_csrf(city):
    event = EventFactory(city=city, capacity=1)
    first, second = UserFactory(), UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(first)
    refused = client.post(f"/api/v1/events/{event.pk}/registrations")
    assert refused.status_code == 403
    assert Registration.objects.count() == 0
    client.get("/fr/events/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else None
    if token is None:
        from django.middleware.csrf import _get_new_csrf_string

        token = _get_new_csrf_string()
        client.cookies["csrftoken"] = token
    response = client.post(f"/api/v1/events/{event.pk}/registrations", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201
    assert response.json()["status"] == "registered"
    again = client.post(f"/api/v1/events/{event.pk}/registrations", HTTP_X_CSRFTOKEN=token)
    assert (again.status_code, again.json()["status"]) == (200, "registered")
    other = Client()
    other.force_login(second)
    waiting = other.post(f"/api/v1/events/{event.pk}/registrations")
    assert (waiting.status_code, waiting.json()["status"]) == (201, "waitlisted")


def test_api_register_refusals(client, city):
    closed = EventFactory(city=city, registration_closes_at=timezone.now() - dt.timedelta(minutes=1))
    anonymous = client.post(f"/api/v1/events/{closed.pk}/registrations")
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "unauthenticated"
    client.force_login(UserFactory())
    response = client.post(f"/api/v1/events/{closed.pk}/registrations", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    error = response.json()["error"]
    assert (error["code"], error["message"]) == ("registration_refused", "Registration is closed.")
    assert client.post("/api/v1/events/424242/registrations").status_code == 404
    assert Registration.objects.count() == 0
