"""The outbox page in a real browser: accessible (axe-core) in a left-to-right and a right-to-left language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from accueil.notifications.models import Message, MessageStatus
from accueil.notifications.services import message_enqueue
from accueil.testing.browser import axe_violations
from accueil.testing.organisations_factories import coordinator_of


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_outbox_page_is_accessible(page, live_server, city, language):
    for key in ("waiting", "failed"):
        message_enqueue(city=city, address="ana@example.org", subject="S", body="B", kind="test.kind", key=key)
    Message.objects.filter(key="failed").update(status=MessageStatus.FAILED, attempts=5, last_error="OSError")
    client = Client()
    client.force_login(coordinator_of(city))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])
    page.goto(f"{live_server.url}/{language}/notifications/outbox/")
    assert page.locator("h1").count() == 1
    assert page.locator("tbody tr").count() == 2
    assert axe_violations(page) == []
    page.click("tbody form button[type=submit]")
    assert page.url.endswith(f"/{language}/notifications/outbox/")
    assert Message.objects.get(key="failed").status == MessageStatus.PENDING
