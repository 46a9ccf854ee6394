"""Writing audit events. Every sensitive state change calls `audit_record`."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from accueil.core.net import client_ip

from .models import AuditEvent


def audit_record(
    *,
    action: str,
    actor: Any = None,
    city: Any = None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event. `actor` may be anonymous (None); `target` any saved model instance."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if city is None and target is not None:
        city = getattr(target, "city", None)
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        city=city,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=data or {},
        ip_address=client_ip(request) if request is not None else None,
    )
