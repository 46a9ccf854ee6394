"""Every write of the volunteering app, one module per noun: missions and shifts, sign-ups, proposals,
profiles, the notification outbox, reminders and calendar feeds. Import from here: ``services.shift_sign_up``.
"""

from ..errors import SignupRefused
from .calendars import calendar_token_rotate
from .gaps import gaps_fill, gaps_fill_preview, proposals_expire
from .missions import (
    ALLOWED_TRANSITIONS,
    MAX_SHIFTS_PER_SCHEDULE,
    MissionFields,
    mission_create,
    mission_duplicate,
    mission_set_status,
    mission_update,
    shift_delete,
    shift_update,
    shifts_create,
)
from .notifications import notification_enqueue
from .profiles import qualification_grant, volunteer_profile_save, volunteer_qualification_grant
from .proposals import proposal_respond
from .reminders import REMINDER_OFFSETS, reminders_schedule
from .signups import (
    shift_message_volunteers,
    shift_sign_up,
    shift_sign_up_by_id,
    signup_cancel,
    signup_decide,
    signup_record_attendance,
)

__all__ = [
    "ALLOWED_TRANSITIONS",
    "MAX_SHIFTS_PER_SCHEDULE",
    "REMINDER_OFFSETS",
    "MissionFields",
    "SignupRefused",
    "calendar_token_rotate",
    "gaps_fill",
    "gaps_fill_preview",
    "mission_create",
    "mission_duplicate",
    "mission_set_status",
    "mission_update",
    "notification_enqueue",
    "proposal_respond",
    "proposals_expire",
    "qualification_grant",
    "reminders_schedule",
    "shift_delete",
    "shift_message_volunteers",
    "shift_sign_up",
    "shift_sign_up_by_id",
    "shift_update",
    "shifts_create",
    "signup_cancel",
    "signup_decide",
    "signup_record_attendance",
    "volunteer_profile_save",
    "volunteer_qualification_grant",
]
