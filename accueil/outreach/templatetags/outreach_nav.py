"""The outreach sub-navigation shows only the sections the person may open."""

from __future__ import annotations

from typing import Any

from django import template

from .. import policies

register = template.Library()


@register.inclusion_tag("outreach/_nav.html", takes_context=True)
def outreach_nav(context: dict[str, Any]) -> dict[str, bool]:
    request = context.get("request")
    user = getattr(request, "user", None)
    city = getattr(request, "city", None)
    if user is None or city is None:
        return {"camps": False, "interpreting": False, "figures": False}
    return {
        "camps": policies.can_use_outreach(user=user, city=city),
        "interpreting": policies.can_request_interpreting(user=user, city=city),
        "figures": policies.can_view_figures(user=user, city=city),
    }
