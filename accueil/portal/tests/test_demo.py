import io

import pytest
from django.core.management import call_command

from accueil.accounts.models import RoleAssignment, User
from accueil.organisations.models import Membership, Organisation
from accueil.territories.models import City

pytestmark = [pytest.mark.smoke, pytest.mark.django_db]


def test_load_demo_creates_paris_and_is_idempotent(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    monkeypatch.setattr("accueil.portal.management.commands.load_demo.MODULE_DEMOS", [])
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())

    paris = City.objects.get(slug="paris")
    assert paris.is_demo is True
    assert paris.districts.count() == 20
    assert sorted(paris.districts.values_list("number", flat=True)) == list(range(1, 21))
    assert paris.departements.filter(code="75").exists()
    assert Organisation.objects.filter(city=paris, is_demo=True).count() >= 100
    assert User.objects.filter(email__endswith="@demo.accueil.invalid").count() == 9
    assert set(RoleAssignment.objects.filter(city=paris).values_list("role", flat=True)) == {
        "coordinator",
        "elected_official",
        "volunteer",
        "host",
        "translator",
        "outreach_worker",
    }
    assert set(Membership.objects.values_list("role", flat=True)) == {"admin", "member"}
    coordinator = User.objects.get(email="coordinator@demo.accueil.invalid")
    assert coordinator.check_password("accueil-demo-2015")
