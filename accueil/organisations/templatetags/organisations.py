from django import template

from ..catalogue import sector_label as catalogue_sector_label

register = template.Library()


@register.filter
def sector_label(code: str) -> str:
    """The translated label of a sector code."""
    return catalogue_sector_label(code)
