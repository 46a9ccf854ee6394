"""Pages and endpoints: what each person may see and do, with nothing written on a refusal."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from accueil.audit.models import AuditEvent
from accueil.learning import services
from accueil.learning.models import (
    ApplicationStatus,
    CourseKind,
    Enrolment,
    EnrolmentStatus,
    Learner,
    LearnerApplication,
    Level,
    PlacementRun,
)
from accueil.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def snapshot():
    return (
        list(LearnerApplication.objects.values_list("pk", "status").order_by("pk")),
        list(Enrolment.objects.values_list("pk", "status").order_by("pk")),
        list(Learner.objects.values_list("pk", "level", "shares_path").order_by("pk")),
        PlacementRun.objects.count(),
    )


def test_catalogue_filters_by_level_and_district(client, make_course, districts):
    make_course(title="Cours du matin", level_required=Level.A0, level_reached=Level.A1)
    make_course(title="Cours avancé", level_required=Level.B1, level_reached=Level.B2, district=districts[1])
    response = client.get("/fr/learning/", {"level": "0"})
    assert response.status_code == 200
    assert "Cours du matin" in response.content.decode() and "Cours avancé" not in response.content.decode()
    response = client.get("/fr/learning/", {"district": str(districts[1].number)})
    assert "Cours avancé" in response.content.decode() and "Cours du matin" not in response.content.decode()


def test_catalogue_bad_filters_are_ignored_not_a_500(client, make_course):
    make_course()
    response = client.get("/fr/learning/", {"level": "nine", "district": "x", "page": "-3", "day": "999"})
    assert response.status_code == 200


def test_course_page_shows_what_a_person_needs_to_act(client, make_course):
    course = make_course(contact_phone="01 40 00 00 00")
    page = client.get(f"/fr/learning/courses/{course.pk}/").content.decode()
    assert "12 rue de la Goutte d&#x27;Or" in page and "01 40 00 00 00" in page and "/fr/learning/apply/" in page


def test_a_person_applies_on_the_page_and_gets_the_offer(make_course, make_learner, districts):
    course = make_course(places=1)
    user = UserFactory()
    response = signed_in(user).post(
        "/en/learning/apply/",
        {
            "kind": CourseKind.FRENCH,
            "level": "0",
            "district": districts[0].pk,
            "max_km": "5",
            "days": ["1", "4"],
            "periods": ["1"],
            "women_only": "no",
            "free_only": "on",
            "phone": "06 12 34 56 78",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/en/learning/my/"
    learner = Learner.objects.get(user=user)
    assert learner.phone == "06 12 34 56 78"
    enrolment = Enrolment.objects.get(learner=learner)
    assert (enrolment.course_id, enrolment.status) == (course.pk, EnrolmentStatus.OFFERED)
    page = signed_in(user).get("/en/learning/my/").content.decode()
    assert "A place is offered to you" in page
    from accueil.notifications.models import Message

    assert list(Message.objects.filter(to_user=user).values_list("kind", flat=True)) == ["learning.offer"]


def test_an_application_form_with_bad_input_shows_errors_and_writes_nothing(districts):
    user = UserFactory()
    before = snapshot()
    response = signed_in(user).post("/en/learning/apply/", {"kind": "astrology", "district": "99999", "days": ["3000"]})
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert snapshot() == before


def test_someone_else_cannot_answer_my_offer_and_nothing_changes(make_course, make_learner, apply):
    make_course(places=1)
    learner, user = make_learner()
    apply(learner, user)
    enrolment = Enrolment.objects.get(learner=learner)
    before = snapshot()
    stranger = UserFactory()
    assert signed_in(stranger).post(f"/fr/learning/places/{enrolment.pk}/accept/").status_code == 404
    assert signed_in(stranger).post(f"/fr/learning/places/{enrolment.pk}/decline/").status_code == 404
    assert signed_in(stranger).get(f"/fr/learning/places/{enrolment.pk}/certificate/").status_code == 404
    assert snapshot() == before


def test_a_partner_of_another_organisation_cannot_see_a_private_path(make_course, make_learner, apply, other_partner):
    learner, _user = make_learner()
    before = snapshot()
    assert signed_in(other_partner).get(f"/fr/learning/learners/{learner.pk}/").status_code == 404
    assert (
        signed_in(other_partner)
        .post(
            f"/fr/learning/learners/{learner.pk}/", {"organisation": "1", "oral": "3", "reading": "3", "writing": "3"}
        )
        .status_code
        == 404
    )
    assert snapshot() == before


def test_a_shared_path_is_visible_to_partners_and_the_read_is_audited(make_learner, other_partner, city):
    learner, user = make_learner()
    services.learner_set_sharing(learner=learner, shares_path=True, acting_user=user)
    response = signed_in(other_partner).get(f"/fr/learning/learners/{learner.pk}/")
    assert response.status_code == 200
    assert (
        AuditEvent.objects.filter(
            action="learning.learner_viewed", actor=other_partner, target_id=str(learner.pk)
        ).count()
        == 1
    )


def test_coordination_is_for_coordinators_only(partner, coordinator):
    before = snapshot()
    assert signed_in(partner).get("/fr/learning/coordination/").status_code == 404
    assert signed_in(partner).post("/fr/learning/coordination/", {"kind": "french", "extra_km": "0"}).status_code == 404
    assert snapshot() == before
    assert signed_in(coordinator).get("/fr/learning/coordination/").status_code == 200


def test_a_coordinator_previews_then_sends_placements(make_course, make_learner, apply, coordinator, districts):
    # Two people waiting in district 1 accept 2 km; a class 2.2 km away opens afterwards.
    people = [make_learner() for _ in range(2)]
    for learner, user in people:
        apply(learner, user, max_km=2)
    course = make_course(places=5, district=districts[1])
    client = signed_in(coordinator)
    response = client.post("/fr/learning/coordination/", {"kind": "french", "extra_km": "0"})
    run = PlacementRun.objects.get()
    assert response["Location"] == f"/fr/learning/coordination/runs/{run.pk}/"
    assert run.proposals.count() == 0  # 2.2 km is beyond what they asked
    response = client.post("/fr/learning/coordination/", {"kind": "french", "extra_km": "2"})
    run = PlacementRun.objects.order_by("-pk").first()
    assert run.proposals.count() == 2
    assert Enrolment.objects.count() == 0  # nothing sent yet
    client.post(f"/fr/learning/coordination/runs/{run.pk}/")
    assert Enrolment.objects.filter(course=course, status=EnrolmentStatus.OFFERED, source="placement").count() == 2
    assert client.post(f"/fr/learning/coordination/runs/{run.pk}/").status_code == 302
    assert Enrolment.objects.count() == 2  # a second send changes nothing


def test_open_data_has_places_and_levels_and_no_personal_data(client, make_course, make_learner, apply):
    make_course(places=3)
    learner, user = make_learner()
    services.learner_declare(learner=learner, acting_user=user, level=Level.A0, phone="0611111111")
    apply(learner, user)
    body = client.get("/fr/learning/open-data/courses.json").json()
    assert body["count"] == 1
    [row] = body["courses"]
    assert (row["places"], row["places_left"], row["level_required"]) == (3, 2, "A0")
    csv_text = client.get("/fr/learning/open-data/courses.csv").content.decode()
    assert learner.reference not in csv_text and "0611111111" not in csv_text
    assert learner.reference not in json.dumps(body)


def test_api_lists_courses_and_a_person_applies(make_course, districts):
    course = make_course(places=1)
    assert Client().get("/api/v1/learning/courses").json()["results"][0]["id"] == course.pk
    user = UserFactory()
    client = signed_in(user)
    response = client.post(
        "/api/v1/learning/applications",
        {"kind": "french", "level": 0, "district": districts[0].number},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["offered_course"] == course.pk
    response = client.post(
        "/api/v1/learning/applications",
        {"kind": "french", "level": 0, "district": districts[0].number},
        content_type="application/json",
    )
    assert (response.status_code, response.json()["error"]["code"]) == (409, "already_applied")
    assert LearnerApplication.objects.filter(status=ApplicationStatus.OFFERED).count() == 1


def test_api_supply_needs_a_partner_or_coordinator(make_course, partner):
    make_course(places=4)
    assert Client().get("/api/v1/learning/supply").status_code == 401
    assert signed_in(UserFactory()).get("/api/v1/learning/supply").status_code == 403
    rows = signed_in(partner).get("/api/v1/learning/supply").json()
    assert [(r["level"], r["places"], r["free"]) for r in rows] == [("A0", 4, 4)]


def test_indicators_count_places_and_people_placed(city, make_course, make_learner, apply):
    import datetime as dt

    from accueil.plan.sources import value_at

    make_course(places=7)
    learner, user = make_learner()
    apply(learner, user)
    services.offer_accept(enrolment=Enrolment.objects.get(learner=learner), acting_user=user)
    today = dt.date.today()
    assert value_at("learning.french_places", city=city, on_date=today) == 7
    assert value_at("learning.french_learners_placed", city=city, on_date=today) == 1
    assert value_at("learning.french_learners_waiting", city=city, on_date=today) == 0


def test_public_pages_stay_within_the_weight_budget(client, make_course):
    from accueil.testing.pageweight import assert_page_weight

    course = make_course()
    for language in ("fr", "ps", "am"):
        assert_page_weight(client, f"/{language}/learning/")
        assert_page_weight(client, f"/{language}/learning/courses/{course.pk}/")


def test_a_partner_publishes_a_class_and_records_attendance(partner, association, districts, make_learner, apply):
    import datetime as dt

    from accueil.learning.models import Attendance, Course

    client = signed_in(partner)
    today = dt.date.today()
    response = client.post(
        "/fr/learning/partner/courses/new/",
        {
            "organisation": association.pk,
            "title": "Français du soir",
            "kind": "french",
            "level_required": "0",
            "level_reached": "1",
            "days_list": ["1", "4"],
            "starts_at": "09:30",
            "ends_at": "11:30",
            "start_date": today.isoformat(),
            "end_date": (today + dt.timedelta(days=60)).isoformat(),
            "address": "3 rue Myrha",
            "district": districts[0].pk,
            "places": "8",
            "cost_eur": "0",
        },
    )
    course = Course.objects.get(title="Français du soir")
    assert response["Location"] == f"/fr/learning/partner/courses/{course.pk}/"
    assert (course.days, course.places) == (1 | 4, 8)
    learner, user = make_learner()
    apply(learner, user)
    enrolment = Enrolment.objects.get(learner=learner)
    services.offer_accept(enrolment=enrolment, acting_user=user)
    client.post(f"/fr/learning/partner/courses/{course.pk}/", {"date": today.isoformat(), "present": [enrolment.pk]})
    assert list(Attendance.objects.values_list("enrolment_id", "present")) == [(enrolment.pk, True)]


def test_a_class_with_inconsistent_levels_is_refused_with_a_message(partner, association, districts):
    import datetime as dt

    from accueil.learning.models import Course

    today = dt.date.today()
    response = signed_in(partner).post(
        "/fr/learning/partner/courses/new/",
        {
            "organisation": association.pk,
            "title": "Incohérent",
            "kind": "french",
            "level_required": "3",
            "level_reached": "1",
            "days_list": ["1"],
            "starts_at": "11:30",
            "ends_at": "09:30",
            "start_date": today.isoformat(),
            "end_date": today.isoformat(),
            "address": "3 rue Myrha",
            "district": districts[0].pk,
            "places": "8",
            "cost_eur": "0",
        },
    )
    assert response.status_code == 200
    assert "Le niveau atteint ne peut pas être inférieur au niveau requis." in response.content.decode()
    assert Course.objects.count() == 0
