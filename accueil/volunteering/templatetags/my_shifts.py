"""`{% my_next_shifts %}`: on a person's account page, their next shifts and sign-ups waiting for an answer, with
the address, as soon as they signed up (whatever roles they hold); the city of the page only."""

from __future__ import annotations

from typing import Any

from django import template

from accueil.core.http import city_or_none
from accueil.volunteering import selectors

register = template.Library()

SHOWN = 5


@register.inclusion_tag("volunteering/_my_next_shifts.html", takes_context=True)
def my_next_shifts(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    city = city_or_none(request)
    if not request.user.is_authenticated or city is None:
        return {"signups": [], "more": False}
    signups = list(selectors.volunteer_signups(user=request.user, city=city, upcoming_only=True)[: SHOWN + 1])
    return {"signups": signups[:SHOWN], "more": len(signups) > SHOWN}
