"""Background jobs of the learning app; each run holds an advisory lock so two workers never run it at once."""

from __future__ import annotations

from django.db import transaction

from accueil.core.locks import exclusive


def offers_expire_run() -> int:
    from .services import offers_expire

    with transaction.atomic(), exclusive("learning.offers_expire"):
        return offers_expire()


def retention_run() -> int:
    from .services import learners_purge_expired

    with transaction.atomic(), exclusive("learning.retention"):
        return learners_purge_expired()
