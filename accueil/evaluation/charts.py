"""Comparison charts drawn on the server as inline SVG (no JavaScript, no style attribute: the CSP forbids them).

A chart is ``role="img"`` with a ``<title>`` and a ``<desc>`` that gives the same figures in words; the page shows
them in a table too. Bars use the plan's chart colours (3:1 contrast against white); the peer-reviewed score is a
dark tick on each bar, so the two scores never rely on colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from accueil.plan.charts import FILL, INK, TRACK, UNMEASURED

_ids = count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    score: Decimal | None
    reviewed: Decimal | None


def _fmt(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def score_bars(bars: Sequence[Bar], *, title: str, width: int = 560) -> SafeString:
    """One horizontal bar (0–100) per city, labelled, with the peer-reviewed score as a tick."""
    ident = f"cmp-{next(_ids)}"
    row, label_w, pad = 22, 150, 8
    height = row * len(bars) + 2 * pad + 14
    plot = width - label_w - 50
    words = "; ".join(
        _("%(city)s: %(score)s (peer-reviewed %(reviewed)s)")
        % {"city": b.label, "score": _fmt(b.score), "reviewed": _fmt(b.reviewed)}
        for b in bars
    ) or _("No published assessment.")
    parts = [
        f'<svg class="chart chart-compare" width="100%" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d"><title id="{ident}-t">{escape(title)}</title>'
        f'<desc id="{ident}-d">{escape(words)}</desc>'
    ]
    for tick in (0, 50, 100):
        x = label_w + plot * tick / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{pad}" x2="{x:.1f}" y2="{height - pad - 12}" stroke="{TRACK}"/>'
            f'<text x="{x:.1f}" y="{height - pad}" font-size="10" text-anchor="middle" fill="{INK}">{tick}</text>'
        )
    for index, bar in enumerate(bars):
        y = pad + index * row
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" font-size="12" text-anchor="end" fill="{INK}">'
            f"{escape(bar.label[:24])}</text>"
        )
        if bar.score is None:
            parts.append(
                f'<rect x="{label_w}" y="{y + 3}" width="{plot}" height="14" fill="none" stroke="{UNMEASURED}" '
                f'stroke-dasharray="4 3"/>'
            )
            continue
        w = plot * float(min(bar.score, Decimal(100))) / 100
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="14" fill="{FILL}"/>')
        if bar.reviewed is not None:
            rx = label_w + plot * float(min(bar.reviewed, Decimal(100))) / 100
            parts.append(f'<line x1="{rx:.1f}" y1="{y}" x2="{rx:.1f}" y2="{y + 20}" stroke="{INK}" stroke-width="3"/>')
        parts.append(
            f'<text x="{label_w + plot + 6}" y="{y + 14}" font-size="12" fill="{INK}">{_fmt(bar.score)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
