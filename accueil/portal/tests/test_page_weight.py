"""Every public page costs at most 50 KB on a first visit (HTML + CSS + JS, gzip); fonts stay small."""

from __future__ import annotations

import pytest
from django.conf import settings

from accueil.testing.pageweight import (
    PUBLIC_PAGES,
    assert_page_weight,
    fonts_in_stylesheet,
    measure_page,
    public_page_path,
    referenced_assets,
    static_file,
)

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "target"), PUBLIC_PAGES, ids=[name for name, _target in PUBLIC_PAGES])
def test_public_page_is_within_budget(client, city, name, target, language):
    weight = assert_page_weight(client, public_page_path(target, language))
    assert weight.assets, "the page must at least load its stylesheet"


@pytest.mark.smoke
def test_home_page_weight_counts_html_and_stylesheets(client, city):
    weight = measure_page(client, "/fr/")
    assert set(weight.assets) == {"/static/css/fonts.css", "/static/css/site.css"}
    assert weight.total_bytes == weight.html_bytes + sum(weight.assets.values())
    assert 0 < weight.total_bytes <= 50 * 1024


def test_budget_failure_reports_the_page(client, city):
    with pytest.raises(AssertionError, match=r"page over 0\.1 KB"):
        assert_page_weight(client, "/fr/", limit_kb=0.1)


def test_third_party_assets_are_refused():
    html = '<link rel="stylesheet" href="https://cdn.example.com/x.css"><script src="/static/js/none.js"></script>'
    assert referenced_assets(html) == ["https://cdn.example.com/x.css", "/static/js/none.js"]
    with pytest.raises(AssertionError, match="third-party"):
        static_file("https://cdn.example.com/x.css")
    with pytest.raises(AssertionError, match="no static file"):
        static_file("/static/js/none.js")


def test_font_urls_resolve_relative_to_the_stylesheet(tmp_path):
    css = tmp_path / "fonts.css"
    css.write_text(
        '@font-face { src: url("../fonts/a-latin.woff2") format("woff2"); }\n'
        "@font-face { src: url(/static/fonts/b.woff2); }",
        encoding="utf-8",
    )
    assert fonts_in_stylesheet(css, "/static/css/fonts.css") == ["/static/fonts/a-latin.woff2", "/static/fonts/b.woff2"]
