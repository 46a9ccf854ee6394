from typing import Any

from django import template

from ..catalogue import sector_label as catalogue_sector_label
from ..selectors import user_memberships

register = template.Library()


@register.filter
def sector_label(code: str) -> str:
    """The translated label of a sector code."""
    return catalogue_sector_label(code)


@register.inclusion_tag("organisations/_my_organisations.html", takes_context=True)
def my_organisations(context: template.Context) -> dict[str, Any]:
    """`{% my_organisations %}`: the account page's section listing the person's organisations in this city."""
    request = context["request"]
    return {"memberships": list(user_memberships(user=request.user, city=getattr(request, "city", None)))}
