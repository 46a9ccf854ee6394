"""Who may do what in mentoring. Beneficiaries are seen only by their organisation (and the supervisor);
the mentor sees the mentorship with a reduced view (pseudonym, languages, district, needs)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from accueil.organisations.models import Membership, Organisation, Verification
from accueil.organisations.policies import organisation_is_trusted

from .models import Beneficiary, Mentorship, MentorshipStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User

    Person = User | AnonymousUser


def _signed_in(user: Person) -> TypeGuard[User]:
    """A real, active account (not the anonymous visitor)."""
    return bool(getattr(user, "is_authenticated", False)) and bool(getattr(user, "is_active", False))


def is_member_of(user: Person, organisation: Organisation | int) -> bool:
    if not _signed_in(user):
        return False
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    return Membership.objects.filter(user=user, organisation_id=organisation_id).exists()


def _is_member_of_trusted(user: Person, organisation_id: int) -> bool:
    """A member of a verified organisation (see `organisations.policies.organisation_is_trusted`)."""
    if not _signed_in(user):
        return False
    return Membership.objects.filter(
        user=user, organisation_id=organisation_id, organisation__verification=Verification.VERIFIED
    ).exists()


def can_manage_beneficiaries(user: Person, organisation: Organisation) -> bool:
    """Create, edit, close beneficiaries and run pairing proposals: members of the organisation, once the City
    has verified it."""
    return organisation_is_trusted(organisation) and is_member_of(user, organisation)


def can_view_beneficiary(user: Person, beneficiary: Beneficiary) -> bool:
    """The full record, confidential notes included: the owning organisation's members and supervisors."""
    if not _signed_in(user):
        return False
    if is_member_of(user, beneficiary.organisation_id):
        return True
    return Mentorship.objects.filter(beneficiary=beneficiary, supervisor=user).exists()


def can_view_mentorship(user: Person, mentorship: Mentorship) -> bool:
    if not _signed_in(user):
        return False
    if mentorship.mentor_id == user.pk:
        return mentorship.status in (MentorshipStatus.ACTIVE, MentorshipStatus.CLOSED)
    return mentorship.supervisor_id == user.pk or is_member_of(user, mentorship.beneficiary.organisation_id)


def is_organisation_side(user: Person, mentorship: Mentorship) -> bool:
    return _signed_in(user) and (
        mentorship.supervisor_id == user.pk or is_member_of(user, mentorship.beneficiary.organisation_id)
    )


def can_confirm(user: Person, mentorship: Mentorship) -> bool:
    """Confirm or withdraw a proposed pairing: members of the beneficiary's organisation, once verified."""
    return _is_member_of_trusted(user, mentorship.beneficiary.organisation_id)


def can_decline(user: Person, mentorship: Mentorship) -> bool:
    return _signed_in(user) and mentorship.mentor_id == user.pk


def can_log_meeting(user: Person, mentorship: Mentorship) -> bool:
    return _signed_in(user) and (mentorship.mentor_id == user.pk or mentorship.supervisor_id == user.pk)


def can_close(user: Person, mentorship: Mentorship) -> bool:
    return (_signed_in(user) and mentorship.mentor_id == user.pk) or is_organisation_side(user, mentorship)


# --- What requires a second factor (registered with `accueil.core.readers` in `MentoringConfig.ready`) ---


def reads_beneficiaries(user: User) -> bool:
    """Members of an organisation that holds beneficiaries, and supervisors: they read the full record with its
    confidential notes. (The member who records an organisation's first beneficiary enrols from the next page.)"""
    return (
        Beneficiary.objects.filter(organisation__memberships__user=user).exists()
        or Mentorship.objects.filter(supervisor=user).exists()
    )


def reads_meeting_notes(user: User) -> bool:
    """Mentors of an active or closed mentorship read its meetings' notes."""
    return Mentorship.objects.filter(
        mentor=user, status__in=(MentorshipStatus.ACTIVE, MentorshipStatus.CLOSED)
    ).exists()
