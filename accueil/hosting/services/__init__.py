"""Every write of the hosting app: offers and their verification, households, matching runs and answers,
stays with their follow-up, incidents, notice, alternative and end, retention.

Locks: a proposal answer locks the proposal row, then the offer row; a stay change locks the stay row. The
partial unique constraints (one open proposal per household and per offer, one running stay per offer) turn
any lost race into a refusal.
"""

from .common import NEAR_KM, NOTICE_DAYS
from .households import household_create, household_name_read
from .matching import (
    distance_points,
    followup_schedule,
    matching_facts,
    matching_run,
    proposal_answer,
    proposals_expire,
    stay_start,
)
from .offers import (
    EDITABLE_FIELDS,
    EDITABLE_STATUSES,
    offer_create,
    offer_set_status,
    offer_update,
    verification_record,
)
from .retention import households_purge
from .stays import (
    followup_record,
    incident_close,
    incident_open,
    notice_alert_send,
    stay_end,
    stay_give_notice,
    stay_record_alternative,
)

__all__ = [
    "EDITABLE_FIELDS",
    "EDITABLE_STATUSES",
    "NEAR_KM",
    "NOTICE_DAYS",
    "distance_points",
    "followup_record",
    "followup_schedule",
    "household_create",
    "household_name_read",
    "households_purge",
    "incident_close",
    "incident_open",
    "matching_facts",
    "matching_run",
    "notice_alert_send",
    "offer_create",
    "offer_set_status",
    "offer_update",
    "proposal_answer",
    "proposals_expire",
    "stay_end",
    "stay_give_notice",
    "stay_record_alternative",
    "stay_start",
    "verification_record",
]
