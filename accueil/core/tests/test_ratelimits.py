"""One rate limiter: a window per (scope, client address) in the shared cache."""

from __future__ import annotations

from django.core.cache import cache
from django.test import RequestFactory, override_settings

from accueil.core.ratelimits import rate_limit_hit


def visitor(address: str, *, proxy: str = "10.0.0.2", forwarded: str | None = None):
    extra = {"REMOTE_ADDR": address if forwarded is None else proxy}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **extra)


def test_a_visitor_is_allowed_up_to_the_limit_then_refused():
    hits = [rate_limit_hit(visitor("203.0.113.7"), scope="report", limit=3) for _ in range(5)]
    assert hits == [True, True, True, False, False]


def test_scopes_and_visitors_have_their_own_counts():
    for _ in range(2):
        assert rate_limit_hit(visitor("203.0.113.7"), scope="report", limit=2)
    assert not rate_limit_hit(visitor("203.0.113.7"), scope="report", limit=2)
    assert rate_limit_hit(visitor("203.0.113.7"), scope="pledge", limit=2)
    assert rate_limit_hit(visitor("198.51.100.9"), scope="report", limit=2)


def test_the_window_ends_with_its_period():
    request = visitor("203.0.113.7")
    assert rate_limit_hit(request, scope="report", limit=1, period_seconds=60)
    assert not rate_limit_hit(request, scope="report", limit=1, period_seconds=60)
    cache.delete("ratelimit:report:203.0.113.7")  # what the cache does when the period is over
    assert rate_limit_hit(request, scope="report", limit=1, period_seconds=60)


def test_a_key_expiring_between_add_and_incr_counts_as_the_first_attempt(monkeypatch):
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)  # the key vanished right after add
    assert rate_limit_hit(visitor("203.0.113.7"), scope="report", limit=1)
    assert cache.get("ratelimit:report:203.0.113.7") == 1


@override_settings(ACCUEIL_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_each_visitor_has_a_bucket_and_spoofing_the_header_does_not_reset_it():
    first, second = "203.0.113.7", "198.51.100.9"
    for _ in range(2):
        assert rate_limit_hit(visitor("", forwarded=first), scope="report", limit=2)
    assert not rate_limit_hit(visitor("", forwarded=first), scope="report", limit=2)
    # The first visitor writes a new address in front: our proxy still appends the one it saw.
    assert not rate_limit_hit(visitor("", forwarded=f"192.0.2.{1}, {first}"), scope="report", limit=2)
    assert rate_limit_hit(visitor("", forwarded=second), scope="report", limit=2)


@override_settings(ACCUEIL_TRUSTED_PROXY_COUNT=0)
def test_without_the_trusted_count_every_visitor_behind_the_proxy_shares_one_bucket():
    """What the trusted count is for: without it, the proxy's address is everyone's."""
    assert rate_limit_hit(visitor("", forwarded="203.0.113.7"), scope="report", limit=1)
    assert not rate_limit_hit(visitor("", forwarded="198.51.100.9"), scope="report", limit=1)


@override_settings(ACCUEIL_TRUSTED_PROXY_COUNT=1)
def test_requests_whose_address_cannot_be_told_share_one_bucket():
    assert rate_limit_hit(visitor("", forwarded=""), scope="report", limit=1)
    assert not rate_limit_hit(visitor("", forwarded="not-an-address"), scope="report", limit=1)
