"""API authentication classes, where they live: the session in the kernel, organisations' tokens in theirs."""

from accueil.core.api_auth import SignedInSession, session
from accueil.organisations.api_auth import OrganisationToken, organisation_token

__all__ = ["OrganisationToken", "SignedInSession", "organisation_token", "session"]
