"""The models of participation, one module per sub-domain (events and registrations, proposals, the resource
library), all in the app label `participation`. Import them from here."""

from .events import (
    ACTIVE_REGISTRATION_STATUSES,
    Event,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from .proposals import Proposal, ProposalAnswerStatus, ProposalModeration
from .resources import Resource, ResourceVersion, ResourceVisibility

__all__ = [
    "ACTIVE_REGISTRATION_STATUSES",
    "Event",
    "EventKind",
    "EventStatus",
    "Proposal",
    "ProposalAnswerStatus",
    "ProposalModeration",
    "Registration",
    "RegistrationStatus",
    "Resource",
    "ResourceVersion",
    "ResourceVisibility",
]
