"""Labels of audiences, statuses and the reasons given with each place, in the reader's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django import template
from django.utils import translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from ..models import Audience, Availability, BedStatus, BuildingStage, ReservationStatus

register = template.Library()

REASONS = {
    "audience_served": _("for this household"),
    "unconditional": _("unconditional reception"),
    "private_unit": _("a room for the household alone"),
    "step_free": _("step-free access"),
    "same_district": _("in the same district"),
    "stale": _("figures not confirmed for more than a day"),
}


@register.filter
def audience_labels(codes: Iterable[str]) -> str:
    labels = dict(Audience.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes)


@register.filter
def audience_label(code: str) -> str:
    return str(dict(Audience.choices).get(code, code))


@register.filter
def reason_label(code: str) -> str:
    return str(REASONS.get(code, code))


@register.filter
def availability_label(code: str) -> str:
    return str(dict(Availability.choices).get(code, code))


@register.filter
def bed_status_label(code: str) -> str:
    return str(dict(BedStatus.choices).get(code, code))


@register.filter
def stage_label(code: str) -> str:
    return str(dict(BuildingStage.choices).get(code, code))


@register.filter
def reservation_status_label(code: str) -> str:
    return str(dict(ReservationStatus.choices).get(code, code))


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key, 0)


# The occupancy chart: drawn on the server as SVG (no script, no image file), the table beside it carrying the
# same figures as text. Bars rise to the day's occupancy; a dashed line marks 100 %, a dotted one 65 % (below
# it, exits are probably not recorded); a day without confirmed figures is a short grey mark.
CHART_WIDTH, CHART_HEIGHT, CHART_TOP = 280, 120, 110  # the bars' scale goes to 110 %


@register.simple_tag
def occupancy_chart(trend: Iterable[tuple[dt.date, Decimal | None]]) -> SafeString:
    days = list(trend)
    if not days:
        return mark_safe("")
    rtl = translation.get_language_bidi()
    step = CHART_WIDTH / len(days)
    bar = step * 0.7

    def y(rate: float) -> float:
        return round(CHART_HEIGHT - min(rate, CHART_TOP) * CHART_HEIGHT / CHART_TOP, 1)

    shapes = []
    for index, (day, rate) in enumerate(days):
        slot = len(days) - 1 - index if rtl else index  # time runs in the reading direction
        x = round(slot * step + (step - bar) / 2, 1)
        label = f"{date_format(day, 'j M')}: " + (f"{rate} %" if rate is not None else str(_("not confirmed")))
        if rate is None:
            shapes.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="3" fill="#767676"><title>{}</title></rect>',
                    x,
                    CHART_HEIGHT - 3,
                    round(bar, 1),
                    label,
                )
            )
            continue
        top = y(float(rate))
        shapes.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="#1f5f99"><title>{}</title></rect>',
                x,
                top,
                round(bar, 1),
                round(CHART_HEIGHT - top, 1),
                label,
            )
        )
    lines = format_html(
        '<line x1="0" x2="{w}" y1="{full}" y2="{full}" stroke="#333" stroke-dasharray="4 3"/>'
        '<line x1="0" x2="{w}" y1="{low}" y2="{low}" stroke="#333" stroke-dasharray="1 3"/>'
        '<line x1="0" x2="{w}" y1="{h}" y2="{h}" stroke="#333"/>',
        w=CHART_WIDTH,
        full=y(100),
        low=y(65),
        h=CHART_HEIGHT,
    )
    return format_html(
        '<svg class="occupancy-chart" viewBox="0 0 {} {}" width="100%" role="img"'
        ' aria-labelledby="occupancy-chart-title" focusable="false">'
        '<title id="occupancy-chart-title">{}</title>{}{}</svg>',
        CHART_WIDTH,
        CHART_HEIGHT,
        _("Occupancy per day over the last 14 days: bars up to the day's rate, dashed line 100 %, dotted line 65 %."),
        lines,
        format_html_join("", "{}", ((s,) for s in shapes)),
    )
