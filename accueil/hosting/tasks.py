"""Background jobs of hosting (django-q2), scheduled by `manage.py shelters_schedules`: proposals not answered
in time expire and the next candidate is proposed (every 15 minutes); the daily retention run."""

from __future__ import annotations

from django.db import transaction

from accueil.core.locks import exclusive


def hosting_retention_run() -> int:
    from .services import households_purge

    with transaction.atomic(), exclusive("hosting.retention"):
        return households_purge()


def proposals_expire_run() -> int:
    from .services import proposals_expire

    with transaction.atomic(), exclusive("hosting.proposals_expire"):
        return proposals_expire()
