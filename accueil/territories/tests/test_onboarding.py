"""A city created without a shell: the operator's services and pages, districts from CSV, the first
coordinator's invitation, a plan started from empty, and a volunteer in two cities."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone, translation

from accueil.accounts.models import Role, RoleAssignment
from accueil.audit.models import AuditEvent
from accueil.directory.holidays import holiday_name
from accueil.notifications.models import Message
from accueil.plan import services as plan_services
from accueil.plan.models import Commitment, Cornerstone, Plan
from accueil.territories import services
from accueil.territories.models import City, CoordinatorInvitation, District
from accueil.territories.places import district_from_text
from accueil.testing.concurrency import run_together
from accueil.testing.factories import CityFactory, UserFactory
from accueil.testing.pageweight import assert_page_weight
from accueil.volunteering import services as volunteering_services
from accueil.volunteering.models import VolunteerProfile

pytestmark = pytest.mark.django_db

HOST = "berlin.accueil.test"


def with_second_factor(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


@pytest.fixture
def operator():
    return with_second_factor(UserFactory(email="operator@accueil.example.org", is_staff=True))


def draft(**changes) -> services.CityDraft:
    values = {
        "slug": "berlin",
        "name": "Berlin",
        "domain": HOST,
        "country": "DE",
        "holiday_subdivision": "BE",
        "timezone": "Europe/Berlin",
        "languages": ["ar", "en", "fa"],
        "latitude": Decimal("52.52000"),
        "longitude": Decimal("13.40500"),
        "names": {"ar": "برلين", "am": "በርሊን"},
    }
    values.update(changes)
    return services.CityDraft(**values)


@pytest.fixture
def berlin(operator):
    return services.city_create(draft=draft(), acting_user=operator)


def test_an_operator_creates_a_city_with_its_names_languages_and_calendar(berlin):
    assert (berlin.country, berlin.holiday_subdivision, berlin.timezone) == ("DE", "BE", "Europe/Berlin")
    assert berlin.offered_languages == ["ar", "en", "fa"]
    assert berlin.names == {"ar": "برلين", "am": "በርሊን"}
    assert AuditEvent.objects.filter(action="territories.city_created", city=berlin).count() == 1


def test_the_city_name_follows_the_reader_language(berlin):
    with translation.override("am"):
        assert berlin.shown_name == "በርሊን"
    with translation.override("fr"):
        assert berlin.shown_name == "Berlin"


def test_someone_who_is_not_an_operator_creates_nothing(city):
    coordinator = with_second_factor(UserFactory())
    RoleAssignment.objects.create(user=coordinator, city=city, role=Role.COORDINATOR)
    before = City.objects.count()
    with pytest.raises(PermissionDenied):
        services.city_create(draft=draft(), acting_user=coordinator)
    assert City.objects.count() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"holiday_subdivision": "ZZ"}, "holiday_subdivision"),
        ({"timezone": "Europe/Atlantis"}, "timezone"),
        ({"domain": "not a host"}, "domain"),
        ({"languages": []}, "languages"),
        ({"languages": ["de"]}, "languages"),
    ],
)
def test_a_bad_city_is_refused_field_by_field_and_nothing_is_written(operator, changes, field):
    before = City.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.city_create(draft=draft(**changes), acting_user=operator)
    assert list(refused.value.message_dict) == [field]
    assert City.objects.count() == before


def test_a_host_name_serves_one_city_only(operator, berlin):
    with pytest.raises(ValidationError) as refused:
        services.city_create(draft=draft(slug="berlin-2", domain=HOST.upper()), acting_user=operator)
    assert list(refused.value.message_dict) == ["domain"]


def test_holidays_follow_the_city_region():
    women_day = dt.date(2026, 3, 8)
    assert holiday_name(women_day, "DE", "BE") is not None
    assert holiday_name(women_day, "DE") is None


def test_france_names_are_not_given_to_another_country_holiday():
    # Both countries call a day "National Day" in the library; only France's is Bastille Day.
    with translation.override("en"):
        assert holiday_name(dt.date(2026, 7, 14), "FR", "") == "Bastille Day"
        assert holiday_name(dt.date(2026, 10, 1), "CN", "") == "National Day"


CSV = (
    "number,name,code,postcodes,latitude,longitude,population\n"
    "1,Mitte,11001,10115 10117,52.52,13.405,380000\n"
    "2,Kreuzberg,11002,10961,,,\n"
)


def test_districts_from_csv_with_their_postcodes(operator, berlin):
    assert services.districts_import(city=berlin, acting_user=operator, content=CSV) == 2
    mitte, kreuzberg = District.objects.filter(city=berlin).order_by("number")
    assert (mitte.postcodes, mitte.population, kreuzberg.latitude) == ("10115 10117", 380000, berlin.latitude)
    assert district_from_text(berlin, "Invalidenstraße 1, 10117 Berlin") == mitte


def test_a_bad_line_writes_no_district_and_says_which_line(operator, berlin):
    content = CSV + "3,,11003,,,,\nfour,Neukölln,11004,,,,\n"
    with pytest.raises(ValidationError) as refused:
        services.districts_import(city=berlin, acting_user=operator, content=content)
    assert [re.match(r"\D*(\d+)", m).group(1) for m in refused.value.message_dict["content"]] == ["4", "5"]
    assert District.objects.filter(city=berlin).count() == 0


def test_importing_again_updates_the_districts_in_place(operator, berlin):
    services.districts_import(city=berlin, acting_user=operator, content=CSV)
    services.districts_import(
        city=berlin, acting_user=operator, content="number,name,code\n1,Berlin-Mitte,11002\n2,X,11001\n"
    )
    assert list(District.objects.filter(city=berlin).values_list("number", "name", "code")) == [
        (1, "Berlin-Mitte", "11002"),
        (2, "X", "11001"),
    ]


def test_a_coordinator_of_another_city_imports_nothing(city, berlin):
    stranger = with_second_factor(UserFactory())
    RoleAssignment.objects.create(user=stranger, city=city, role=Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        services.districts_import(city=berlin, acting_user=stranger, content=CSV)
    assert District.objects.filter(city=berlin).count() == 0


def test_the_invitation_goes_through_the_outbox_and_grants_the_role_once(operator, berlin):
    invitation, raw = services.coordinator_invite(city=berlin, email="Lea@Berlin.example.org", acting_user=operator)
    message = Message.objects.get(city=berlin, kind="territories.coordinator_invitation")
    assert (message.address, message.language) == ("lea@berlin.example.org", "ar")
    assert f"https://{HOST}/ar/cities/invitations/{raw}/" in message.body
    assert invitation.token_hash != raw and raw not in CoordinatorInvitation.objects.values_list(
        "token_hash", flat=True
    )
    lea = UserFactory(email="lea@berlin.example.org")
    services.coordinator_invitation_accept(raw_token=raw, city=berlin, acting_user=lea)
    assert RoleAssignment.objects.filter(user=lea, city=berlin, role=Role.COORDINATOR).count() == 1
    with pytest.raises(ValidationError):
        services.coordinator_invitation_accept(raw_token=raw, city=berlin, acting_user=lea)


def test_an_invitation_is_refused_to_another_address_and_on_another_city(operator, berlin, city):
    _invitation, raw = services.coordinator_invite(city=berlin, email="lea@berlin.example.org", acting_user=operator)
    someone = UserFactory(email="someone@example.org")
    lea = UserFactory(email="lea@berlin.example.org")
    with pytest.raises(ValidationError):
        services.coordinator_invitation_accept(raw_token=raw, city=berlin, acting_user=someone)
    with pytest.raises(ValidationError):
        services.coordinator_invitation_accept(raw_token=raw, city=city, acting_user=lea)
    assert RoleAssignment.objects.filter(city=berlin, role=Role.COORDINATOR).count() == 0


def test_an_expired_invitation_grants_nothing(operator, berlin):
    invitation, raw = services.coordinator_invite(city=berlin, email="lea@berlin.example.org", acting_user=operator)
    CoordinatorInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    lea = UserFactory(email="lea@berlin.example.org")
    with pytest.raises(ValidationError):
        services.coordinator_invitation_accept(raw_token=raw, city=berlin, acting_user=lea)
    assert RoleAssignment.objects.filter(city=berlin).count() == 0


def test_the_onboarding_pages_are_light(city, berlin, operator):
    client = Client()
    client.force_login(operator)
    services.districts_import(city=berlin, acting_user=operator, content=CSV)
    for path in ("/ar/cities/", "/ar/cities/new/", "/ar/cities/berlin/"):
        assert_page_weight(client, path)


def test_the_pages_refuse_a_person_who_is_not_an_operator(city):
    person = UserFactory()
    client = Client()
    client.force_login(person)
    before = City.objects.count()
    assert client.get("/fr/cities/new/").status_code == 403
    assert client.post("/fr/cities/new/", {"name": "Berlin", "slug": "berlin"}).status_code == 403
    assert City.objects.count() == before


def test_an_operator_without_a_second_factor_is_sent_to_set_one_up(city):
    staff = UserFactory(is_staff=True)
    client = Client()
    client.force_login(staff)
    response = client.get("/fr/cities/new/")
    assert (response.status_code, response["Location"]) == (302, "/fr/accounts/2fa/totp/activate/")


def test_a_bad_form_answers_a_translated_error_and_creates_nothing(city, operator):
    client = Client()
    client.force_login(operator)
    form = {
        "name": "Berlin",
        "slug": "berlin",
        "domain": HOST,
        "country": "DE",
        "holiday_subdivision": "ZZ",
        "timezone": "Europe/Berlin",
        "languages": ["ar"],
        "latitude": "52.52",
        "longitude": "13.405",
    }
    response = client.post("/ar/cities/new/", form)
    assert response.status_code == 400
    assert "لا يعرف تقويم العطل هذه المنطقة في هذا البلد." in response.content.decode()
    assert City.objects.filter(slug="berlin").count() == 0


def test_the_plan_starts_from_empty(berlin, operator):
    coordinator = with_second_factor(UserFactory())
    RoleAssignment.objects.create(user=coordinator, city=berlin, role=Role.COORDINATOR)
    resident = Client(HTTP_HOST=HOST)
    assert "برلين" in resident.get("/ar/plan/").content.decode()
    client = Client(HTTP_HOST=HOST)
    client.force_login(coordinator)
    assert client.get("/fr/plan/")["Location"] == "/fr/plan/manage/tree/"
    client.post("/fr/plan/manage/tree/", {"title": "Berlin heißt willkommen"})
    client.post("/fr/plan/manage/tree/", {"cornerstone-title": "Ankommen", "cornerstone-weight": "1"})
    cornerstone = Cornerstone.objects.get(city=berlin)
    response = client.post(
        "/fr/plan/manage/commitments/new/",
        {"commitment-cornerstone": cornerstone.pk, "commitment-title": "Sprachkurse", "commitment-weight": "2"},
    )
    commitment = Commitment.objects.get(city=berlin)
    assert response["Location"] == f"/fr/plan/manage/commitments/{commitment.number}/measures/new/"
    assert (cornerstone.number, commitment.number, commitment.weight) == (1, 1, 2)
    assert "Sprachkurse" in resident.get("/fr/plan/").content.decode()


def test_a_second_plan_is_refused(berlin):
    coordinator = with_second_factor(UserFactory())
    RoleAssignment.objects.create(user=coordinator, city=berlin, role=Role.COORDINATOR)
    plan_services.plan_create(city=berlin, acting_user=coordinator, title="Plan")
    with pytest.raises(ValidationError):
        plan_services.plan_create(city=berlin, acting_user=coordinator, title="Plan 2")
    assert Plan.objects.filter(city=berlin).count() == 1


def test_a_volunteer_keeps_one_profile_in_each_city(city, berlin):
    person = UserFactory()
    volunteering_services.volunteer_profile_save(user=person, city=city, acting_user=person, hours_per_month=4)
    volunteering_services.volunteer_profile_save(user=person, city=berlin, acting_user=person, hours_per_month=10)
    assert sorted(VolunteerProfile.objects.filter(user=person).values_list("city__slug", "hours_per_month")) == [
        ("berlin", 10),
        ("paris", 4),
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_cornerstones_added_at_once_get_two_numbers(postgres_only):
    city = CityFactory(slug="berlin", domain=HOST)
    coordinator = with_second_factor(UserFactory())
    RoleAssignment.objects.create(user=coordinator, city=city, role=Role.COORDINATOR)
    plan = plan_services.plan_create(city=city, acting_user=coordinator, title="Plan")
    outcomes = run_together(
        [
            lambda: plan_services.cornerstone_create(plan=plan, acting_user=coordinator, title="A").number,
            lambda: plan_services.cornerstone_create(plan=plan, acting_user=coordinator, title="B").number,
        ]
    )
    assert outcomes.errors == []
    assert sorted(outcomes.values) == [1, 2]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_districts_at_once_both_succeed(postgres_only):
    operator = with_second_factor(UserFactory(email="operator@accueil.example.org", is_staff=True))
    city = services.city_create(draft=draft(), acting_user=operator)
    import_all = lambda: services.districts_import(city=city, acting_user=operator, content=CSV)  # noqa: E731
    outcomes = run_together([import_all, import_all])
    assert outcomes.errors == []
    assert list(District.objects.filter(city=city).values_list("number", "code")) == [(1, "11001"), (2, "11002")]
