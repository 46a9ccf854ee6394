"""Donations endpoints, mounted at the API root (/api/v1/).

Public: collection points with what each needs now and what it does not accept (switches applied at once).
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from accueil.core.errors import ApiError, CommonError
from accueil.core.http import city_of

from . import selectors

router = Router(tags=["donations"])


class DistrictOut(Schema):
    id: int
    number: int
    name: str


class ItemLine(Schema):
    item_id: int
    name: str
    quantity: int | None = None


class CollectionPointOut(Schema):
    id: int
    slug: str
    name: str
    address: str
    accepting: bool
    district: DistrictOut
    needed: list[ItemLine]
    not_accepted: list[ItemLine]


def _point_out(entry: selectors.PointLists) -> dict:
    point = entry.point
    return {
        "id": point.pk,
        "slug": point.slug,
        "name": point.name,
        "address": point.address,
        "accepting": point.accepting,
        "district": {"id": point.district_id, "number": point.district.number, "name": point.district.name},
        "needed": [
            {"item_id": item.pk, "name": str(item.shown.name), "quantity": quantity} for item, quantity in entry.needed
        ],
        "not_accepted": [
            {"item_id": item.pk, "name": str(item.shown.name), "quantity": None} for item in entry.not_accepted
        ],
    }


@router.get("/collection-points", response=list[CollectionPointOut], summary="Collection points and their lists")
def collection_points(request: HttpRequest) -> list[dict]:
    """Every collection point of the city with its district, `needed` (with quantities) and `not_accepted`."""
    return [_point_out(entry) for entry in selectors.points_with_lists(city=city_of(request))]


@router.get("/collection-points/{slug}", response=CollectionPointOut, summary="One collection point")
def collection_point(request: HttpRequest, slug: str) -> dict:
    point = selectors.collection_point_get(city=city_of(request), slug=slug)
    if point is None:
        raise ApiError(404, CommonError.NOT_FOUND, "Not found.")
    return _point_out(selectors.point_lists(point=point))
