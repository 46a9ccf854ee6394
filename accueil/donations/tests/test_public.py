from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accueil.donations import services
from accueil.donations.models import Pledge, PledgeStatus, PointItemRule, RuleStatus
from accueil.testing.pageweight import assert_page_weight


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def lists(point, socks, towels):
    PointItemRule.objects.create(point=point, item=socks, status=RuleStatus.NEEDED, quantity_needed=40)
    PointItemRule.objects.create(point=point, item=towels, status=RuleStatus.NEEDED, quantity_needed=15)


def _api_point(client, slug):
    data = client.get("/api/v1/collection-points").json()
    return next(p for p in data if p["slug"] == slug)


def _pledge_url(point):
    return f"/fr/donations/points/{point.slug}/pledge/"


def _pledge(point, item):
    now = timezone.now()
    return services.pledge_create(
        point=point, item=item, quantity=1, slot_start=now + dt.timedelta(hours=1), slot_end=now + dt.timedelta(hours=2)
    )


def _slot(client, point):
    response = client.get(f"/fr/donations/points/{point.slug}/pledge/")
    form = response.context["form"]
    return form.fields["slot"].choices[-1][0]


@pytest.mark.smoke
def test_api_lists_points_with_district_needed_and_not_accepted(client, point, other_point, lists, socks, towels):
    PointItemRule.objects.create(point=other_point, item=socks, status=RuleStatus.NOT_ACCEPTED)
    response = client.get("/api/v1/collection-points")
    assert response.status_code == 200
    data = {p["slug"]: p for p in response.json()}
    assert data["mairie-1"]["district"]["number"] == 1
    assert data["mairie-1"]["needed"] == [
        {"item_id": socks.pk, "name": "Chaussettes", "quantity": 40},
        {"item_id": towels.pk, "name": "Serviettes de bain", "quantity": 15},
    ]
    assert data["mairie-1"]["not_accepted"] == []
    assert data["mairie-2"]["district"]["number"] == 2
    assert data["mairie-2"]["not_accepted"] == [{"item_id": socks.pk, "name": "Chaussettes", "quantity": None}]


def test_item_switch_is_visible_everywhere_at_once(client, coordinator, point, lists, socks, towels):
    services.item_set_accepted(item=socks, accepted=False, acting_user=coordinator)
    # API
    entry = _api_point(client, point.slug)
    assert [line["item_id"] for line in entry["needed"]] == [towels.pk]
    assert [line["item_id"] for line in entry["not_accepted"]] == [socks.pk]
    # pages
    page = client.get(f"/en/donations/points/{point.slug}/").content.decode()
    refused_section = page.split('id="refused"')[1]
    assert "Socks" in refused_section
    assert "Socks" not in page.split('id="needed"')[1].split('id="refused"')[0]
    index = client.get("/en/donations/").content.decode()
    assert "Not accepted:" in index and "Socks" in index.split("Not accepted:")[1]
    # pledge form: not offered, and refused when posted anyway
    form = client.get(f"/fr/donations/points/{point.slug}/pledge/").context["form"]
    assert socks not in form.fields["item"].queryset
    slot = _slot(client, point)
    response = client.post(_pledge_url(point), {"item": socks.pk, "quantity": 2, "slot": slot})
    assert response.status_code == 400
    with pytest.raises(ValidationError):
        _pledge(point, socks)
    assert not Pledge.objects.exists()


def test_point_stop_switch_is_visible_everywhere_at_once(client, staff, point, lists, socks):
    services.point_set_accepting(point=point, accepting=False, acting_user=staff)
    entry = _api_point(client, point.slug)
    assert entry["accepting"] is False
    assert entry["needed"] == []
    page = client.get(f"/en/donations/points/{point.slug}/").content.decode()
    assert "not accepting donations at the moment" in page
    assert "Tell the point you are coming" not in page
    index = client.get("/en/donations/").content.decode()
    assert "Not accepting donations at the moment." in index
    pledge_page = client.get(f"/en/donations/points/{point.slug}/pledge/")
    assert "not accepting donations" in pledge_page.content.decode()
    assert pledge_page.context["form"].fields["item"].queryset.count() == 0
    with pytest.raises(ValidationError):
        _pledge(point, socks)
    assert not Pledge.objects.exists()
    services.point_set_accepting(point=point, accepting=True, acting_user=staff)
    assert _api_point(client, point.slug)["needed"][0]["item_id"] == socks.pk


def test_point_level_not_accepted_rule_refuses_pledges(client, staff, point, towels):
    services.point_rule_set(point=point, item=towels, status=RuleStatus.NOT_ACCEPTED, acting_user=staff)
    slot = _slot(client, point)
    response = client.post(_pledge_url(point), {"item": towels.pk, "quantity": 1, "slot": slot})
    assert response.status_code == 400
    assert not Pledge.objects.exists()
    assert [line["item_id"] for line in _api_point(client, point.slug)["not_accepted"]] == [towels.pk]


@pytest.mark.smoke
def test_donor_pledges_and_gets_a_confirmation_code(client, point, lists, socks, staff):
    slot = _slot(client, point)
    response = client.post(
        f"/fr/donations/points/{point.slug}/pledge/",
        {"item": socks.pk, "quantity": 6, "slot": slot, "donor_name": "Léa", "donor_email": "LEA@example.org"},
    )
    pledge = Pledge.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/fr/donations/pledges/{pledge.code}/"
    assert len(pledge.code) == 8
    assert (pledge.quantity, pledge.donor_email, pledge.status) == (6, "lea@example.org", PledgeStatus.PLEDGED)
    page = client.get(response["Location"])
    assert pledge.code in page.content.decode()
    # the point's staff receive it: stock goes up once
    services.pledge_receive(pledge=pledge, acting_user=staff)
    with pytest.raises(ValidationError):
        services.pledge_receive(pledge=pledge, acting_user=staff)
    assert point.stocks.get(item=socks).quantity == 6


@pytest.mark.parametrize(
    "data",
    [
        {"quantity": 0},
        {"quantity": 5000},
        {"quantity": "abc"},
        {"slot": "2000-01-01T09:00/10:00"},
        {"slot": "nonsense"},
        {"donor_email": "not-an-email"},
        {"item": "999999"},
    ],
)
def test_bad_pledge_input_is_refused_without_writing(client, point, lists, socks, data):
    payload = {"item": socks.pk, "quantity": 2, "slot": _slot(client, point), **data}
    response = client.post(_pledge_url(point), payload)
    assert response.status_code == 400
    assert not Pledge.objects.exists()


def test_pledges_are_rate_limited(client, point, lists, socks):
    slot = _slot(client, point)
    for _ in range(10):
        response = client.post(_pledge_url(point), {"item": socks.pk, "quantity": 1, "slot": slot})
        assert response.status_code == 302
    response = client.post(_pledge_url(point), {"item": socks.pk, "quantity": 1, "slot": slot})
    assert response.status_code == 429
    assert Pledge.objects.count() == 10


def test_donor_cancels_with_the_code_only(point, socks):
    pledge = _pledge(point, socks)
    with pytest.raises(PermissionDenied):
        services.pledge_cancel(pledge=pledge, code="WRONG123")
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.PLEDGED
    services.pledge_cancel(pledge=pledge, code=pledge.code.lower())
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.CANCELLED


def test_public_pages_in_every_language_and_light(client, point, lists):
    for language in ("fr", "en", "ar", "fa", "ps", "ti", "am"):
        for path in ("", f"points/{point.slug}/", f"points/{point.slug}/pledge/", "fund/"):
            assert client.get(f"/{language}/donations/{path}").status_code == 200
    for path in ("/fr/donations/", f"/ar/donations/points/{point.slug}/", f"/ar/donations/points/{point.slug}/pledge/"):
        assert_page_weight(client, path, limit_kb=50)


def test_unknown_point_is_404(client, city):
    assert client.get("/fr/donations/points/nope/").status_code == 404
    assert client.get("/api/v1/collection-points/nope").status_code == 404
    assert client.get("/fr/donations/pledges/NOPE1234/").status_code == 404


def test_city_page_has_no_n_plus_one(client, city, django_assert_max_num_queries, socks):
    from accueil.testing.donations_factories import CollectionPointFactory

    for number in range(6):
        p = CollectionPointFactory(city=city)
        PointItemRule.objects.create(point=p, item=socks, status=RuleStatus.NEEDED, quantity_needed=number + 1)
    client.get("/fr/donations/")
    with django_assert_max_num_queries(12):
        client.get("/fr/donations/")
    with django_assert_max_num_queries(10):
        client.get("/api/v1/collection-points")
