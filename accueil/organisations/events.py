"""Audit event types of the partner registry."""

ORGANISATION_CREATED = "organisation.created"
ORGANISATION_UPDATED = "organisation.updated"
ORGANISATION_VERIFIED = "organisation.verified"
ORGANISATION_REJECTED = "organisation.rejected"
ORGANISATION_IMPORTED = "organisation.imported"
INVITATION_CREATED = "organisation.invitation_created"
INVITATION_ACCEPTED = "organisation.invitation_accepted"
INVITATION_REVOKED = "organisation.invitation_revoked"
MEMBERSHIP_ROLE_CHANGED = "organisation.membership_role_changed"
MEMBERSHIP_REMOVED = "organisation.membership_removed"
API_TOKEN_CREATED = "organisation.api_token_created"  # noqa: S105
API_TOKEN_REVOKED = "organisation.api_token_revoked"  # noqa: S105
REGISTRY_IMPORTED = "organisation.registry_imported"
