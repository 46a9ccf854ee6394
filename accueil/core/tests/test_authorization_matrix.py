"""Every route × every kind of caller: no 500, and pages of a person's data refuse whoever may not read them.

The routes are read from the URL configuration (and the OpenAPI document's paths must all be among them), so a
new route is walked as soon as it exists. A route's parameters are filled by a small registry keyed by the URL
keyword's name, from records of city A that belong to an organisation the callers are not members of. A route
whose parameters the registry cannot fill is listed in `SKIPPED`; the test fails when a route is neither walked
nor listed, and when a listed route has become walkable (so the list does not go stale).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

from accueil.accounts.models import Role, RoleAssignment
from accueil.testing.factories import CityFactory, DistrictFactory, MembershipFactory, OrganisationFactory, UserFactory
from accueil.testing.participation_factories import EventFactory, RegistrationFactory
from accueil.testing.volunteering_factories import MissionFactory, ShiftFactory, SignupFactory, VolunteerProfileFactory

HOST_A = "city-a.accueil.test"
HOST_B = "city-b.accueil.test"
# Not pages of a city: the deployment's administration, the language switch, allauth's pages that change the
# session when merely opened.
SKIPPED_PREFIXES = ("admin/", "i18n/", "{lang}/accounts/logout/", "{lang}/accounts/2fa/recovery-codes/download/")
KWARG = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")
# Keywords that name a person's own record: a page taking one of them shows personal data.
PERSONAL_KWARGS = {
    "signup_id",
    "beneficiary_id",
    "household_pk",
    "person_id",
    "referral_id",
    "user_pk",
    "request_id",
}
# A refusal, a sign-in redirect, or nothing here; 405 is a write route read with GET, which shows nothing.
REFUSED = (302, 403, 404, 405)
PERSONAL_MODELS = {"Signup", "Registration", "VolunteerProfile", "Membership", "Beneficiary", "Household", "Referral"}


def routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            segment = "{lang}/" if isinstance(pattern.pattern, LocalePrefixPattern) else str(pattern.pattern)
            yield from routes(pattern.url_patterns, prefix + segment)
        else:
            yield prefix + str(pattern.pattern), pattern


def view_model(pattern: URLPattern) -> type[models.Model] | None:
    view_class = getattr(pattern.callback, "view_class", None)
    model = getattr(view_class, "model", None)
    if model is None and getattr(view_class, "queryset", None) is not None:
        model = view_class.queryset.model  # type: ignore[union-attr]
    return model


def row_of(model: type[models.Model] | None, city: Any) -> models.Model | None:
    if model is None:
        return None
    rows = model._default_manager.all()
    if any(f.name == "city" for f in model._meta.get_fields()):
        rows = rows.filter(city=city)
    return rows.order_by("pk").first()


def by_model(name: str) -> Callable[[Any, type[models.Model] | None, dict[str, Any]], Any]:
    """The value of `name` from the view's own model (a `pk`, a `slug`)."""

    def fill(city: Any, model: type[models.Model] | None, objects: dict[str, Any]) -> Any:
        row = row_of(model, city)
        return getattr(row, name, None) if row is not None else None

    return fill


def of(key: str, attribute: str = "pk") -> Callable[[Any, type[models.Model] | None, dict[str, Any]], Any]:
    return lambda city, model, objects: getattr(objects[key], attribute)


# The registry: URL keyword → how to fill it (None when it cannot).
FILLERS: dict[str, Callable[[Any, type[models.Model] | None, dict[str, Any]], Any]] = {
    "pk": by_model("pk"),
    "object_id": by_model("pk"),
    "slug": by_model("slug"),
    "org_pk": of("organisation"),
    "org_slug": of("organisation", "slug"),
    "mission_id": of("mission"),
    "shift_id": of("shift"),
    "signup_id": of("signup"),
    "event_id": of("event"),
    "number": of("district", "number"),
    "user_pk": of("volunteer"),
}


def fill(route: str, pattern: URLPattern, city: Any, objects: dict[str, Any]) -> str | None:
    """`route` with its parameters filled, or None when one cannot be."""
    model = view_model(pattern)
    path = route.replace("{lang}", "ar")
    for match in KWARG.finditer(route):
        name = match.group(1) or match.group(2)
        filler = FILLERS.get(name)
        value = filler(city, model, objects) if filler else None
        if value is None:
            return None
        path = path.replace(match.group(0), str(value), 1)
    if path.startswith("^") or "(?P" in path or "^" in path or "$" in path:
        return None
    return "/" + path


def is_personal(route: str, pattern: URLPattern) -> bool:
    names = {m.group(1) or m.group(2) for m in KWARG.finditer(route)}
    model = view_model(pattern)
    return bool(names & PERSONAL_KWARGS) or (model is not None and model.__name__ in PERSONAL_MODELS and bool(names))


# Routes the registry cannot fill (a keyword it does not know, or a view whose model it cannot read or for which
# no record exists here). Regenerate with `pytest ... -k matrix` and read the failure's list.
SKIPPED: frozenset[str] = frozenset(
    {
        "api/hsds/organizations/<str:pk>",
        "api/hsds/services/<str:pk>",
        "api/v1/collection-points/<slug>",
        "api/v1/evaluation/assessments/<assessment_id>",
        "api/v1/events/proposals/<proposal_id>",
        "api/v1/events/resources/<resource_id>",
        "api/v1/guide/articles/<slug>",
        "api/v1/learning/courses/<course_id>",
        "api/v1/learning/learners/<learner_id>/tests",
        "api/v1/mentoring/beneficiaries/<beneficiary_id>",
        "api/v1/mentoring/proposals/<proposal_id>/confirm",
        "api/v1/organisations/<slug>",
        "api/v1/organisations/<slug>/members",
        "api/v1/outreach/persons/<person_id>",
        "api/v1/outreach/referrals/<referral_id>",
        "api/v1/outreach/referrals/<referral_id>/status",
        "api/v1/outreach/teams/<team_id>/encounters",
        "api/v1/shelters/requests/<request_id>/reservations",
        "volunteering/calendar/<str:token>.ics",
        "{lang}/accounts/^confirm-email/(?P<key>[-:\\w]+)/$",
        "{lang}/accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        "{lang}/cities/<slug:slug>/",
        "{lang}/cities/<slug:slug>/coordinators/",
        "{lang}/cities/<slug:slug>/districts/",
        "{lang}/cities/invitations/<str:token>/",
        "{lang}/donations/coordination/catalogue/items/<int:pk>/",
        "{lang}/donations/fund/calls/<int:pk>/",
        "{lang}/donations/fund/calls/<int:pk>/publish/",
        "{lang}/donations/fund/calls/<int:pk>/score/",
        "{lang}/donations/pledges/<str:code>/",
        "{lang}/donations/points/<slug:slug>/",
        "{lang}/donations/points/<slug:slug>/pledge/",
        "{lang}/donations/runs/<int:pk>/confirm/",
        "{lang}/donations/staff/points/<slug:slug>/",
        "{lang}/donations/staff/points/<slug:slug>/rules/",
        "{lang}/evaluation/assessments/<int:pk>/",
        "{lang}/evaluation/assessments/<int:pk>/close-review/",
        "{lang}/evaluation/assessments/<int:pk>/publish/",
        "{lang}/evaluation/assessments/<int:pk>/questions/<str:code>/",
        "{lang}/evaluation/assessments/<int:pk>/questions/<str:code>/evidence/",
        "{lang}/evaluation/assessments/<int:pk>/questions/<str:code>/review/",
        "{lang}/evaluation/assessments/<int:pk>/submit/",
        "{lang}/evaluation/assessments/<int:pk>/take-review/",
        "{lang}/evaluation/compare.<str:fmt>",
        "{lang}/evaluation/evidence/<int:pk>/remove/",
        "{lang}/evaluation/exchanges/<int:pk>/answer/",
        "{lang}/evaluation/frameworks/<slug:key>/<str:version>/",
        "{lang}/evaluation/practices/<int:pk>/",
        "{lang}/evaluation/practices/<int:pk>/exchange/",
        "{lang}/events/<int:pk>/",
        "{lang}/events/<int:pk>/calendar.ics",
        "{lang}/events/<int:pk>/register/",
        "{lang}/events/calendar/<str:token>.ics",
        "{lang}/events/manage/<int:pk>/",
        "{lang}/events/manage/<int:pk>/cancel/",
        "{lang}/events/manage/<int:pk>/publish/",
        "{lang}/events/manage/<int:pk>/registrants/",
        "{lang}/events/proposals/<int:pk>/",
        "{lang}/events/proposals/<int:pk>/answer/",
        "{lang}/events/proposals/<int:pk>/measures/",
        "{lang}/events/proposals/<int:pk>/publish/",
        "{lang}/events/proposals/<int:pk>/reject/",
        "{lang}/events/registrations/<int:pk>/cancel/",
        "{lang}/events/resources/<int:pk>/",
        "{lang}/events/resources/<int:pk>/edit/",
        "{lang}/events/resources/<int:pk>/file/",
        "{lang}/events/resources/<int:pk>/versions/<int:number>/file/",
        "{lang}/guide/<slug:slug>/",
        "{lang}/guide/manage/<int:pk>/",
        "{lang}/guide/manage/road-maps/<int:pk>/",
        "{lang}/guide/road-map/<str:status>/",
        "{lang}/hosting/households/<int:pk>/",
        "{lang}/hosting/offers/<int:pk>/",
        "{lang}/hosting/offers/<int:pk>/edit/",
        "{lang}/hosting/offers/<int:pk>/status/",
        "{lang}/hosting/proposals/<int:pk>/answer/",
        "{lang}/hosting/stays/<int:pk>/",
        "{lang}/hosting/stays/<int:pk>/<str:action>/",
        "{lang}/hosting/stays/<int:pk>/cases/<int:item>/close/",
        "{lang}/hosting/stays/<int:pk>/followups/<int:item>/",
        "{lang}/learning/coordination/runs/<int:pk>/",
        "{lang}/learning/courses/<int:pk>/",
        "{lang}/learning/learners/<int:pk>/",
        "{lang}/learning/my/applications/<int:pk>/withdraw/",
        "{lang}/learning/partner/courses/<int:pk>/",
        "{lang}/learning/places/<int:pk>/accept/",
        "{lang}/learning/places/<int:pk>/certificate/",
        "{lang}/learning/places/<int:pk>/decline/",
        "{lang}/mentoring/beneficiaries/<int:pk>/",
        "{lang}/mentoring/beneficiaries/<int:pk>/close/",
        "{lang}/mentoring/beneficiaries/<int:pk>/edit/",
        "{lang}/mentoring/mentorships/<int:pk>/",
        "{lang}/mentoring/mentorships/<int:pk>/<str:action>/",
        "{lang}/notifications/outbox/<int:pk>/retry/",
        "{lang}/organisations/<slug:slug>/",
        "{lang}/organisations/<slug:slug>/edit/",
        "{lang}/organisations/<slug:slug>/invitations/<int:pk>/revoke/",
        "{lang}/organisations/<slug:slug>/members/",
        "{lang}/organisations/<slug:slug>/members/<int:pk>/remove/",
        "{lang}/organisations/<slug:slug>/members/<int:pk>/role/",
        "{lang}/organisations/<slug:slug>/tokens/",
        "{lang}/organisations/<slug:slug>/tokens/<int:pk>/revoke/",
        "{lang}/organisations/<slug:slug>/verification/",
        "{lang}/organisations/invitations/<str:token>/",
        "{lang}/outreach/camps/<int:pk>/",
        "{lang}/outreach/camps/<int:pk>/households/",
        "{lang}/outreach/camps/<int:pk>/households/<int:household_pk>/",
        "{lang}/outreach/interpreting/<int:pk>/cancel/",
        "{lang}/outreach/interpreting/mine/<int:pk>/",
        "{lang}/outreach/persons/<int:pk>/",
        "{lang}/outreach/persons/<int:pk>/consent/",
        "{lang}/outreach/persons/<int:pk>/data/",
        "{lang}/outreach/persons/<int:pk>/edit/",
        "{lang}/outreach/persons/<int:pk>/erase/",
        "{lang}/outreach/persons/<int:pk>/refer/",
        "{lang}/outreach/referrals/<int:pk>/",
        "{lang}/outreach/referrals/<int:pk>/move/",
        "{lang}/outreach/referrals/<int:pk>/reserve/",
        "{lang}/outreach/teams/<int:pk>/",
        "{lang}/outreach/teams/<int:pk>/edit/",
        "{lang}/outreach/teams/<int:pk>/encounter/",
        "{lang}/outreach/teams/<int:pk>/members/",
        "{lang}/outreach/teams/<int:pk>/members/<int:user_pk>/remove/",
        "{lang}/outreach/teams/<int:pk>/rounds/",
        "{lang}/plan/actions/<int:pk>/status/",
        "{lang}/plan/export/<slug:dataset>.<slug:fmt>",
        "{lang}/plan/indicators/<int:pk>/values/",
        "{lang}/plan/manage/budget/<int:pk>/delete/",
        "{lang}/plan/manage/budget/<int:pk>/edit/",
        "{lang}/plan/manage/indicators/<int:pk>/edit/",
        "{lang}/plan/manage/measures/<int:pk>/budget/",
        "{lang}/plan/manage/measures/<int:pk>/edit/",
        "{lang}/plan/manage/measures/<int:pk>/indicators/new/",
        "{lang}/plan/manage/measures/<int:pk>/partners/",
        "{lang}/plan/manage/officials/<int:pk>/edit/",
        "{lang}/plan/manage/partners/<int:pk>/delete/",
        "{lang}/plan/manage/partners/<int:pk>/edit/",
        "{lang}/plan/manage/pledges/<int:pk>/edit/",
        "{lang}/plan/manage/projects/<int:pk>/edit/",
        "{lang}/plan/measures/<int:pk>/",
        "{lang}/plan/measures/<int:pk>/status/",
        "{lang}/plan/reviews/<int:pk>/",
        "{lang}/plan/reviews/<int:pk>/actions/",
        "{lang}/plan/reviews/<int:pk>/decisions/",
        "{lang}/plan/reviews/<int:pk>/freeze/",
        "{lang}/plan/reviews/<int:pk>/report.pdf",
        "{lang}/plan/reviews/<int:pk>/report/",
        "{lang}/services/<int:pk>/",
        "{lang}/services/<int:pk>/report/",
        "{lang}/services/edit/<int:pk>/",
        "{lang}/services/edit/<int:pk>/closures/",
        "{lang}/services/edit/<int:pk>/closures/<int:closure_pk>/remove/",
        "{lang}/services/edit/<int:pk>/hours/",
        "{lang}/services/edit/<int:pk>/verify/",
        "{lang}/services/manage/<slug:slug>/",
        "{lang}/services/manage/<slug:slug>/new/",
        "{lang}/services/manage/<slug:slug>/places/new/",
        "{lang}/services/moderation/<int:pk>/publish/",
        "{lang}/services/reports/<int:pk>/resolve/",
        "{lang}/shelters/buildings/<int:pk>/",
        "{lang}/shelters/requests/<int:pk>/",
        "{lang}/shelters/requests/<int:pk>/reserve/",
        "{lang}/shelters/reservations/<int:pk>/cancel/",
        "{lang}/shelters/sites/<int:pk>/",
        "{lang}/shelters/sites/<int:pk>/beds/<int:bed_pk>/arrival/",
        "{lang}/shelters/sites/<int:pk>/beds/<int:bed_pk>/departure/",
        "{lang}/shelters/sites/<int:pk>/beds/<int:bed_pk>/status/",
        "{lang}/shelters/sites/<int:pk>/confirm/",
        "{lang}/shelters/sites/<int:pk>/units/",
        "{lang}/shelters/sites/<int:pk>/units/<int:unit_pk>/edit/",
        "{lang}/translations/propose/<int:content_type_id>/<int:object_id>/<str:field>/<str:language>/",
        "{lang}/translations/review/<int:pk>/",
        "{lang}/volunteering/manage/missions/<int:pk>/",
        "{lang}/volunteering/manage/missions/<int:pk>/duplicate/",
        "{lang}/volunteering/manage/missions/<int:pk>/edit/",
        "{lang}/volunteering/manage/missions/<int:pk>/shifts/",
        "{lang}/volunteering/manage/missions/<int:pk>/status/",
        "{lang}/volunteering/manage/shifts/<int:pk>/",
        "{lang}/volunteering/manage/shifts/<int:pk>/message/",
        "{lang}/volunteering/manage/signups/<int:pk>/attendance/",
        "{lang}/volunteering/manage/signups/<int:pk>/decide/",
        "{lang}/volunteering/missions/<int:pk>/",
        "{lang}/volunteering/proposals/<int:pk>/answer/",
        "{lang}/volunteering/shifts/<int:pk>/sign-up/",
        "{lang}/volunteering/signups/<int:pk>/cancel/",
    }
)


@pytest.fixture
def world(db):
    city_a = CityFactory(slug="city-a", name="City A", domain=HOST_A)
    city_b = CityFactory(slug="city-b", name="City B", domain=HOST_B)
    district = DistrictFactory(city=city_a, number=1, code="99001", name="A 1")
    organisation = OrganisationFactory(city=city_a)
    other_organisation = OrganisationFactory(city=city_a)
    mission = MissionFactory(city=city_a, organisation=organisation)
    shift = ShiftFactory(mission=mission)
    volunteer_of_record = UserFactory(email="person@a.example.org")
    VolunteerProfileFactory(user=volunteer_of_record, city=city_a)
    signup = SignupFactory(shift=shift, volunteer=volunteer_of_record)
    event = EventFactory(city=city_a, organiser=organisation)
    RegistrationFactory(event=event, user=volunteer_of_record)
    MembershipFactory(organisation=organisation, user=UserFactory(email="staff@a.example.org"))
    objects = {
        "district": district,
        "organisation": organisation,
        "mission": mission,
        "shift": shift,
        "signup": signup,
        "event": event,
        "volunteer": volunteer_of_record,
    }

    def person(email: str, city: Any = None, role: str | None = None) -> Any:
        user = UserFactory(email=email)
        if role:
            RoleAssignment.objects.create(user=user, city=city, role=role)
        return user

    other_member = person("other-org@a.example.org")
    MembershipFactory(organisation=other_organisation, user=other_member)
    callers = {
        "anonymous": None,
        "resident": person("resident@a.example.org"),
        "volunteer": person("volunteer@a.example.org", city_a, Role.VOLUNTEER),
        "member_of_another_org": other_member,
        "coordinator_of_another_city": person("coord@b.example.org", city_b, Role.COORDINATOR),
        "coordinator": person("coord@a.example.org", city_a, Role.COORDINATOR),
    }
    return city_a, objects, callers


@pytest.mark.django_db
@pytest.mark.timeout(300)  # creating the test database is most of it; the walk itself takes about 25 s
def test_matrix_of_every_route_and_caller(world):
    city_a, objects, callers = world
    started = time.monotonic()
    walked: dict[str, tuple[str, bool]] = {}
    skipped: set[str] = set()
    all_routes = list(routes(get_resolver().url_patterns))
    for route, pattern in all_routes:
        if route.startswith(SKIPPED_PREFIXES):
            continue
        url = fill(route, pattern, city_a, objects)
        if url is None:
            skipped.add(route)
        else:
            walked[route] = (url, is_personal(route, pattern))
    openapi = Client(HTTP_HOST=HOST_A).get("/api/v1/openapi.json").json()
    known = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", "/" + route) for route, _ in all_routes}
    assert sorted(p for p in openapi["paths"] if p not in known) == []  # every API path is a route walked here
    assert sorted(skipped - SKIPPED) == []  # a new route: give the registry its keyword, or list it
    assert sorted(SKIPPED - skipped) == []  # a listed route the registry now fills: take it off the list
    assert len(walked) > 100
    # the pages of a person's record the registry can fill today (the rest are in SKIPPED)
    assert sorted(route for route, (_url, personal) in walked.items() if personal) == ["api/v1/signups/<signup_id>"]
    failures: list[str] = []
    leaks: list[str] = []
    requests = 0
    for role, user in callers.items():
        client = Client(HTTP_HOST=HOST_A)
        if user is not None:
            client.force_login(user)
        for url, personal in walked.values():
            response = client.get(url)
            requests += 1
            if response.status_code >= 500:
                failures.append(f"{role} {url} {response.status_code}")
            elif personal and role != "coordinator" and response.status_code not in REFUSED:
                leaks.append(f"{role} {url} {response.status_code}")
        assert time.monotonic() - started < 100
    assert requests == len(walked) * len(callers)
    assert failures == []
    assert leaks == []
