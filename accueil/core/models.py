"""Abstract base models for the fields nearly every operational record carries.

`CityRecord`: the city it belongs to, whether it is demo content, when it was created. `Authored` adds who created
it; `Timestamped` adds when it was last changed. A model that needs a named reverse accessor on `City` declares
its own `city` field (Django lets a child override a field of an abstract parent).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CityRecord(models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Authored(models.Model):
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        abstract = True


class Timestamped(models.Model):
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
