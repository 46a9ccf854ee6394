"""Row locks of the shelters app, always taken in this order on every path:

1. the site row (`Site`, `select_for_update`): every change of a site's beds and reservations holds it, so two
   referring partners reserving on the same site are served one after the other;
2. the bed rows (`Bed`), in primary-key order;
3. the reservation rows.

A bed is taken with a conditional update (`status = available`), and the database's partial unique constraint
(one held or arrived reservation per bed) turns any lost race into a refusal: a bed is never reserved twice.
"""

from __future__ import annotations

from .models import Site


def lock_site(site_id: int) -> Site:
    return Site.objects.select_for_update(of=("self",)).select_related("city", "operator").get(pk=site_id)
