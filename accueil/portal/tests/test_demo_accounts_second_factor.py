"""Demo accounts: whoever can read sensitive data gets the published demo secret; loading again signs no one out."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from accueil.accounts.models import User
from accueil.portal import demo_accounts
from accueil.testing.accounts_factories import totp_code
from accueil.testing.factories import OrganisationFactory
from accueil.testing.mentoring_factories import beneficiary_make

pytestmark = pytest.mark.django_db

DOMAIN = demo_accounts.DEMO_DOMAIN


def enrolled() -> list[str]:
    return sorted(
        Authenticator.objects.filter(type=Authenticator.Type.TOTP, user__email__endswith=DOMAIN).values_list(
            "user__email", flat=True
        )
    )


@pytest.fixture
def partners(city):
    return {
        name: OrganisationFactory(city=city, name=name, slug=slug)
        for name, slug in [("Croix-Rouge française", "crf"), ("Secours populaire", "spf")]
    }


def test_the_demo_secret_goes_to_whoever_can_read_sensitive_data(city, partners, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "accueil-demo-2015")
    demo_accounts.load_demo(city=city)
    assert enrolled() == [f"coordinator@{DOMAIN}", f"operator@{DOMAIN}", f"outreach@{DOMAIN}"]
    beneficiary_make(organisation=partners["Secours populaire"], languages=["fr"])
    assert demo_accounts.enrol_second_factor() == [f"org-member@{DOMAIN}"]
    assert enrolled() == [f"coordinator@{DOMAIN}", f"operator@{DOMAIN}", f"org-member@{DOMAIN}", f"outreach@{DOMAIN}"]
    authenticator = Authenticator.objects.get(user__email=f"org-member@{DOMAIN}", type=Authenticator.Type.TOTP)
    assert TOTP(authenticator).validate_code(totp_code(demo_accounts.DEMO_TOTP_SECRET)) is True


def test_loading_the_demo_again_signs_no_one_out(client, city, partners, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "accueil-demo-2015")
    demo_accounts.load_demo(city=city)
    volunteer = User.objects.get(email=f"volunteer@{DOMAIN}")
    client.force_login(volunteer)
    assert client.get("/ti/accounts/me/").status_code == 200
    demo_accounts.load_demo(city=city)
    assert client.get("/ti/accounts/me/").status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.check_password("accueil-demo-2015")
