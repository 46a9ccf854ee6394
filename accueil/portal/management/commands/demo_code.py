"""Print the current two-factor code of the demo accounts (demo databases only)."""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand, CommandError

from accueil.portal.demo_accounts import DEMO_TOTP_SECRET
from accueil.territories.models import City


class Command(BaseCommand):
    help = "Print the current TOTP code for the demo coordinator and outreach worker accounts."

    def handle(self, *args: Any, **options: Any) -> None:
        if not City.objects.filter(is_demo=True).exists():
            raise CommandError("This database holds no demo city.")
        counter = int(time.time()) // app_settings.TOTP_PERIOD
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
