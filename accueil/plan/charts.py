"""Charts drawn on the server as inline SVG: no JavaScript, no style attribute (the CSP forbids them).

Every chart is ``role="img"`` with a ``<title>`` and a ``<desc>`` giving the same numbers in words; pages also
show the numbers in a table. Colours meet 3:1 contrast against white for the graphical parts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import count
from math import pi

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

FILL = "#0b4f9c"
TRACK = "#dde1ea"
UNMEASURED = "#767685"
INK = "#1b1b1f"

_ids = count(1)


def _id(prefix: str) -> str:
    return f"{prefix}-{next(_ids)}"


def _percent_text(value: float | None) -> str:
    return _("unmeasured") if value is None else f"{round(value * 100)} %"


def ring(
    value: float | None, *, label: str, size: int = 96, measured: int | None = None, unmeasured: int = 0
) -> SafeString:
    """A progress ring for one item (a plan, a cornerstone).

    With ``measured``/``unmeasured`` (counts of its items), the arc fills only the measured items' share of the
    circle and the unmeasured share is drawn dashed: a ring never looks full while most of its items are unmeasured.
    """
    ident = _id("ring")
    radius = size / 2 - 8
    centre = size / 2
    circumference = 2 * pi * radius
    text = _percent_text(value)
    total = (measured or 0) + unmeasured
    share = (measured or 0) / total if measured is not None and total else 1.0
    if value is not None and share < 1.0:
        text = _("%(value)s of the measured part; %(unmeasured)s of %(total)s not measured") % {
            "value": text,
            "unmeasured": unmeasured,
            "total": total,
        }
    parts = [
        f'<svg class="chart chart-ring" width="{size}" height="{size}" viewBox="0 0 {size} {size}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d"><title id="{ident}-t">{escape(label)}</title>'
        f'<desc id="{ident}-d">{escape(_("Progress: %(value)s") % {"value": text})}</desc>',
        f'<circle cx="{centre}" cy="{centre}" r="{radius:.1f}" fill="none" stroke="{TRACK}" stroke-width="10"/>',
    ]
    if value is not None and value > 0:
        dash = circumference * min(1.0, value) * share
        parts.append(
            f'<circle class="ring-measured" cx="{centre}" cy="{centre}" r="{radius:.1f}" fill="none" stroke="{FILL}" '
            f'stroke-width="10" stroke-dasharray="{dash:.1f} {circumference:.1f}" '
            f'transform="rotate(-90 {centre} {centre})"/>'
        )
    if share < 1.0:
        # The unmeasured share: a dashed grey arc after the measured one, ending at the top.
        gap = circumference * share
        rest = circumference - gap
        parts.append(
            f'<circle class="ring-unmeasured" cx="{centre}" cy="{centre}" r="{radius:.1f}" fill="none" '
            f'stroke="{UNMEASURED}" stroke-width="3" stroke-dasharray="0 {gap:.1f} {rest:.1f} 0" '
            f'transform="rotate(-90 {centre} {centre})"/>'
        )
    centre_text = "—" if value is None else _percent_text(value)
    parts.append(
        f'<text x="{centre}" y="{centre + 5}" text-anchor="middle" font-size="{15 if value is not None else 10}" '
        f'fill="{INK if value is not None else UNMEASURED}">{escape(centre_text)}</text></svg>'
    )
    return mark_safe("".join(parts))


def bar(value: float | None, *, label: str, width: int = 200, height: int = 14) -> SafeString:
    """A single horizontal progress bar; an unmeasured item shows a hatched grey outline, not an empty bar."""
    ident = _id("bar")
    text = _percent_text(value)
    parts = [
        f'<svg class="chart chart-bar" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'preserveAspectRatio="none" role="img" aria-labelledby="{ident}-t"><title id="{ident}-t">'
        f"{escape(label)} — {escape(text)}</title>"
    ]
    if value is None:
        parts.append(
            f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="none" stroke="{UNMEASURED}" '
            f'stroke-dasharray="4 3"/>'
        )
    else:
        parts.append(f'<rect x="0" y="0" width="{width}" height="{height}" fill="{TRACK}"/>')
        parts.append(f'<rect x="0" y="0" width="{width * min(1.0, value):.1f}" height="{height}" fill="{FILL}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def line(
    points: Sequence[tuple[dt.date, float]],
    *,
    label: str,
    target: float | None = None,
    width: int = 560,
    height: int = 200,
) -> SafeString:
    """Values over time, with the target as a dashed line. Dates are spaced by time, not by rank."""
    ident = _id("line")
    if not points:
        return mark_safe("")
    pad_x, pad_y = 48, 20
    dates = [p[0].toordinal() for p in points]
    values = [float(p[1]) for p in points]
    low = min([0.0, *values] + ([target] if target is not None else []))
    high = max(values + ([target] if target is not None else []))
    if high == low:
        high = low + 1
    first, last = min(dates), max(dates)
    span = (last - first) or 1

    def x(ordinal: int) -> float:
        return pad_x + (width - pad_x - 10) * ((ordinal - first) / span if last != first else 0.5)

    def y(value: float) -> float:
        return height - pad_y - (height - 2 * pad_y) * (value - low) / (high - low)

    summary = _("%(count)s values from %(first)s to %(last)s; latest %(latest)s.") % {
        "count": len(points),
        "first": points[0][0].isoformat(),
        "last": points[-1][0].isoformat(),
        "latest": f"{values[-1]:g}",
    }
    parts = [
        f'<svg class="chart chart-line" width="100%" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d"><title id="{ident}-t">{escape(label)}</title>'
        f'<desc id="{ident}-d">{escape(summary)}</desc>',
        f'<line x1="{pad_x}" y1="{height - pad_y}" x2="{width - 10}" y2="{height - pad_y}" stroke="{UNMEASURED}"/>',
        f'<text x="{pad_x - 6}" y="{y(high) + 4:.1f}" text-anchor="end" font-size="11" fill="{INK}">{high:g}</text>',
        f'<text x="{pad_x - 6}" y="{y(low) + 4:.1f}" text-anchor="end" font-size="11" fill="{INK}">{low:g}</text>',
        f'<text x="{pad_x}" y="{height - 4}" font-size="11" fill="{INK}">{points[0][0].isoformat()}</text>',
        f'<text x="{width - 10}" y="{height - 4}" text-anchor="end" font-size="11" fill="{INK}">'
        f"{points[-1][0].isoformat()}</text>",
    ]
    if target is not None:
        parts.append(
            f'<line x1="{pad_x}" y1="{y(target):.1f}" x2="{width - 10}" y2="{y(target):.1f}" stroke="{INK}" '
            f'stroke-dasharray="6 4"/><text x="{width - 12}" y="{y(target) - 4:.1f}" text-anchor="end" '
            f'font-size="11" fill="{INK}">{escape(_("target"))} {target:g}</text>'
        )
    coordinates = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in zip(dates, values, strict=True))
    if len(points) > 1:
        parts.append(f'<polyline points="{coordinates}" fill="none" stroke="{FILL}" stroke-width="2.5"/>')
    if len(points) <= 60:
        parts.extend(
            f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="3.5" fill="{FILL}"/>'
            for d, v in zip(dates, values, strict=True)
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
