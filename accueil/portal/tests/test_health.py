import pytest
from django.db import connection

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]


def test_healthz_reports_database_status(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "vendor": connection.vendor}


def test_home_page_renders_in_french_by_default(client, city):
    response = client.get("/fr/")
    assert response.status_code == 200
    assert b'<html lang="fr" dir="ltr">' in response.content


def test_arabic_pages_are_right_to_left(client, city):
    response = client.get("/ar/")
    assert response.status_code == 200
    assert b'<html lang="ar" dir="rtl">' in response.content
