"""The client's address behind 0, 1 or 2 proxies of ours, whatever the client writes in X-Forwarded-For."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from accueil.core.net import client_ip

PROXY = "10.0.0.2"


def request(remote_addr: str = PROXY, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@override_settings(ACCUEIL_TRUSTED_PROXY_COUNT=0)
def test_without_trusted_proxies_the_peer_is_the_client_and_the_header_is_ignored():
    assert client_ip(request("203.0.113.7")) == "203.0.113.7"
    assert client_ip(request("203.0.113.7", forwarded="198.51.100.1")) == "203.0.113.7"
    assert client_ip(request("2001:db8::1")) == "2001:db8::1"
    assert client_ip(request("")) is None
    assert client_ip(request("not an address")) is None


@override_settings(ACCUEIL_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_client_is_the_last_forwarded_address():
    assert client_ip(request(forwarded="203.0.113.7")) == "203.0.113.7"
    assert client_ip(request(forwarded=" 203.0.113.7 ")) == "203.0.113.7"
    assert client_ip(request(forwarded="2001:DB8::7")) == "2001:db8::7"


@override_settings(ACCUEIL_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_addresses_the_client_wrote_are_not_trusted():
    # The client sent "X-Forwarded-For: 192.0.2.66"; our proxy appended the address it saw.
    assert client_ip(request(forwarded="192.0.2.66, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(request(forwarded="1.1.1.1, 2.2.2.2, 192.0.2.66, 203.0.113.7")) == "203.0.113.7"


@override_settings(ACCUEIL_TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_client_is_the_second_address_from_the_right():
    # The client, then the outer proxy (CDN) that forwarded to our load balancer.
    assert client_ip(request(forwarded="203.0.113.7, 10.0.0.1")) == "203.0.113.7"
    assert client_ip(request(forwarded="192.0.2.66, 203.0.113.7, 10.0.0.1")) == "203.0.113.7"


@pytest.mark.parametrize("forwarded", [None, "", " , "])
@override_settings(ACCUEIL_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_a_missing_header_gives_no_address_not_the_proxys(forwarded):
    assert client_ip(request(forwarded=forwarded)) is None


@override_settings(ACCUEIL_TRUSTED_PROXY_COUNT=2)
def test_fewer_forwarded_addresses_than_trusted_proxies_gives_no_address():
    assert client_ip(request(forwarded="203.0.113.7")) is None


@override_settings(ACCUEIL_TRUSTED_PROXY_COUNT=1)
def test_a_forwarded_value_that_is_not_an_address_gives_no_address():
    assert client_ip(request(forwarded="192.0.2.66, <script>")) is None
    assert client_ip(request(forwarded="unknown")) is None
