"""Nothing of one city shows in another: every list page and every API listing, with two cities' data.

City B is the whole Paris demo (every app's loader); city A is a second city on its own host name, seen by a
person who holds every role there. The pages are not listed by hand: they are read from the URL configuration
(every pattern that takes no parameter) and the API listings from the OpenAPI document, so a new page or
endpoint is walked as soon as it exists. What must not show is read from the database too: every text of
city B's records (any model with a foreign key to the city) that city A's records do not share.
"""

from __future__ import annotations

import html
import io
import zipfile
from collections.abc import Iterator

import pytest
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

from accueil.accounts.models import Role, RoleAssignment
from accueil.territories.models import City
from accueil.testing.factories import CityFactory, DistrictFactory, UserFactory

HOST_A = "lyon.accueil.test"
# Not pages of a city: the site's administration (the deployment's staff, across cities by design), the
# language switch, and allauth's pages that change the session when merely opened.
SKIPPED_PREFIXES = ("admin/", "i18n/", "{lang}/accounts/logout/", "{lang}/accounts/2fa/recovery-codes/download/")
MIN_TEXT = 10  # shorter texts ("Paris", "Accueil") are too common to mean a leak


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
    """Every character field of every record that belongs to `city`."""
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
        for row in model._default_manager.filter(city=city).values_list(*text_fields):
            found.update(value for value in row if isinstance(value, str) and len(value) >= MIN_TEXT)
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


@pytest.fixture
def two_cities(db):
    call_command("load_demo", stdout=io.StringIO())
    paris = City.objects.get(slug="paris")
    lyon = CityFactory(slug="lyon", name="Lyon", domain=HOST_A, latitude="45.76400", longitude="4.83570")
    DistrictFactory(city=lyon, number=1, code="69381", name="Lyon 1er")
    viewer = UserFactory(email="viewer@lyon.example.org")
    for role in Role.values:
        RoleAssignment.objects.create(user=viewer, city=lyon, role=role)
    Authenticator.objects.create(user=viewer, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return paris, lyon, viewer


@pytest.mark.django_db
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
    assert read > 150
    assert failures == []  # every page of a city with almost nothing of its own works
    assert leaks == {}
