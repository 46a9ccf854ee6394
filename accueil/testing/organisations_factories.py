"""Factories and small builders for the partner registry's tests (and other apps' tests that need them)."""

from __future__ import annotations

from typing import Any

import factory
from allauth.mfa.models import Authenticator

from accueil.accounts.models import Role, RoleAssignment, User
from accueil.organisations.models import ApiToken, Membership, MembershipRole, Organisation
from accueil.organisations.search_text import organisation_search_text
from accueil.organisations.selectors import token_hash

from .factories import MembershipFactory, OrganisationFactory, UserFactory, second_factor_enrol


class RegistryOrganisationFactory(OrganisationFactory):
    """An organisation whose search text is filled in, as the services would do."""

    search_text = factory.LazyAttribute(
        lambda o: organisation_search_text(name=o.name, acronym=o.acronym, description=o.description)
    )
    acronym = ""
    description = ""


def coordinator_of(city: Any, **user_fields: Any) -> User:
    """A platform coordinator of `city` with two-factor authentication set up (the role requires it)."""
    user = UserFactory(**user_fields)
    RoleAssignment.objects.create(user=user, city=city, role=Role.COORDINATOR)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


def organisation_admin(organisation: Organisation, *, second_factor: bool = True, **user_fields: Any) -> User:
    """An admin of `organisation`, enrolled in a second factor unless `second_factor=False`."""
    user = UserFactory(**user_fields)
    MembershipFactory(organisation=organisation, user=user, role=MembershipRole.ADMIN, second_factor=second_factor)
    return user


def organisation_member(organisation: Organisation, *, second_factor: bool = True, **user_fields: Any) -> User:
    """A member of `organisation`, enrolled in a second factor unless `second_factor=False`."""
    user = UserFactory(**user_fields)
    Membership.objects.create(organisation=organisation, user=user, role=MembershipRole.MEMBER)
    if second_factor:
        second_factor_enrol(user)
    return user


def api_token_for(
    organisation: Organisation, raw: str | None = None, *, scopes: str = "read,write", created_by: User | None = None
) -> str:
    """Create a live token for `organisation` (reading and writing unless `scopes` says otherwise; the API acts as
    `created_by` where it needs a person) and return its raw value."""
    raw = raw or f"acc_test_{organisation.pk}_{ApiToken.objects.count()}"
    ApiToken.objects.create(
        organisation=organisation,
        name="test",
        prefix=raw[:12],
        key_hash=token_hash(raw),
        scopes=scopes,
        created_by=created_by,
    )
    return raw
