"""A second factor by what a person can read, not by their role's name: members of an organisation holding
beneficiaries or households, supervisors, mentors reading meeting notes, partners receiving referrals; enrolled
and passed in the current sign-in; asked at the moment it becomes needed."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.utils import timezone

from accueil.accounts.selectors import user_needs_two_factor, user_sensitive_reads
from accueil.core.readers import registered_readers
from accueil.hosting.models import Composition, Household
from accueil.mentoring.models import Mentorship, MentorshipStatus
from accueil.organisations.models import Verification
from accueil.organisations.services import organisation_set_verification
from accueil.testing.accounts_factories import totp_activate, totp_code
from accueil.testing.factories import OrganisationFactory, UserFactory
from accueil.testing.mentoring_factories import beneficiary_make
from accueil.testing.organisations_factories import coordinator_of, organisation_member

pytestmark = pytest.mark.django_db

PAGE = "/ar/accounts/me/"
ACTIVATE = "/ar/accounts/2fa/totp/activate/"


def test_every_app_holding_sensitive_data_says_who_reads_it():
    """A new sensitive app (`AppConfig.sensitive = True`) that registers no reader fails here."""
    sensitive_apps = {config.label for config in apps.get_app_configs() if getattr(config, "sensitive", False)}
    registering = {name.split(".", 1)[0] for name in registered_readers()}
    assert sensitive_apps == {"mentoring", "hosting", "outreach", "learning"}
    assert sensitive_apps <= registering


def test_a_member_of_an_organisation_holding_beneficiaries_must_enrol(client, city):
    organisation = OrganisationFactory(city=city, verification=Verification.VERIFIED)
    member = organisation_member(organisation, second_factor=False)
    beneficiary_make(organisation=organisation, languages=["fr"])
    client.force_login(member)
    assert user_sensitive_reads(user=member) == ["mentoring.beneficiaries"]
    assert client.get(PAGE)["Location"] == ACTIVATE


def test_a_member_of_an_organisation_holding_nothing_sensitive_is_not_asked(client, city):
    member = organisation_member(
        OrganisationFactory(city=city, verification=Verification.VERIFIED), second_factor=False
    )
    client.force_login(member)
    assert user_needs_two_factor(user=member) is False
    assert client.get(PAGE).status_code == 200


def test_a_mentor_reads_meeting_notes_only_once_the_pairing_is_active(client, city):
    organisation = OrganisationFactory(city=city, verification=Verification.VERIFIED)
    beneficiary = beneficiary_make(organisation=organisation, languages=["fr"])
    mentor = UserFactory()
    mentorship = Mentorship.objects.create(
        city=city, beneficiary=beneficiary, mentor=mentor, status=MentorshipStatus.PROPOSED
    )
    client.force_login(mentor)
    assert client.get(PAGE).status_code == 200
    mentorship.status = MentorshipStatus.ACTIVE
    mentorship.save(update_fields=["status"])
    mentor.refresh_from_db()
    assert user_sensitive_reads(user=mentor) == ["mentoring.meeting_notes"]
    session = client.session
    session.pop("accounts.two_factor_check")  # what `access_changed` or the recheck interval does
    session.save()
    assert client.get(PAGE)["Location"] == ACTIVATE


def test_a_support_association_with_households_must_enrol(client, city):
    organisation = OrganisationFactory(city=city, verification=Verification.VERIFIED)
    member = organisation_member(organisation, second_factor=False)
    Household.objects.create(city=city, organisation=organisation, reference="H-1", composition=Composition.COUPLE)
    assert user_sensitive_reads(user=member) == ["hosting.households_and_hosts"]


def test_verification_asks_the_members_at_their_next_page(client, city):
    """The access changes in the session at once: `organisation_set_verification` bumps `access_version`."""
    organisation = OrganisationFactory(city=city, verification=Verification.PENDING)
    member = organisation_member(organisation, second_factor=False)
    beneficiary_make(organisation=organisation, languages=["fr"])  # kept from before a suspension, say
    client.force_login(member)
    Membership = member.memberships.model
    Membership.objects.filter(user=member).delete()
    assert client.get(PAGE).status_code == 200  # nothing sensitive: answered, and cached in the session
    Membership.objects.create(organisation=organisation, user=member, role="member")
    organisation_set_verification(organisation=organisation, acting_user=coordinator_of(city), status="verified")
    assert client.get(PAGE)["Location"] == ACTIVATE


def test_the_answer_is_rechecked_after_the_interval_even_without_a_bump(client, city, monkeypatch):
    organisation = OrganisationFactory(city=city, verification=Verification.VERIFIED)
    member = organisation_member(organisation, second_factor=False)
    client.force_login(member)
    assert client.get(PAGE).status_code == 200
    beneficiary_make(organisation=organisation, languages=["fr"])  # written without the service: no bump
    assert client.get(PAGE).status_code == 200  # still cached
    later = time.time() + 301
    monkeypatch.setattr("accueil.accounts.middleware.time.time", lambda: later)
    assert client.get(PAGE)["Location"] == ACTIVATE


def _password_only_session(client, user, opened_at: float) -> None:
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "password", "at": opened_at, "email": user.email}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def test_enrolled_but_not_passed_in_this_sign_in_is_asked_for_the_code(client, city):
    organisation = OrganisationFactory(city=city, verification=Verification.VERIFIED)
    member = organisation_member(organisation, second_factor=False)
    beneficiary_make(organisation=organisation, languages=["fr"])
    totp_activate(user=member)
    Authenticator.objects.filter(user=member).update(created_at=timezone.now() - timedelta(days=3))
    _password_only_session(client, member, opened_at=time.time())
    response = client.get(PAGE)
    assert response["Location"] == "/ar/accounts/2fa/reauthenticate/?next=/ar/accounts/me/"


def test_enrolling_during_this_sign_in_counts_as_passing(client, city):
    organisation = OrganisationFactory(city=city, verification=Verification.VERIFIED)
    member = organisation_member(organisation, second_factor=False)
    beneficiary_make(organisation=organisation, languages=["fr"])
    _password_only_session(client, member, opened_at=time.time() - 60)
    totp_activate(user=member)
    assert client.get(PAGE).status_code == 200


def test_a_member_signs_in_with_password_and_code_and_reads(client, city):
    organisation = OrganisationFactory(city=city, verification=Verification.VERIFIED)
    member = organisation_member(organisation, second_factor=False, email="membre@example.org", preferred_language="ar")
    beneficiary_make(organisation=organisation, languages=["fr"])
    secret, _codes = totp_activate(user=member)
    response = client.post("/ar/accounts/login/", {"login": "membre@example.org", "password": "correct-horse-battery"})
    assert response["Location"] == "/ar/accounts/2fa/authenticate/"
    assert client.get(PAGE).status_code == 302  # not signed in yet: the sign-in page
    client.post("/ar/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert client.get(PAGE).status_code == 200


def test_the_api_refuses_in_json_until_the_second_factor(client, city):
    organisation = OrganisationFactory(city=city, verification=Verification.VERIFIED)
    member = organisation_member(organisation, second_factor=False)
    beneficiary_make(organisation=organisation, languages=["fr"])
    client.force_login(member)
    response = client.get("/api/v1/mentoring/beneficiaries")
    assert (response.status_code, response.json()["error"]["code"]) == (403, "two_factor_required")
