"""How long a verification keeps a service trusted: flagged to its organisation after three months, hidden from the
public after six. Read by the search, the selectors and the staleness job alike."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

FLAG_AFTER = dt.timedelta(days=90)
HIDE_AFTER = dt.timedelta(days=183)


def visible_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """Services last verified before this moment are no longer shown to the public."""
    return (now or timezone.now()) - HIDE_AFTER
