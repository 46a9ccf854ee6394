"""Load (or refresh) the Paris demo: territory, partners, demo accounts, then each module's demo content.
Idempotent and fast on a second run: content already loaded is kept."""

from __future__ import annotations

import importlib
import time
from typing import Any, TextIO, cast

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.management.base import BaseCommand

from accueil.organisations import demo as organisations_demo
from accueil.portal import demo_accounts as accounts_demo
from accueil.territories import demo as territories_demo

# Modules that contribute demo content, in dependency order; each has `load_demo(*, city, stdout)`.
MODULE_DEMOS = [
    "accueil.volunteering.demo",
    "accueil.plan.demo",
    "accueil.participation.demo",
    "accueil.mentoring.demo",
    "accueil.donations.demo",
    "accueil.directory.demo",
    "accueil.guide.demo",
    "accueil.outreach.demo",
    "accueil.shelters.demo",
    "accueil.hosting.demo",
    "accueil.learning.demo",
    "accueil.evaluation.demo",
]


class Command(BaseCommand):
    help = "Load the Paris demo data (marked as demo) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        self.stdout.write("Loading the Paris demo (demo data, not official figures where marked as estimates)…")
        out = cast(TextIO, self.stdout)  # OutputWrapper writes like a text stream
        city = territories_demo.load_demo(stdout=out)
        organisations_demo.load_demo(city=city, stdout=out)
        accounts = accounts_demo.load_demo(city=city, stdout=out)
        for dotted in MODULE_DEMOS:
            try:
                module = importlib.import_module(dotted)
            except ModuleNotFoundError as exc:
                if exc.name != dotted:
                    raise
                continue
            module.load_demo(city=city, stdout=out)
        accounts_demo.enrol_second_factor()
        self.stdout.write(f"Demo ready in {time.monotonic() - started:.1f} s.\n")
        self._print_logins(accounts)

    def _print_logins(self, accounts: list[tuple[accounts_demo.DemoAccount, str]]) -> None:
        password = accounts_demo.demo_password()
        self.stdout.write(f"\nDemo logins (password for all: {password} — set DEMO_PASSWORD to change it):")
        width = max(len(a.email) for a, _ in accounts)
        for account, organisation in accounts:
            extra = f" — {organisation}" if organisation and organisation not in account.label else ""
            self.stdout.write(f"  {account.email.ljust(width)}  {account.label}{extra}")
        self.stdout.write(
            "\nAccounts that can read personal data (coordinator, outreach worker, organisation members, "
            "mentors) and the operator use two-factor authentication. Add the demo secret "
            f"{accounts_demo.DEMO_TOTP_SECRET} to an authenticator app, or run `.venv/bin/python manage.py "
            "demo_code` to print the current code. Unused recovery codes:"
        )
        for account, _ in accounts:
            authenticator = Authenticator.objects.filter(
                user__email=account.email, type=Authenticator.Type.RECOVERY_CODES
            ).first()
            if authenticator is not None:
                codes = RecoveryCodes(authenticator).get_unused_codes()[:3]
                self.stdout.write(f"  {account.email}: {', '.join(codes)}")
