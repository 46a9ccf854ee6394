"""Every write of the outreach app, split by noun."""

from .camps import camp_household_decide, camp_household_record, camp_operation_create
from .encounters import Consents, EncounterResult, NewPerson, encounter_record, person_consent_set
from .interpreting import (
    interpreter_save,
    interpreters_import_volunteers,
    interpreting_accept,
    interpreting_decline,
    interpreting_match_run,
    interpreting_possible,
    interpreting_request_cancel,
    interpreting_request_create,
)
from .persons import person_erase, person_update, retention_run
from .referrals import audience_guess, consent_allows, referral_create, referral_reserve_place, referral_transition
from .teams import landmark_save, round_record, team_member_add, team_member_remove, team_save

__all__ = [
    "Consents",
    "EncounterResult",
    "NewPerson",
    "audience_guess",
    "camp_household_decide",
    "camp_household_record",
    "camp_operation_create",
    "consent_allows",
    "encounter_record",
    "interpreter_save",
    "interpreters_import_volunteers",
    "interpreting_accept",
    "interpreting_decline",
    "interpreting_match_run",
    "interpreting_possible",
    "interpreting_request_cancel",
    "interpreting_request_create",
    "landmark_save",
    "person_consent_set",
    "person_erase",
    "person_update",
    "referral_create",
    "referral_reserve_place",
    "referral_transition",
    "retention_run",
    "round_record",
    "team_member_add",
    "team_member_remove",
    "team_save",
]
