"""Browser-test fixtures shared by every app: headless Chromium through Playwright, and axe-core checks.

Registered for the whole suite in the root ``conftest.py`` (``pytest_plugins``). Use with pytest-django's
``live_server``::

    @pytest.mark.browser
    def test_something(page, live_server, city):
        page.goto(f"{live_server.url}/fr/")
        assert axe_violations(page) == []

Fixtures:
- ``browser``: one headless Chromium (Debian's ``/usr/bin/chromium``) for the whole test session;
- ``page``: a fresh context (own cookies) and page per test, French locale;
- ``new_page``: a factory for more pages, e.g. ``new_page(locale="ar", java_script_enabled=False)``.

The Playwright sync API runs an event loop in the main thread; Django refuses database access from a thread
with a running loop unless ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set, which the ``browser`` fixture does.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_TIMEOUT_MS = 15_000
VIEWPORT = {"width": 390, "height": 844}  # a common phone: pages are built mobile first

# Playwright accepts a BCP 47 locale; pick the one matching each site language.
BROWSER_LOCALES = {
    "fr": "fr-FR",
    "en": "en-GB",
    "ar": "ar",
    "fa": "fa-AF",
    "ps": "ps-AF",
    "ti": "ti-ER",
    "am": "am-ET",
}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium shared by the session's browser tests."""
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not os.path.exists(CHROMIUM_PATH):
        pytest.skip(f"Chromium is not installed at {CHROMIUM_PATH}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Factory of pages, each in its own context: ``new_page(locale="ar", java_script_enabled=False)``.

    Keyword arguments go to ``browser.new_context`` (``locale`` may be a site language code such as "ti").
    Pages keep the site's Content Security Policy, so a page that needs an inline script or style fails
    here as it would for users. Axe-core is evaluated through the DevTools protocol, which the CSP does not
    restrict, so it needs no ``bypass_csp``.
    """
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        locale = options.pop("locale", "fr")
        options.setdefault("locale", BROWSER_LOCALES.get(locale, locale))
        options.setdefault("viewport", VIEWPORT)
        context = browser.new_context(**options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        # Remembered so that axe_violations can check a script-less page from a twin context.
        context.accueil_options = dict(options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    """A fresh page (its own cookies) with a French browser locale."""
    return new_page()


def axe_violations(
    page: Any,
    impact: Sequence[str] = ("serious", "critical"),
    *,
    tags: Sequence[str] = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"),
) -> list[dict[str, Any]]:
    """Run axe-core (bundled with axe-playwright-python, no network) on the page's current document.

    Returns the violations whose impact is in ``impact``, each reduced to its rule id, impact, help text and
    the CSS selectors of the offending nodes, so a failing assertion reads well.
    """
    from axe_playwright_python.sync_playwright import Axe

    context_options = getattr(page.context, "accueil_options", {})
    if context_options.get("java_script_enabled") is False:
        # axe-core is a script: run it on the same document (same cookies) in a twin context with scripts on.
        twin_options = {**context_options, "java_script_enabled": True}
        twin = page.context.browser.new_context(**twin_options)
        try:
            twin.add_cookies(page.context.cookies())
            twin_page = twin.new_page()
            twin_page.goto(page.url)
            return axe_violations(twin_page, impact, tags=tags)
        finally:
            twin.close()

    options = {"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": list(tags)}}
    results = Axe().run(page, options=options)
    found = []
    for violation in results.response.get("violations", []):
        if violation.get("impact") not in impact:
            continue
        found.append(
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "nodes": [", ".join(node.get("target", [])) for node in violation.get("nodes", [])][:10],
            }
        )
    return found
