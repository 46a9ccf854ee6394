"""Guide endpoints: the published articles in a language, with the freshness of each text."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from accueil.core.errors import ApiError
from accueil.core.http import city_of

from . import selectors

router = Router(tags=["guide"])
LANGUAGES = [code for code, _name in settings.LANGUAGES]


class TextOut(Schema):
    text: str
    language_shown: str
    status: str
    outdated: bool
    translated_at: datetime | None
    source_changed_at: datetime | None


class StepOut(Schema):
    order: int
    title: TextOut
    body: TextOut
    service_category_code: str


class ArticleOut(Schema):
    slug: str
    category_code: str
    statuses: list[str]
    title: TextOut
    summary: TextOut
    body: TextOut | None = None
    steps: list[StepOut] | None = None
    is_demo: bool


def _lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ApiError(422, "invalid", _("Unknown language."), {"lang": lang})
    return lang


def _text(t: Any) -> dict[str, Any]:
    return {
        "text": t.text,
        "language_shown": t.language_shown,
        "status": t.status,
        "outdated": t.outdated,
        "translated_at": t.translated_at,
        "source_changed_at": t.source_changed_at,
    }


def _article(shown: Any, full: bool) -> dict[str, Any]:
    article = shown.obj
    data: dict[str, Any] = {
        "slug": article.slug,
        "category_code": article.category_code,
        "statuses": list(article.statuses or []),
        "title": _text(shown.title),
        "summary": _text(shown.summary),
        "is_demo": article.is_demo,
    }
    if full:
        data["body"] = _text(shown.body)
        data["steps"] = [
            {
                "order": step.obj.order,
                "title": _text(step.title),
                "body": _text(step.body),
                "service_category_code": step.obj.service_category_code,
            }
            for step in shown.children
        ]
    return data


@router.get("/articles", response=list[ArticleOut], summary="Published guide articles in a language")
def article_list(request: HttpRequest, lang: str = "fr") -> list[dict[str, Any]]:
    """Texts are in `lang` when a published translation exists, else in French (`status` "missing")."""
    return [_article(shown, False) for shown in selectors.articles_shown(city=city_of(request), lang=_lang(lang))]


@router.get("/articles/{slug}", response=ArticleOut, summary="One guide article with its steps")
def article_detail(request: HttpRequest, slug: str, lang: str = "fr") -> dict[str, Any]:
    article = selectors.article_get(city=city_of(request), slug=slug)
    if article is None:
        raise ApiError(404, "not_found", _("Not found."))
    return _article(selectors.article_shown(article=article, lang=_lang(lang)), True)
