"""Small-count suppression: counts from 1 to 4 never leave, nor a cell that would give one back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from accueil.core.disclosure import suppress, suppress_row, suppressed_source
from accueil.outreach import selectors
from accueil.outreach.figures import week_of
from accueil.outreach.models import Metric, WeeklyFigure
from accueil.testing.accounts_factories import totp_activate, user_with_role


@pytest.mark.parametrize(("value", "shown"), [(0, 0), (1, None), (4, None), (5, 5), (120, 120), (None, None)])
def test_suppress(value, shown):
    assert suppress(value) == shown


def test_a_single_hidden_cell_hides_the_next_smallest_too():
    assert suppress_row([3, 9, 7, 0], 19) == ([None, 9, None, 0], 19)


def test_two_hidden_cells_are_enough_and_a_small_total_is_hidden():
    assert suppress_row([2, 1, 8], 11) == ([None, None, 8], 11)
    assert suppress_row([2, 0, 0], 2) == ([None, 0, 0], None)


def test_one_hidden_cell_with_only_zeros_beside_hides_the_total():
    assert suppress_row([0, 3, 0, 6], 9) == ([0, None, 0, None], 9)
    assert suppress_row([0, 6, 0], 6) == ([0, 6, 0], 6)


def test_a_source_of_people_counts_is_published_without_small_counts():
    source = suppressed_source(lambda city, on_date: 3)
    assert source(None, dt.date(2026, 1, 1)) is None


@pytest.mark.django_db
def test_the_outreach_figures_page_and_api_hide_small_counts(city):
    week = week_of(dt.date.today())
    for metric, key, value in ((Metric.ENCOUNTERS, "", 12), (Metric.VULNERABILITY, "pregnancy", 2)):
        WeeklyFigure.objects.create(city=city, district_number=10, week=week, metric=metric, key=key, value=value)
    coordinator = user_with_role(city=city, role="coordinator", email="c@example.org")
    totp_activate(user=coordinator)
    rows = {(m, k): (v[-1], t) for m, k, v, t in selectors.figure_table(city=city, suppress_small=True).rows}
    assert rows == {("encounters", ""): (12, 12), ("vulnerability", "pregnancy"): (None, None)}
    raw = {(m, k): t for m, k, _, t in selectors.figure_table(city=city).rows}
    assert raw[("vulnerability", "pregnancy")] == 2
    client = Client()
    client.force_login(coordinator)
    page = client.get("/en/outreach/figures/").content.decode()
    assert "hidden" in page and ">2<" not in page
    api = client.get("/api/v1/outreach/figures").json()
    assert [r["total"] for r in api["rows"] if r["key"] == "pregnancy"] == [None]
