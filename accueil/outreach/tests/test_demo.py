"""The outreach demo: loads on the Paris demo, idempotent, every state present, and no personal datum in clear in
the database, the logs or the emails after a full load."""

from __future__ import annotations

import io
import logging

import pytest
from django.core import mail
from django.db import connection

from accueil.core.disclosure import is_small
from accueil.languages.catalogue import LANGUAGES
from accueil.languages.models import Language
from accueil.organisations import demo as organisations_demo
from accueil.outreach import demo
from accueil.outreach.indicators import INDICATOR_SOURCES, NOT_COUNTS_OF_PEOPLE
from accueil.outreach.models import (
    CampHousehold,
    Encounter,
    InterpretingRequest,
    Person,
    Referral,
    ReferralStatus,
    Team,
)
from accueil.plan import demo as plan_demo
from accueil.plan.models import Indicator
from accueil.plan.sources import value_at
from accueil.portal import demo_accounts as accounts_demo
from accueil.territories import demo as territories_demo

pytestmark = pytest.mark.django_db


def all_text_in_database() -> str:
    """Every row of every table as text (PostgreSQL `row::text`, SQLite by columns)."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                cursor.execute(f"SELECT t::text FROM {quoted} t")  # noqa: S608 - table names from introspection
            else:
                cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608
            parts.extend(" ".join(str(v) for v in row) for row in cursor.fetchall())
    return "\n".join(parts)


@pytest.fixture
def paris(db, caplog):  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    out = io.StringIO()
    for code, name_en, native, rtl in LANGUAGES:  # a flushed test database lost the migration's rows
        Language.objects.get_or_create(code=code, defaults={"name_en": name_en, "native_name": native, "rtl": rtl})
    city = territories_demo.load_demo(stdout=out)
    organisations_demo.load_demo(city=city, stdout=out)
    accounts_demo.load_demo(city=city, stdout=out)
    plan_demo.load_demo(city=city, stdout=out)
    demo.load_demo(city=city, stdout=out)
    return city, out.getvalue()


def test_the_demo_has_every_journey_and_loads_once(paris):
    city, out = paris
    assert "outreach:" in out
    names = set(Team.objects.filter(city=city).values_list("name", flat=True))
    assert {"Corne de l'Afrique (démo)", "Gare du Nord (démo)", "Jeunes isolés (démo)"} <= names
    assert Team.objects.filter(city=city, area_kind="district").count() == 20
    assert Encounter.objects.filter(city=city).count() > 100
    assert set(Referral.objects.filter(city=city).values_list("status", flat=True)) == set(ReferralStatus.values)
    assert Referral.objects.filter(city=city, unconditional=True).exists()
    assert CampHousehold.objects.filter(operation__city=city).count() == 36
    statuses = set(InterpretingRequest.objects.filter(city=city).values_list("status", flat=True))
    assert {"matched", "unmet"} <= statuses and ("professional" in statuses or "done" in statuses)
    assert not Person.objects.filter(is_demo=False).exists()
    today = __import__("datetime").date.today()
    for indicator in Indicator.objects.filter(city=city, computed_source__startswith="outreach."):
        raw = INDICATOR_SOURCES[indicator.computed_source][1](city, today)
        shown = value_at(indicator.computed_source, city=city, on_date=today)
        # every live figure is measured; a count of people from 1 to 4 is published as hidden (None)
        counts_people = indicator.computed_source not in NOT_COUNTS_OF_PEOPLE
        assert raw is not None and shown == (None if counts_people and is_small(raw) else raw)
    assert Indicator.objects.filter(city=city, computed_source__startswith="outreach.").count() == 10
    before = Encounter.objects.count()
    assert demo.load_demo(city=city) == 0
    assert Encounter.objects.count() == before


def test_no_personal_datum_in_clear_in_the_database_logs_or_emails(paris, caplog):
    code_names = [p.code_name for p in Person.objects.exclude(code_name="")]
    names = [p.name for p in Person.objects.exclude(name="")]
    notes = [e.notes for e in Encounter.objects.exclude(notes="")]
    assert code_names and names
    text = all_text_in_database()
    logs = "\n".join(record.getMessage() for record in caplog.records)
    emails = "\n".join(f"{m.subject}\n{m.body}" for m in mail.outbox)
    for secret in [*code_names, *names, *notes, *demo.NAMES_ON_REQUEST]:
        assert secret not in text, secret
        assert secret not in logs and secret not in emails
    assert "fernet:" in text
