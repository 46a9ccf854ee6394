"""Site-wide fuzzing: no query string on any page or API list, and no form data on the public forms, gives a 500.

Every GET URL pattern without arguments is requested under each language prefix with random query strings
(unicode, huge numbers, empty values, repeated keys, SQL- and HTML-like text, broken percent-encoding).
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accueil.testing.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

# Paths that only take POST or stream files; GETting them is covered by their own app's tests.
SKIPPED = re.compile(r"^/(i18n/|admin/)|/logout/$")
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _walk(patterns: list, prefix: str = "") -> list[str]:
    paths = []
    for entry in patterns:
        pattern = str(entry.pattern)
        if "<" in pattern or "(" in pattern or "[" in pattern or "\\" in pattern:
            continue  # takes arguments
        route = prefix + pattern.lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            paths += _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            paths.append(route)
    return paths


def argument_free_paths() -> list[str]:
    paths: set[str] = set()
    for language in LANGUAGES:
        with translation.override(language):
            paths.update("/" + path for path in _walk(get_resolver().url_patterns))
    return sorted(path for path in paths if not SKIPPED.search(path))


PATHS = argument_free_paths()

KEYS = ["q", "page", "type", "sector", "district", "language", "kind", "status", "verified", "sort", "format"]
NASTY = [
    "",
    "0",
    "-1",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "' OR 1=1 --",
    '"><script>alert(1)</script>',
    "%",
    "%%",
    "%ZZ",
    "\u202eevil",
    "🙂" * 30,
    "a" * 5000,
    "true",
    "null",
    "[]",
    "{}",
    "..%2F..%2Fetc%2Fpasswd",
]
values = st.one_of(
    st.sampled_from(NASTY), st.text(max_size=40), st.integers(min_value=-(10**30), max_value=10**30).map(str)
)
keys = st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=12))
query_strings = st.one_of(
    st.lists(st.tuples(keys, values), max_size=6).map(
        lambda pairs: "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs)
    ),
    st.sampled_from(["page=2&page=3", "page=", "q=%00", "%", "q=%FF%FE", "=&=&", "page=0", "page=-5"]),
)

FUZZ = hypothesis_settings(
    max_examples=150,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_the_fuzzed_paths_include_every_language_and_the_api():
    assert {"/fr/", "/ar/", "/ti/", "/fr/organisations/", "/api/v1/"} <= set(PATHS)
    assert not [path for path in PATHS if "<" in path]


def assert_no_server_error(client, path: str, query: str) -> None:
    response = client.get(f"{path}?{query}")
    assert response.status_code < 500, f"{path}?{query} answered {response.status_code}"


@FUZZ
@given(path=st.sampled_from(PATHS), query=query_strings)
def test_random_query_strings_never_give_a_server_error(client, city, path, query):
    assert_no_server_error(client, path, query)


@hypothesis_settings(FUZZ, max_examples=80)
@given(path=st.sampled_from(PATHS), query=query_strings)
def test_random_query_strings_signed_in_never_give_a_server_error(client, city, path, query):
    if not client.session.get("_auth_user_id"):
        user = UserFactory(email="fuzz@example.org")
        RoleAssignmentFactory(user=user, city=city, role="volunteer")
        client.force_login(user)
    assert_no_server_error(client, path, query)


FORMS = {
    "/fr/accounts/login/": ["login", "password", "remember"],
    "/ar/accounts/signup/": ["email", "password1", "password2"],
    "/ti/accounts/password/reset/": ["email"],
}
form_values = st.one_of(st.sampled_from([*NASTY, "someone@example.org", "x@y"]), st.text(max_size=60))


@hypothesis_settings(FUZZ, max_examples=100)
@given(
    path=st.sampled_from(sorted(FORMS)),
    data=st.data(),
)
def test_random_form_posts_never_give_a_server_error(client, city, path, data):
    fields = FORMS[path]
    payload = data.draw(
        st.dictionaries(
            st.sampled_from([*fields, "next", "csrfmiddlewaretoken"]), form_values, max_size=len(fields) + 2
        )
    )
    response = client.post(path, payload)
    assert response.status_code < 500, f"POST {path} {payload!r} answered {response.status_code}"
