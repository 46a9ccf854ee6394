import datetime as dt
import io

import pytest
from django.utils import timezone

from accueil.testing.factories import MembershipFactory, OrganisationFactory, UserFactory
from accueil.testing.volunteering_factories import MissionFactory, ShiftFactory
from accueil.volunteering import services
from accueil.volunteering.models import Mission, Shift, Signup, VolunteerProfile


@pytest.mark.smoke
def test_mission_list_public_filters_and_weight(client, mission, shift, city, organisation):
    other = MissionFactory(city=city, organisation=organisation, title="Match de foot", category="sport")
    ShiftFactory(mission=other)
    response = client.get("/fr/volunteering/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Atelier conversation" in html and "Match de foot" in html
    filtered = client.get("/fr/volunteering/?category=sport").content.decode()
    assert "Match de foot" in filtered and "Atelier conversation" not in filtered
    assert len(response.content) < 50_000
    bad = client.get("/fr/volunteering/?date_from=nonsense&page=999")
    assert bad.status_code == 200


def test_mission_list_has_no_n_plus_one(client, city, organisation, django_assert_max_num_queries):
    for i in range(15):
        ShiftFactory(mission=MissionFactory(city=city, organisation=organisation, title=f"M{i}"))
    with django_assert_max_num_queries(12):
        assert client.get("/fr/volunteering/").status_code == 200


def test_detail_and_sign_up_form(client, mission, shift, volunteer):
    assert client.get(f"/fr/volunteering/missions/{mission.pk}/").status_code == 200
    anonymous = client.post(f"/fr/volunteering/shifts/{shift.pk}/sign-up/")
    assert anonymous.status_code == 302
    assert not Signup.objects.exists()
    client.force_login(volunteer)
    response = client.post(f"/fr/volunteering/shifts/{shift.pk}/sign-up/", follow=True)
    assert response.redirect_chain[-1][0] == "/fr/volunteering/me/shifts/"
    assert Signup.objects.get().status == "accepted"
    assert "Atelier conversation" in response.content.decode()


def test_draft_mission_detail_is_404(client, city, organisation):
    draft = MissionFactory(city=city, organisation=organisation, status="draft")
    assert client.get(f"/fr/volunteering/missions/{draft.pk}/").status_code == 404


def test_profile_form_saves_languages_and_availability(client, city):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/fr/volunteering/me/profile/").status_code == 200
    data = {
        "birth_year": "1985",
        "hours_per_month": "6",
        "remote_ok": "on",
        "skills": [],
        "language_0": "ar",
        "level_0": "7",
        "from_2": "18:00",
        "to_2": "20:00",
    }
    response = client.post("/fr/volunteering/me/profile/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = VolunteerProfile.objects.get(user=user)
    assert profile.birth_year == 1985
    assert list(profile.languages.values_list("language_id", "level")) == [("ar", 7)]
    assert [(a.weekday, a.start_time.hour, a.end_time.hour) for a in profile.availabilities.all()] == [(2, 18, 20)]
    bad = client.post("/fr/volunteering/me/profile/", {**data, "to_2": "17:00", "birth_year": "1985"})
    assert bad.status_code == 200
    profile.refresh_from_db()
    assert profile.availabilities.get().end_time.hour == 20


def test_member_manages_mission_and_shifts(client, organisation, member, city):
    client.force_login(member)
    response = client.post(
        f"/fr/volunteering/manage/organisations/{organisation.pk}/new/",
        {
            "title": "Aide aux dossiers",
            "description": "Aide",
            "category": "admin_help",
            "address": "1 rue X",
            "min_age": "18",
            "acceptance": "auto",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mission = Mission.objects.get(title="Aide aux dossiers")
    assert mission.status == "draft"
    day = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    client.post(
        f"/fr/volunteering/manage/missions/{mission.pk}/shifts/",
        {"date": day, "start_time": "10:00", "end_time": "12:00", "capacity": "3"},
    )
    assert mission.shifts.count() == 1
    client.post(f"/fr/volunteering/manage/missions/{mission.pk}/status/", {"status": "published"})
    mission.refresh_from_db()
    assert mission.status == "published"
    assert client.get(f"/fr/volunteering/manage/missions/{mission.pk}/").status_code == 200


def test_capacity_reduction_page_shows_clear_message(client, shift, member, make_volunteer):
    for _ in range(2):
        person = make_volunteer()
        services.shift_sign_up(shift=shift, volunteer=person, acting_user=person)
    client.force_login(member)
    response = client.post(f"/en/volunteering/manage/shifts/{shift.pk}/", {"capacity": "1"})
    assert response.status_code == 200
    assert "2 volunteers are already confirmed: the shift cannot have fewer places." in response.content.decode()
    shift.refresh_from_db()
    assert shift.capacity == 2


def test_other_organisation_cannot_see_or_manage(client, city, mission, shift, volunteer):
    services.shift_sign_up(shift=shift, volunteer=volunteer, acting_user=volunteer)
    outsider_org = OrganisationFactory(city=city, name="Autre", slug="autre")
    outsider = MembershipFactory(organisation=outsider_org).user
    client.force_login(outsider)
    assert client.get(f"/fr/volunteering/manage/shifts/{shift.pk}/").status_code == 403
    assert client.get(f"/fr/volunteering/manage/missions/{mission.pk}/").status_code == 403
    assert (
        client.post(f"/fr/volunteering/manage/missions/{mission.pk}/status/", {"status": "closed"}).status_code == 403
    )
    assert client.post(f"/fr/volunteering/manage/shifts/{shift.pk}/", {"capacity": "9"}).status_code == 403
    signup = Signup.objects.get()
    assert (
        client.post(f"/fr/volunteering/manage/signups/{signup.pk}/decide/", {"decision": "decline"}).status_code == 403
    )
    mission.refresh_from_db()
    shift.refresh_from_db()
    signup.refresh_from_db()
    assert (mission.status, shift.capacity, signup.status) == ("published", 2, "accepted")


def test_contact_visible_to_organisation_only_after_acceptance(client, city, organisation, member, make_volunteer):
    mission = MissionFactory(city=city, organisation=organisation, acceptance="manual")
    shift = ShiftFactory(mission=mission)
    person = make_volunteer("hidden.person@example.org")
    signup = services.shift_sign_up(shift=shift, volunteer=person, acting_user=person)
    client.force_login(member)
    page = client.get(f"/fr/volunteering/manage/shifts/{shift.pk}/").content.decode()
    assert "hidden.person@example.org" not in page
    assert f"Volunteer #{person.pk}" in page
    client.post(f"/fr/volunteering/manage/signups/{signup.pk}/decide/", {"decision": "accept"})
    page = client.get(f"/fr/volunteering/manage/shifts/{shift.pk}/").content.decode()
    assert "hidden.person@example.org" in page


def test_volunteer_cannot_cancel_or_see_anothers_signup(client, shift, make_volunteer):
    owner, other = make_volunteer("owner@example.org"), make_volunteer()
    signup = services.shift_sign_up(shift=shift, volunteer=owner, acting_user=owner)
    client.force_login(other)
    assert client.post(f"/fr/volunteering/signups/{signup.pk}/cancel/").status_code == 404
    assert "owner@example.org" not in client.get(f"/fr/volunteering/missions/{shift.mission_id}/").content.decode()
    assert client.get(f"/fr/volunteering/manage/shifts/{shift.pk}/").status_code == 403
    signup.refresh_from_db()
    assert signup.status == "accepted"


def test_calendar_feed(client, shift, volunteer):
    signup = services.shift_sign_up(shift=shift, volunteer=volunteer, acting_user=volunteer)
    client.force_login(volunteer)
    client.post("/fr/volunteering/me/calendar/")
    page = client.get("/fr/volunteering/me/shifts/").content.decode()
    url = page.split('<code class="ltr-only">')[1].split("</code>")[0]
    path = url.split("testserver", 1)[1]
    assert path.startswith("/volunteering/calendar/") and path.endswith(".ics")
    client.logout()
    feed = client.get(path)
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    text = feed.content.decode()
    assert f"UID:signup-{signup.pk}@accueil" in text
    assert "SUMMARY:Atelier conversation — Association Bienvenue" in text
    assert client.get("/volunteering/calendar/wrong-token.ics").status_code == 404


def test_certificate_pdf_contains_hours(client, shift, volunteer, member):
    from pypdf import PdfReader

    signup = services.shift_sign_up(shift=shift, volunteer=volunteer, acting_user=volunteer)
    past = timezone.now() - dt.timedelta(hours=5)
    Shift.objects.filter(pk=shift.pk).update(starts_at=past, ends_at=past + dt.timedelta(hours=2))
    Signup.objects.filter(pk=signup.pk).update(starts_at=past, ends_at=past + dt.timedelta(hours=2))
    services.signup_record_attendance(signup=signup, acting_user=member, attended=True, hours=3.5)
    volunteer.display_name = "Camille"
    volunteer.preferred_language = "en"
    volunteer.save()
    client.force_login(volunteer)
    assert "3.50" in client.get("/fr/volunteering/me/hours/").content.decode().replace(",", ".")
    response = client.get("/fr/volunteering/me/hours/certificate.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Camille" in text
    assert "3.50" in text
    assert "Association Bienvenue" in text
    assert "Certificate of volunteering" in text
