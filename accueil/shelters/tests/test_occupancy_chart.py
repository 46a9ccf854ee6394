"""The coordinators' occupancy chart: server-drawn SVG beside the table, mirrored for right-to-left readers."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from accueil.shelters import services
from accueil.shelters.templatetags.shelters import occupancy_chart
from accueil.testing.pageweight import assert_page_weight

DAYS = [(dt.date(2026, 12, 1), Decimal("50.0")), (dt.date(2026, 12, 2), None), (dt.date(2026, 12, 3), Decimal("100.0"))]


def _bars(svg: str) -> list[tuple[float, float]]:
    return [
        (float(x), float(h))
        for x, h in re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="[\d.]+" height="([\d.]+)"', svg)
    ]


def test_bars_rise_to_the_rate_and_an_unconfirmed_day_is_a_mark():
    with translation.override("en"):
        svg = str(occupancy_chart(DAYS))
    assert 'role="img"' in svg and "<script" not in svg
    bars = _bars(svg)
    assert [h for _, h in bars] == [54.5, 3.0, 109.1]  # 50 % and 100 % of a 110 % scale on 120 px; 3 px mark
    assert bars[0][0] < bars[1][0] < bars[2][0]
    assert "2 Dec: not confirmed" in svg


def test_time_runs_right_to_left_in_arabic():
    with translation.override("ar"):
        bars = _bars(str(occupancy_chart(DAYS)))
    assert bars[0][0] > bars[1][0] > bars[2][0]


def test_no_day_no_chart():
    assert str(occupancy_chart([])) == ""


@pytest.mark.django_db
def test_the_overview_draws_the_chart_from_confirmed_figures(site, make_unit, coordinator, operator):
    make_unit(site, beds=4)
    services.site_confirm(site=site, acting_user=operator)
    client = Client()
    client.force_login(coordinator)
    page = client.get("/en/hosting/overview/").content.decode()
    assert page.count('class="occupancy-chart"') == 1
    assert "0.0 %" in page  # the table keeps the figure as text
    assert_page_weight(client, "/en/hosting/overview/")
