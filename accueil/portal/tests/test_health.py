import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from accueil.notifications.models import Heartbeat
from accueil.notifications.sender import HEARTBEAT, notifications_send_due
from accueil.notifications.services import message_enqueue

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]


def test_healthz_reports_database_status(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "vendor": connection.vendor,
        "worker": {"status": "unknown", "heartbeat_age_seconds": None},
        "outbox": {"waiting": 0, "oldest_waiting_age_seconds": None},
    }


def test_healthz_reports_a_late_worker_with_messages_waiting(client, city):
    now = timezone.now()
    Heartbeat.objects.create(name=HEARTBEAT, beat_at=now - dt.timedelta(minutes=20))
    message_enqueue(
        city=city,
        address="a@example.org",
        subject="S",
        body="B",
        kind="t",
        key="k",
        send_after=now - dt.timedelta(minutes=15),
    )
    body = client.get("/healthz").json()
    assert body["status"] == "degraded"
    assert body["worker"]["status"] == "late" and body["worker"]["heartbeat_age_seconds"] >= 20 * 60
    assert body["outbox"]["waiting"] == 1 and body["outbox"]["oldest_waiting_age_seconds"] >= 15 * 60
    notifications_send_due()
    body = client.get("/healthz").json()
    assert (body["status"], body["worker"]["status"], body["outbox"]["waiting"]) == ("ok", "ok", 0)


def test_home_page_renders_in_french_by_default(client, city):
    response = client.get("/fr/")
    assert response.status_code == 200
    assert b'<html lang="fr" dir="ltr">' in response.content


def test_arabic_pages_are_right_to_left(client, city):
    response = client.get("/ar/")
    assert response.status_code == 200
    assert b'<html lang="ar" dir="rtl">' in response.content
