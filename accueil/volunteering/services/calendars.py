"""The secret of a person's one calendar feed (shifts, events, trainings; the feed itself is
`participation.calendars.person_calendar_bytes`)."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record

from ..models import CalendarToken
from ..selectors import calendar_token_hash

if TYPE_CHECKING:
    from accueil.accounts.models import User


@transaction.atomic
def calendar_token_rotate(*, user: User, acting_user: User) -> str:
    """Creates or replaces the secret of the calendar feed; returns the raw token (shown once, in the URL). The
    previous address stops answering."""
    if acting_user.pk != user.pk:
        raise ValidationError(_("You can only manage your own calendar."))
    raw = secrets.token_urlsafe(24)
    CalendarToken.objects.update_or_create(user=user, defaults={"token_hash": calendar_token_hash(raw)})
    audit_record(action="volunteering.calendar_token_rotated", actor=acting_user, target=None)
    return raw
