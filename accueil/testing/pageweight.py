"""Page weight budget: what a first visit costs on a cheap phone.

A public page's weight is its HTML plus every stylesheet and script it references, each compressed with
gzip (level 6) as the server would send it, summed. The budget is 50 KB. Fonts are reported apart: the
browser downloads only the faces whose ``unicode-range`` the page uses, and any single ``.woff2`` must stay
under 60 KB.

Other apps add their public pages to ``PUBLIC_PAGES`` (a URL name, or a callable taking the language code and
returning a path), or call ``assert_page_weight(client, path)`` from their own tests::

    from accueil.testing.pageweight import assert_page_weight

    def test_place_page_is_light(client, city, place):
        assert_page_weight(client, f"/fr/directory/places/{place.pk}/")
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils import translation

PAGE_LIMIT_KB = 50
FONT_FILE_LIMIT_KB = 60
GZIP_LEVEL = 6

# Public pages (no login needed). A URL name, or a callable(language) -> path for pages with arguments.
PUBLIC_PAGES: list[tuple[str, str | Callable[[str], str]]] = [
    ("home", "portal:home"),
    ("organisations", "organisations:list"),
    ("missions", "volunteering:mission_list"),
    ("login", "account_login"),
    ("signup", "account_signup"),
    ("password reset", "account_reset_password"),
]


def public_page_path(target: str | Callable[[str], str], language: str) -> str:
    """The path of one ``PUBLIC_PAGES`` entry in ``language``."""
    if callable(target):
        return target(language)
    with translation.override(language):
        return reverse(target)


def gzip_size(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0))


class _AssetCollector(HTMLParser):
    """Collects stylesheet and script URLs from an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and "stylesheet" in values.get("rel", "").lower().split() and values.get("href"):
            self.assets.append(values["href"])
        elif tag == "script" and values.get("src"):
            self.assets.append(values["src"])


def referenced_assets(html: str) -> list[str]:
    collector = _AssetCollector()
    collector.feed(html)
    collector.close()
    return list(dict.fromkeys(collector.assets))


def static_file(url: str) -> Path:
    """The file behind a ``/static/...`` URL, found through the staticfiles finders."""
    path = urlsplit(url).path
    prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    if not path.startswith(prefix):
        raise AssertionError(f"{url} is not served from {prefix}: pages must not load third-party assets")
    found = finders.find(path[len(prefix) :])
    if not found:
        raise AssertionError(f"{url} is referenced by the page but no static file matches it")
    return Path(found if isinstance(found, str) else found[0])


_FONT_URL = re.compile(r"url\(\s*['\"]?([^'\")]+\.woff2)['\"]?\s*\)")


def fonts_in_stylesheet(css_file: Path, css_url: str) -> list[str]:
    """Font URLs a stylesheet declares, resolved against the stylesheet's URL."""
    base = urlsplit(css_url).path.rsplit("/", 1)[0] + "/"
    urls = []
    for match in _FONT_URL.findall(css_file.read_text(encoding="utf-8")):
        if match.startswith("/"):
            urls.append(match)
        else:
            parts = (base + match).split("/")
            resolved: list[str] = []
            for part in parts:
                if part == "..":
                    resolved.pop()
                elif part != ".":
                    resolved.append(part)
            urls.append("/".join(resolved))
    return urls


@dataclass
class PageWeight:
    path: str
    html_bytes: int
    assets: dict[str, int] = field(default_factory=dict)  # url -> gzip size
    fonts: dict[str, int] = field(default_factory=dict)  # url -> file size (woff2 is already compressed)

    @property
    def total_bytes(self) -> int:
        return self.html_bytes + sum(self.assets.values())

    def report(self) -> str:
        lines = [f"{self.path}: {self.total_bytes / 1024:.1f} KB compressed (HTML {self.html_bytes / 1024:.1f} KB)"]
        lines += [f"  {url}: {size / 1024:.1f} KB" for url, size in self.assets.items()]
        lines += [f"  font {url}: {size / 1024:.1f} KB (not counted)" for url, size in self.fonts.items()]
        return "\n".join(lines)


def measure_page(client: Client, path: str) -> PageWeight:
    response = client.get(path)
    if response.status_code != 200:
        raise AssertionError(f"{path} answered {response.status_code}, expected 200")
    html = response.content
    weight = PageWeight(path=path, html_bytes=gzip_size(html))
    for url in referenced_assets(html.decode(response.charset or "utf-8")):
        file = static_file(url)
        weight.assets[url] = gzip_size(file.read_bytes())
        if file.suffix == ".css":
            for font_url in fonts_in_stylesheet(file, url):
                weight.fonts[font_url] = static_file(font_url).stat().st_size
    return weight


def assert_page_weight(client: Client, path: str, limit_kb: float = PAGE_LIMIT_KB) -> PageWeight:
    """Fail unless ``path`` costs at most ``limit_kb`` (HTML + CSS + JS, gzip) and each font file ≤ 60 KB."""
    weight = measure_page(client, path)
    assert weight.total_bytes <= limit_kb * 1024, f"page over {limit_kb} KB:\n{weight.report()}"
    heavy = {url: size for url, size in weight.fonts.items() if size > FONT_FILE_LIMIT_KB * 1024}
    assert not heavy, f"font files over {FONT_FILE_LIMIT_KB} KB: {heavy}\n{weight.report()}"
    return weight
