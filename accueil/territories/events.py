"""Audit event types recorded by the territories app (the `action` of `accueil.audit.models.AuditEvent`)."""

from __future__ import annotations

CITY_CREATED = "territories.city_created"
CITY_UPDATED = "territories.city_updated"
DISTRICTS_IMPORTED = "territories.districts_imported"
COORDINATOR_INVITED = "territories.coordinator_invited"
COORDINATOR_INVITATION_ACCEPTED = "territories.coordinator_invitation_accepted"
COORDINATOR_INVITATION_REVOKED = "territories.coordinator_invitation_revoked"
