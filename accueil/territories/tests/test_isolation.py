"""Nothing of one city shows in another: every list page and every API listing, with two cities' data.

City B is the Paris demo (the loaders of the apps whose demo loads in a few seconds, and a small plan started
through the services); city A is a second city on its own host name, seen by a person who holds every role
there. The pages are not listed by hand: they are read from the URL configuration
(every pattern that takes no parameter) and the API listings from the OpenAPI document, so a new page or
endpoint is walked as soon as it exists. What must not show is read from the database too: every text of
city B's records (any model with a foreign key to the city) that city A's records do not share.
"""

from __future__ import annotations

import html
import importlib
import io
import zipfile
from collections.abc import Iterator

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.db import connection, models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

from accueil.accounts.models import Role, RoleAssignment
from accueil.organisations import demo as organisations_demo
from accueil.plan import services as plan_services
from accueil.portal import demo_accounts as accounts_demo
from accueil.territories import demo as territories_demo
from accueil.territories.models import City
from accueil.testing.factories import CityFactory, DistrictFactory, UserFactory
from accueil.testing.volunteering_factories import MissionFactory, ShiftFactory
from accueil.volunteering import services as volunteering_services
from accueil.volunteering.models import Signup

HOST_A = "lyon.accueil.test"
# Not pages of a city: the site's administration (the deployment's staff, across cities by design), the
# language switch, and allauth's pages that change the session when merely opened.
SKIPPED_PREFIXES = ("admin/", "i18n/", "{lang}/accounts/logout/", "{lang}/accounts/2fa/recovery-codes/download/")
MIN_TEXT = 12  # shorter texts, and single words (search tokens, codes), are too common to mean a leak


def parameterless_paths(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    """Every route of the URL configuration that takes no parameter, with `{lang}` for the language prefix."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            segment = "{lang}/" if isinstance(pattern.pattern, LocalePrefixPattern) else str(pattern.pattern)
            if "<" in segment or "(?P" in segment or segment.startswith("^"):
                continue
            yield from parameterless_paths(pattern.url_patterns, prefix + segment)
        else:
            route = str(pattern.pattern)
            if "<" not in route and "(?P" not in route and not route.startswith("^"):
                yield prefix + route


def texts_of(city: City) -> set[str]:
    """Every character field of every record that belongs to `city` (texts of several words)."""
    found: set[str] = set()
    for model in apps.get_models():
        city_fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.ForeignKey) and f.related_model is City and f.name == "city"
        ]
        if not city_fields:
            continue
        text_fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField) and not f.choices and not getattr(f, "encrypted", False)
        ]
        if not text_fields:
            continue
        for row in model._default_manager.filter(city=city).order_by().values_list(*text_fields):
            found.update(
                value.strip()
                for value in row
                if isinstance(value, str) and len(value.strip()) >= MIN_TEXT and " " in value.strip()
            )
    return found


def readable(response) -> str:
    content_type = response.get("Content-Type", "")
    if "zip" in content_type:
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    if "pdf" in content_type:
        return ""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return html.unescape(body.decode("utf-8", "replace"))


# The demo loaders that take a few seconds (the plan's, the guide's, outreach's and shelters' take much longer; a
# plan is started below instead).
QUICK_DEMOS = [
    "accueil.volunteering.demo",
    "accueil.participation.demo",
    "accueil.mentoring.demo",
    "accueil.donations.demo",
    "accueil.directory.demo",
]


def load_paris() -> City:
    out = io.StringIO()
    paris = territories_demo.load_demo(stdout=out)
    organisations_demo.load_demo(city=paris, stdout=out)
    accounts_demo.load_demo(city=paris, stdout=out)
    for dotted in QUICK_DEMOS:
        importlib.import_module(dotted).load_demo(city=paris, stdout=out)
    coordinator = UserFactory(email="coordination@paris.example.org")
    RoleAssignment.objects.create(user=coordinator, city=paris, role=Role.COORDINATOR)
    plan = plan_services.plan_create(city=paris, acting_user=coordinator, title="Mobiliser la communauté de Paris")
    cornerstone = plan_services.cornerstone_create(plan=plan, acting_user=coordinator, title="Héberger dignement")
    commitment = plan_services.commitment_create(
        cornerstone=cornerstone, acting_user=coordinator, title="Ouvrir des centres d'accueil de jour"
    )
    plan_services.measure_create(commitment=commitment, acting_user=coordinator, title="Un centre par arrondissement")
    return paris


@pytest.fixture
def two_cities(db):
    paris = load_paris()
    lyon = CityFactory(slug="lyon", name="Lyon", domain=HOST_A, latitude="45.76400", longitude="4.83570")
    DistrictFactory(city=lyon, number=1, code="69381", name="Lyon 1er")
    viewer = UserFactory(email="viewer@lyon.example.org")
    for role in Role.values:
        RoleAssignment.objects.create(user=viewer, city=lyon, role=role)
    Authenticator.objects.create(user=viewer, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    # The same person also volunteers in Paris: their Paris sign-up must not show in Lyon either.
    RoleAssignment.objects.create(user=viewer, city=paris, role=Role.VOLUNTEER)
    volunteering_services.volunteer_profile_save(user=viewer, city=paris, acting_user=viewer, birth_year=1990)
    mission = MissionFactory(city=paris, title="Accompagner les familles au centre de la Chapelle")
    volunteering_services.shift_sign_up(shift=ShiftFactory(mission=mission), volunteer=viewer, acting_user=viewer)
    assert Signup.objects.filter(volunteer=viewer, city=paris).count() == 1
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the planner's statistics of the rows just loaded
            cursor.execute("ANALYZE")
    return paris, lyon, viewer


@pytest.mark.django_db
@pytest.mark.timeout(600)  # the demo data takes most of it; on a quiet machine the whole test takes about 30 s
def test_no_page_or_api_listing_of_a_city_shows_another_citys_records(two_cities):
    paris, lyon, viewer = two_cities
    foreign = texts_of(paris) - texts_of(lyon)
    assert len(foreign) > 500  # the demo's names, titles, addresses: the test has something to find
    client = Client(HTTP_HOST=HOST_A)
    client.force_login(viewer)
    paths = [p.replace("{lang}", "fr") for p in parameterless_paths(get_resolver().url_patterns)]
    paths = [p for p in paths if not p.replace("fr/", "{lang}/", 1).startswith(SKIPPED_PREFIXES)]
    openapi = client.get("/api/v1/openapi.json").json()
    api_listings = [path for path, operations in openapi["paths"].items() if "get" in operations and "{" not in path]
    urls = list(dict.fromkeys(["/" + path for path in paths] + api_listings))
    leaks: dict[str, list[str]] = {}
    failures: list[str] = []
    read = 0
    for url in urls:
        response = client.get(url, follow=True)
        if response.status_code == 405:
            continue
        read += 1
        if response.status_code >= 500:
            failures.append(url)
        text = readable(response)
        shown = sorted(value for value in foreign if value in text)
        if shown:
            leaks[url] = shown[:5]
    assert read > 120
    # The control: the same texts do show on Paris's own pages, so the walk above could have seen them.
    paris_pages = [readable(Client().get(url)) for url in ("/fr/volunteering/", "/fr/services/", "/fr/plan/")]
    assert all(any(value in page for value in foreign) for page in paris_pages)
    assert failures == []  # every page of a city with almost nothing of its own works
    assert leaks == {}
