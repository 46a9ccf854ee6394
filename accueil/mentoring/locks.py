"""Every row lock of mentoring, in one place. Every path takes them in this order, never the other way round:

1. beneficiaries (`beneficiary_lock`; `beneficiaries_lock` for an organisation's pairing run or a retention run,
   which then rewrites their open proposals);
2. a mentorship (`mentorship_lock`; its beneficiary's row is read and locked in the same statement);
3. the mentor's account (`mentor_lock`): confirming holds it so that two confirmations never exceed the mentor's
   capacity.
"""

from __future__ import annotations

from django.db.models import QuerySet

from accueil.accounts.models import User

from .models import Beneficiary, Mentorship


def mentorship_lock(mentorship_id: int) -> Mentorship:
    return Mentorship.objects.select_for_update().select_related("beneficiary").get(pk=mentorship_id)


def mentor_lock(user_id: int) -> None:
    User.objects.select_for_update().filter(pk=user_id).first()


def beneficiary_lock(beneficiary_id: int) -> Beneficiary:
    return Beneficiary.objects.select_for_update().get(pk=beneficiary_id)


def beneficiaries_lock() -> QuerySet[Beneficiary]:
    """Beneficiary rows locked as the caller's filter selects them (evaluated by the caller)."""
    return Beneficiary.objects.select_for_update()
