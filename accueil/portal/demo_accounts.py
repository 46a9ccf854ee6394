"""One demo account per role. Every demo account that can read sensitive data (coordinators, outreach
workers, members of partner organisations, mentors: `accounts.selectors.user_needs_two_factor`) gets a TOTP
authenticator with a published demo secret, because reading it requires a second factor.

Loading again keeps everyone signed in: a password is written only when it differs (writing it would change
the hash every session is bound to, and sign everyone out)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TextIO

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from accueil.accounts.models import Role, RoleAssignment, User
from accueil.accounts.selectors import user_needs_two_factor
from accueil.organisations.models import Membership, MembershipRole, Organisation
from accueil.territories.models import City

DEFAULT_DEMO_PASSWORD = "accueil-demo-2015"  # noqa: S105 - documented demo default
# Published on purpose: it only protects demo accounts on a demo database.
DEMO_TOTP_SECRET = "ACCUEILPARISDEMOTOTPSECRETKEY234"  # noqa: S105
DEMO_DOMAIN = "demo.accueil.invalid"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    label: str
    role: str | None = None
    organisation: str | None = None
    membership_role: str | None = None
    is_staff: bool = False  # a platform operator: creates cities and invites their first coordinator


def demo_accounts() -> list[DemoAccount]:
    return [
        DemoAccount(f"coordinator@{DEMO_DOMAIN}", "Platform coordinator (City)", role=Role.COORDINATOR),
        DemoAccount(f"elected@{DEMO_DOMAIN}", "Elected official (read-only)", role=Role.ELECTED_OFFICIAL),
        DemoAccount(
            f"org-admin@{DEMO_DOMAIN}",
            "Organisation admin (Croix-Rouge française)",
            organisation="Croix-Rouge française",
            membership_role=MembershipRole.ADMIN,
        ),
        DemoAccount(
            f"org-member@{DEMO_DOMAIN}",
            "Organisation member (Secours populaire)",
            organisation="Secours populaire",
            membership_role=MembershipRole.MEMBER,
        ),
        DemoAccount(f"volunteer@{DEMO_DOMAIN}", "Volunteer", role=Role.VOLUNTEER),
        DemoAccount(f"host@{DEMO_DOMAIN}", "Host", role=Role.HOST),
        DemoAccount(f"translator@{DEMO_DOMAIN}", "Translator", role=Role.TRANSLATOR),
        DemoAccount(f"outreach@{DEMO_DOMAIN}", "Outreach worker", role=Role.OUTREACH_WORKER),
        DemoAccount(f"operator@{DEMO_DOMAIN}", "Platform operator (creates cities)", is_staff=True),
    ]


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


def _organisation(city: City, name: str) -> Organisation | None:
    return Organisation.objects.filter(city=city, name=name).first()


@transaction.atomic
def load_demo(*, city: City, stdout: TextIO | None = None) -> list[tuple[DemoAccount, str]]:
    """Create or refresh the demo accounts; returns (account, organisation name) pairs for the summary."""
    password = demo_password()
    summary: list[tuple[DemoAccount, str]] = []
    for account in demo_accounts():
        user, created = User.objects.get_or_create(email=account.email, defaults={"display_name": account.label})
        if created or ("DEMO_PASSWORD" in os.environ and not user.check_password(password)):
            user.set_password(password)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        organisation_name = ""
        if account.is_staff and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        if account.role:
            RoleAssignment.objects.get_or_create(user=user, city=city, role=str(account.role))
        if account.organisation:
            organisation = _organisation(city, account.organisation)
            if organisation is not None:
                Membership.objects.update_or_create(
                    organisation=organisation, user=user, defaults={"role": account.membership_role or "member"}
                )
                organisation_name = organisation.name
        summary.append((account, organisation_name))
    enrol_second_factor()
    if stdout:
        stdout.write(f"  accounts: {len(summary)} demo accounts\n")
    return summary


@transaction.atomic
def enrol_second_factor() -> list[str]:
    """Give the published demo secret to every demo account that needs a second factor and has none; run again
    once every app's demo is loaded (memberships, pairings and teams give new reads). Returns their emails."""
    enrolled = []
    for account in demo_accounts():
        user = User.objects.filter(email=account.email).first()
        if user is None or not user_needs_two_factor(user=user):
            continue
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
            RecoveryCodes.activate(user)
            enrolled.append(account.email)
    return enrolled
