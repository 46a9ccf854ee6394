"""`{% my_next_shifts %}`: on a person's account page, their next shifts and sign-ups waiting for an answer, with
the address, as soon as they signed up (whatever roles they hold)."""

from __future__ import annotations

from typing import Any

from django import template

from accueil.volunteering import selectors

register = template.Library()

SHOWN = 5


@register.inclusion_tag("volunteering/_my_next_shifts.html", takes_context=True)
def my_next_shifts(context: template.Context) -> dict[str, Any]:
    user = context["request"].user
    if not user.is_authenticated:
        return {"signups": [], "more": False}
    signups = list(selectors.volunteer_signups(user=user, upcoming_only=True)[: SHOWN + 1])
    return {"signups": signups[:SHOWN], "more": len(signups) > SHOWN}
