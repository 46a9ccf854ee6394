"""Computed indicators follow live data; owners update their own measures and indicators only; CSV import."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accueil.plan import selectors, services, sources
from accueil.plan.models import Indicator, IndicatorValue, Measure
from accueil.testing.plan_factories import IndicatorFactory, MeasureFactory
from accueil.testing.volunteering_factories import ShiftFactory, SignupFactory


@pytest.fixture(autouse=True)
def english_messages():
    from django.utils import translation

    with translation.override("en"):
        yield


def test_registry_has_volunteering_and_organisation_sources_but_no_directory():
    assert "volunteering.volunteers_mobilised" in sources.SOURCES
    assert "volunteering.hours_given" in sources.SOURCES
    assert "organisations.verified_partners" in sources.SOURCES
    assert "participation.events_held" in sources.SOURCES
    assert not any(key.startswith("directory.") for key in sources.SOURCES)


@pytest.mark.smoke
def test_computed_indicator_follows_volunteer_sign_ups(client, city, plan, commitment, coordinator):
    indicator = services.indicator_create(
        commitment=commitment,
        acting_user=coordinator,
        name="Bénévoles mobilisés",
        unit="people",
        baseline=Decimal(0),
        target=Decimal(4),
        source="computed",
        computed_source="volunteering.volunteers_mobilised",
    )
    tree = selectors.plan_tree(plan=plan)
    [row] = tree.commitment(commitment.number).indicators
    assert (row.value, row.progress) == (0, 0.0)

    shift = ShiftFactory(
        mission__city=city,
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2) + dt.timedelta(hours=2),
    )
    SignupFactory(shift=shift)
    SignupFactory(shift=shift)
    tree = selectors.plan_tree(plan=plan)
    [row] = tree.commitment(commitment.number).indicators
    assert (row.value, row.progress) == (2, 0.5)
    api = client.get("/api/v1/plan/commitments").json()
    assert api[0]["progress"] == 0.5
    # Nothing is stored twice: computed values live only in review snapshots.
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 0


def test_computed_indicator_takes_no_entered_value(plan, commitment, coordinator):
    indicator = IndicatorFactory(
        measure=None, commitment=commitment, source="computed", computed_source="organisations.verified_partners"
    )
    with pytest.raises(ValidationError):
        services.indicator_value_add(indicator=indicator, acting_user=coordinator, date=dt.date(2016, 1, 1), value=3)
    assert IndicatorValue.objects.count() == 0


def test_unknown_computed_source_is_refused(measure, coordinator):
    with pytest.raises(ValidationError):
        services.indicator_create(
            measure=measure,
            acting_user=coordinator,
            name="X",
            source="computed",
            computed_source="directory.services_per_language",
        )
    assert Indicator.objects.count() == 0


@pytest.mark.smoke
def test_owner_updates_the_status_of_their_own_measure(client, measure, owner):
    client.force_login(owner)
    response = client.post(f"/fr/plan/measures/{measure.pk}/status/", {"status": "done"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == "done"


def test_other_organisation_cannot_update_the_status(client, measure, stranger):
    client.force_login(stranger)
    response = client.post(f"/fr/plan/measures/{measure.pk}/status/", {"status": "dropped"})
    assert response.status_code == 403
    measure.refresh_from_db()
    assert measure.status == "in_progress"


def test_anonymous_cannot_update_the_status(client, measure):
    response = client.post(f"/fr/plan/measures/{measure.pk}/status/", {"status": "dropped"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    measure.refresh_from_db()
    assert measure.status == "in_progress"


def test_owner_enters_values_of_their_own_indicator(client, indicator, owner):
    client.force_login(owner)
    response = client.post(
        f"/fr/plan/indicators/{indicator.pk}/values/", {"value": "42", "date": "2016-02-01", "note": "ok"}
    )
    assert response.status_code == 302
    value = IndicatorValue.objects.get(indicator=indicator)
    assert (value.value, value.provenance, value.entered_by) == (Decimal(42), "entered", owner)


def test_owner_cannot_enter_values_of_another_measure(client, commitment, indicator, owner, stranger):
    other_measure = MeasureFactory(commitment=commitment, owner_organisation=None)
    other = IndicatorFactory(measure=other_measure)
    client.force_login(owner)
    response = client.post(f"/fr/plan/indicators/{other.pk}/values/", {"value": "1", "date": "2016-02-01"})
    assert response.status_code == 403
    client.force_login(stranger)
    response = client.post(f"/fr/plan/indicators/{indicator.pk}/values/", {"value": "1", "date": "2016-02-01"})
    assert response.status_code == 403
    assert IndicatorValue.objects.count() == 0
    with pytest.raises(PermissionDenied):
        services.indicator_value_add(indicator=other, acting_user=owner, date=dt.date(2016, 1, 1), value=1)


def test_owner_cannot_edit_the_measure_itself(client, measure, owner):
    client.force_login(owner)
    response = client.post(f"/fr/plan/manage/measures/{measure.pk}/edit/", {"title": "Piraté", "weight": 9})
    assert response.status_code == 403
    measure.refresh_from_db()
    assert (measure.title, measure.weight) == ("Mesure A", 1)


def test_coordinator_edits_the_measure_and_weight(client, measure, coordinator):
    client.force_login(coordinator)
    response = client.post(
        f"/fr/plan/manage/measures/{measure.pk}/edit/",
        {
            "title": "Mesure renommée",
            "status": "planned",
            "weight": "3",
            "position": "1",
            "published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    measure.refresh_from_db()
    assert (measure.title, measure.weight, measure.status) == ("Mesure renommée", 3, "planned")


def test_zero_weight_is_refused(client, measure, coordinator):
    client.force_login(coordinator)
    response = client.post(
        f"/fr/plan/manage/measures/{measure.pk}/edit/",
        {"title": "Mesure A", "status": "planned", "weight": "0", "position": "1"},
    )
    assert response.status_code == 200
    measure.refresh_from_db()
    assert measure.weight == 1


def test_csv_import_all_or_nothing(client, indicator, owner):
    client.force_login(owner)
    good = SimpleUploadedFile("v.csv", b'date,value,note\n2016-01-31,10,jan\n2016-02-29,"12,5",feb\n')
    response = client.post(f"/fr/plan/indicators/{indicator.pk}/values/", {"import": "1", "file": good})
    assert response.status_code == 302
    assert list(IndicatorValue.objects.order_by("date").values_list("value", "provenance")) == [
        (Decimal(10), "imported"),
        (Decimal("12.5"), "imported"),
    ]
    bad = SimpleUploadedFile("v.csv", b"2016-03-31,15\n31/04/2016,oops\n")
    response = client.post(f"/fr/plan/indicators/{indicator.pk}/values/", {"import": "1", "file": bad})
    assert response.status_code == 400
    assert "Ligne 2" in response.content.decode()
    assert IndicatorValue.objects.count() == 2


def test_future_value_is_refused(indicator, owner):
    with pytest.raises(ValidationError):
        services.indicator_value_add(
            indicator=indicator, acting_user=owner, date=timezone.localdate() + dt.timedelta(days=1), value=3
        )
    assert IndicatorValue.objects.count() == 0


def test_plan_tree_rolls_weights_up_from_the_database(plan, commitment, coordinator):
    done = MeasureFactory(commitment=commitment, status="done", weight=3)
    MeasureFactory(commitment=commitment, status="in_progress", weight=5)  # unmeasured
    MeasureFactory(commitment=commitment, status="dropped", weight=2)
    half = MeasureFactory(commitment=commitment, status="planned", weight=1)
    indicator = IndicatorFactory(measure=half, baseline=100, target=20, direction="decrease")
    IndicatorValue.objects.create(city=plan.city, indicator=indicator, date=dt.date(2016, 1, 1), value=Decimal(60))
    tree = selectors.plan_tree(plan=plan)
    node = tree.commitment(commitment.number)
    # (3 × 100 % + 1 × 50 %) ÷ 4
    assert node.progress.value == pytest.approx(0.875)
    assert (node.progress.measured, node.progress.unmeasured, node.progress.dropped) == (2, 1, 1)
    assert Measure.objects.get(pk=done.pk).weight == 3
