"""Background job of hosting (django-q2), scheduled by `manage.py shelters_schedules`: the daily retention run."""

from __future__ import annotations

from django.db import transaction

from accueil.core.locks import exclusive


def hosting_retention_run() -> int:
    from .services import households_purge

    with transaction.atomic(), exclusive("hosting.retention"):
        return households_purge()
