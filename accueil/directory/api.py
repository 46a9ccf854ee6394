"""Directory endpoints, mounted at /api/v1/directory: the public search, in any of the seven languages."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation
from ninja import Router, Schema

from accueil.core.errors import ApiError, CommonError
from accueil.core.http import city_of
from accueil.core.paging import MAX_PAGE
from accueil.territories.places import district_from_text

from . import selectors
from .categories import category_name
from .errors import DirectoryError
from .text import shown_texts

router = Router(tags=["directory"])
MAX_QUERY = 120


class StatusOut(Schema):
    state: str
    closes_at: str | None = None
    opens_at: str | None = None
    reason: str = ""
    reason_label: str = ""


class SearchResult(Schema):
    id: int
    uuid: str
    name: str
    name_language: str
    score: float
    categories: list[str]
    category_names: list[str]
    district: int | None = None
    address: str
    today: StatusOut
    url: str
    last_verified_at: str | None = None


class SearchOut(Schema):
    query: str
    lang: str
    count: int
    page: int
    pages: int
    results: list[SearchResult]


@router.get("/search", response=SearchOut, auth=None)
def search(
    request: HttpRequest,
    q: str = "",
    lang: str = "fr",
    category: str = "",
    district: int | None = None,
    language: str = "",
    audience: str = "",
    open_now: bool = False,
    page: int = 1,
) -> dict:
    """Services matching words typed in any language (synonyms, typos), best first; with today's status."""
    if lang not in dict(settings.LANGUAGES):
        raise ApiError(400, DirectoryError.INVALID_LANGUAGE, "Unknown language.", {"lang": lang})
    if page > MAX_PAGE:
        raise ApiError(400, CommonError.BAD_REQUEST, f"page must be between 1 and {MAX_PAGE}.", {"page": page})
    if len(q) > MAX_QUERY:
        raise ApiError(400, DirectoryError.QUERY_TOO_LONG, "The query is too long.", {"max": MAX_QUERY})
    city = city_of(request)
    near = None
    if district is not None:
        near = district_from_text(city, str(district))
        if near is None:
            raise ApiError(400, DirectoryError.INVALID_DISTRICT, "Unknown district.", {"district": district})
    now = timezone.now()
    filters = selectors.SearchFilters(
        query=q.strip(), category=category, near=near, language=language, audience=audience, open_now=open_now
    )
    page_obj, scores = selectors.services_search(city=city, filters=filters, page=max(1, page), now=now)
    items = list(page_obj.object_list)
    texts = shown_texts(items, ["name"], lang)
    results = []
    with translation.override(lang):
        for service in items:
            status = selectors.status_of(service, now=now, city=city)
            codes = selectors.need_codes_of(service)
            results.append(
                {
                    "id": service.pk,
                    "uuid": str(service.uuid),
                    "name": texts[(service.pk, "name")].text,
                    "name_language": texts[(service.pk, "name")].language,
                    "score": round(scores.get(service.pk, 0.0), 3),
                    "categories": codes,
                    "category_names": [category_name(code) for code in codes],
                    "district": service.place.district.number if service.place.district else None,
                    "address": service.place.address,
                    "today": {
                        "state": status.state,
                        "closes_at": status.closes_at.strftime("%H:%M") if status.closes_at else None,
                        "opens_at": status.opens_at.strftime("%H:%M") if status.opens_at else None,
                        "reason": status.reason,
                        "reason_label": status.reason_label,
                    },
                    "url": selectors.service_public_url(service, lang),
                    "last_verified_at": service.last_verified_at.isoformat() if service.last_verified_at else None,
                }
            )
    return {
        "query": q,
        "lang": lang,
        "count": page_obj.paginator.count,
        "page": page_obj.number,
        "pages": page_obj.paginator.num_pages,
        "results": results,
    }
