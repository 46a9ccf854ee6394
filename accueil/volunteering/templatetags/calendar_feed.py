"""`{% calendar_feed %}`: the section where a person gets (or renews) the address of their one calendar feed."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("volunteering/_calendar_feed.html", takes_context=True)
def calendar_feed(context: template.Context) -> dict[str, Any]:
    """The new address is shown once, on the page the person asked from (it is only ever stored hashed)."""
    request = context["request"]
    return {"calendar_url": request.session.pop("calendar_url", None), "next": request.get_full_path()}
