"""``{{ progress|progress_label }}``: a progress as text — "42 %", "unmeasured" or "dropped — not counted" —
with the number of unmeasured children next to it. A filter rather than an include: dashboards show dozens."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accueil.plan.progress import Progress

register = template.Library()


@register.filter
def progress_label(progress: Progress | None) -> SafeString:
    if progress is not None and progress.excluded:
        text = format_html('<span class="plan-dropped">{}</span>', _("dropped — not counted"))
    elif progress is None or progress.value is None:
        text = format_html('<span class="plan-unmeasured">{}</span>', _("unmeasured"))
    else:
        text = format_html("<strong>{} %</strong>", progress.percent)
    if progress is not None and progress.unmeasured:
        note = ngettext("(%(count)s unmeasured)", "(%(count)s unmeasured)", progress.unmeasured) % {
            "count": progress.unmeasured
        }
        text = format_html('{} <span class="meta">{}</span>', text, note)
    return text
