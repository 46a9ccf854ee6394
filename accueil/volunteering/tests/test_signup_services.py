import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accueil.languages.models import Language
from accueil.notifications.models import Message
from accueil.testing.volunteering_factories import MissionFactory, QualificationTypeFactory, ShiftFactory
from accueil.volunteering import services
from accueil.volunteering.models import (
    Acceptance,
    MissionLanguage,
    MissionStatus,
    Shift,
    Signup,
    SignupStatus,
    VolunteerLanguage,
)
from accueil.volunteering.services import SignupRefused


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def sign_up(shift, user):
    return services.shift_sign_up(shift=shift, volunteer=user, acting_user=user)


@pytest.mark.smoke
def test_auto_acceptance_fills_then_waitlists(shift, make_volunteer):
    people = [make_volunteer() for _ in range(3)]
    statuses = [sign_up(shift, p).status for p in people]
    assert statuses == ["accepted", "accepted", "waitlisted"]
    shift.refresh_from_db()
    assert shift.accepted_count == 2
    kinds = sorted(Message.objects.values_list("kind", flat=True))
    assert kinds == ["volunteering.confirmation", "volunteering.confirmation", "volunteering.waitlisted"]


@pytest.mark.smoke
def test_cancel_promotes_first_waitlisted_and_tells_them(shift, make_volunteer):
    a, b, c, d = (make_volunteer() for _ in range(4))
    first = sign_up(shift, a)
    sign_up(shift, b)
    waiting_c = sign_up(shift, c)
    waiting_d = sign_up(shift, d)
    services.signup_cancel(signup=first, acting_user=a)
    waiting_c.refresh_from_db()
    waiting_d.refresh_from_db()
    shift.refresh_from_db()
    assert waiting_c.status == SignupStatus.ACCEPTED
    assert waiting_d.status == SignupStatus.WAITLISTED
    assert shift.accepted_count == 2
    assert (
        Message.objects.filter(to_user=c, kind="volunteering.promotion", key=f"promotion:{waiting_c.pk}").count() == 1
    )


def test_second_signup_same_shift_refused(shift, volunteer):
    sign_up(shift, volunteer)
    with pytest.raises(SignupRefused) as err:
        sign_up(shift, volunteer)
    assert err.value.code == "already_signed_up"
    assert Signup.objects.filter(shift=shift, volunteer=volunteer).count() == 1
    shift.refresh_from_db()
    assert shift.accepted_count == 1


def test_overlap_refused_sequentially(mission, shift, volunteer):
    other = ShiftFactory(
        mission=MissionFactory(city=mission.city),
        starts_at=shift.starts_at + dt.timedelta(hours=1),
        ends_at=shift.ends_at + dt.timedelta(hours=1),
    )
    sign_up(shift, volunteer)
    with pytest.raises(SignupRefused) as err:
        sign_up(other, volunteer)
    assert err.value.code == "overlap"
    other.refresh_from_db()
    assert other.accepted_count == 0
    assert not Signup.objects.filter(shift=other).exists()


def test_adjacent_shifts_do_not_overlap(mission, shift, volunteer):
    after = ShiftFactory(mission=mission, starts_at=shift.ends_at, ends_at=shift.ends_at + dt.timedelta(hours=1))
    sign_up(shift, volunteer)
    assert sign_up(after, volunteer).status == "accepted"


def test_capacity_reduction_below_accepted_refused(shift, make_volunteer, member):
    sign_up(shift, make_volunteer())
    sign_up(shift, make_volunteer())
    with pytest.raises(ValidationError) as err:
        services.shift_update(shift=shift, acting_user=member, capacity=1)
    assert "2 volunteers are already confirmed" in str(err.value)
    shift.refresh_from_db()
    assert (shift.capacity, shift.accepted_count) == (2, 2)


def test_capacity_increase_promotes_waitlist(shift, make_volunteer, member):
    people = [make_volunteer() for _ in range(3)]
    signups = [sign_up(shift, p) for p in people]
    services.shift_update(shift=shift, acting_user=member, capacity=3)
    signups[2].refresh_from_db()
    assert signups[2].status == "accepted"


def test_manual_acceptance_pending_then_accept_and_decline(city, organisation, member, make_volunteer):
    mission = MissionFactory(city=city, organisation=organisation, acceptance=Acceptance.MANUAL)
    shift = ShiftFactory(mission=mission, capacity=1)
    a, b = make_volunteer(), make_volunteer()
    first = sign_up(shift, a)
    second = sign_up(shift, b)
    assert (first.status, second.status) == ("pending", "waitlisted")
    services.signup_decide(signup=first, acting_user=member, accept=False)
    second.refresh_from_db()
    assert second.status == "pending"
    services.signup_decide(signup=second, acting_user=member, accept=True)
    second.refresh_from_db()
    shift.refresh_from_db()
    assert second.status == "accepted"
    assert shift.accepted_count == 1


@pytest.mark.parametrize(
    ("mission_kwargs", "profile_kwargs", "code_fragment"),
    [
        ({"min_age": 18}, {"birth_year": timezone.now().year - 16}, "too_young"),
        ({"works_with_minors": True}, {"safeguarding_expires_on": None}, "safeguarding"),
        ({"vulnerable_people": True}, {"safeguarding_expires_on": dt.date(2000, 1, 1)}, "safeguarding"),
        ({}, {"birth_year": None}, "age_unknown"),
    ],
)
def test_eligibility_refusals(city, organisation, make_volunteer, mission_kwargs, profile_kwargs, code_fragment):
    mission = MissionFactory(city=city, organisation=organisation, **mission_kwargs)
    shift = ShiftFactory(mission=mission)
    person = make_volunteer(**profile_kwargs)
    with pytest.raises(SignupRefused) as err:
        sign_up(shift, person)
    assert err.value.code == "not_eligible"
    assert err.value.status == 422
    assert err.value.details == {"reasons": [code_fragment]}
    assert not Signup.objects.exists()
    assert Shift.objects.get(pk=shift.pk).accepted_count == 0


def test_valid_safeguarding_passes(city, organisation, make_volunteer):
    mission = MissionFactory(city=city, organisation=organisation, works_with_minors=True)
    shift = ShiftFactory(mission=mission)
    person = make_volunteer(safeguarding_expires_on=shift.ends_at.date())
    assert sign_up(shift, person).status == "accepted"


def test_required_qualification_and_grant(city, organisation, make_volunteer, member):
    qualification = QualificationTypeFactory(city=city, code="fle-training", validity_days=30)
    mission = MissionFactory(city=city, organisation=organisation, required_qualification=qualification)
    shift = ShiftFactory(mission=mission)
    person = make_volunteer()
    with pytest.raises(SignupRefused):
        sign_up(shift, person)
    profile = person.volunteer_profiles.get(city=city)
    first = services.qualification_grant(
        profile=profile, qualification=qualification, acting_user=member, source="training:1"
    )
    again = services.qualification_grant(
        profile=profile, qualification=qualification, acting_user=member, source="training:2"
    )
    assert first.pk == again.pk
    assert again.source == "training:2"
    assert again.expires_on == timezone.now().date() + dt.timedelta(days=30)
    assert sign_up(shift, person).status == "accepted"


def test_language_level_required(city, organisation, make_volunteer):
    arabic = Language.objects.get(code="ar")
    mission = MissionFactory(city=city, organisation=organisation)
    MissionLanguage.objects.create(mission=mission, language=arabic, min_level=5)
    shift = ShiftFactory(mission=mission)
    person = make_volunteer()
    VolunteerLanguage.objects.create(profile=person.volunteer_profiles.get(city=city), language=arabic, level=3)
    with pytest.raises(SignupRefused) as err:
        sign_up(shift, person)
    assert err.value.code == "not_eligible"
    VolunteerLanguage.objects.filter(profile=person.volunteer_profiles.get(city=city)).update(level=7)
    assert sign_up(shift, person).status == "accepted"


def test_interpreting_needs_two_languages(organisation, member):
    arabic = Language.objects.get(code="ar")
    with pytest.raises(ValidationError):
        services.mission_create(
            organisation=organisation,
            acting_user=member,
            title="Interprète",
            description="x",
            category="interpreting",
            languages=[(arabic, 5)],
        )
    french = Language.objects.get(code="fr")
    mission = services.mission_create(
        organisation=organisation,
        acting_user=member,
        title="Interprète",
        description="x",
        category="interpreting",
        languages=[(arabic, 5), (french, 5)],
    )
    assert mission.languages.count() == 2


def test_paused_mission_refuses_signups(shift, volunteer, member):
    services.mission_set_status(mission=shift.mission, acting_user=member, status=MissionStatus.PAUSED)
    with pytest.raises(SignupRefused) as err:
        sign_up(shift, volunteer)
    assert err.value.code == "mission_not_open"


def test_unverified_organisation_cannot_publish(city, member, organisation):
    organisation.verification = "pending"
    organisation.save()
    mission = MissionFactory(city=city, organisation=organisation, status=MissionStatus.DRAFT)
    with pytest.raises(ValidationError):
        services.mission_set_status(mission=mission, acting_user=member, status=MissionStatus.PUBLISHED)
    mission.refresh_from_db()
    assert mission.status == "draft"


def test_weekly_recurrence_keeps_local_time_across_dst(mission, member):
    import zoneinfo

    paris = zoneinfo.ZoneInfo("Europe/Paris")
    year = timezone.now().year + 1
    start = dt.datetime(year, 3, 10, 18, 0, tzinfo=paris)
    shifts = services.shifts_create(
        mission=mission,
        acting_user=member,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        capacity=4,
        repeat_weekly_until=dt.date(year, 4, 7),
    )
    assert len(shifts) == 5
    assert {s.starts_at.astimezone(paris).hour for s in shifts} == {18}
    assert {s.capacity for s in shifts} == {4}


def test_duplicate_copies_languages_and_future_shifts(mission, shift, member):
    arabic = Language.objects.get(code="ar")
    MissionLanguage.objects.create(mission=mission, language=arabic, min_level=3)
    copy = services.mission_duplicate(mission=mission, acting_user=member)
    assert copy.status == "draft"
    assert copy.pk != mission.pk
    assert list(copy.languages.values_list("language_id", "min_level")) == [("ar", 3)]
    copied = list(copy.shifts.all())
    assert len(copied) == 1
    assert copied[0].starts_at == shift.starts_at + dt.timedelta(weeks=1)
    assert copied[0].accepted_count == 0


def test_attendance_and_hours(city, organisation, member, volunteer):
    mission = MissionFactory(city=city, organisation=organisation)
    shift = ShiftFactory(mission=mission)
    signup = sign_up(shift, volunteer)
    past = timezone.now() - dt.timedelta(hours=3)
    Shift.objects.filter(pk=shift.pk).update(starts_at=past, ends_at=past + dt.timedelta(hours=2))
    services.signup_record_attendance(signup=signup, acting_user=member, attended=True)
    signup.refresh_from_db()
    assert signup.hours == Decimal("2.00")
    assert signup.hours_approved is True
