from __future__ import annotations

import pytest

from accueil.donations.models import Pledge, PointItemRule, RuleStatus
from accueil.testing.browser import axe_violations


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_donor_pledges_in_arabic(new_page, live_server, point, socks):
    PointItemRule.objects.create(point=point, item=socks, status=RuleStatus.NEEDED, quantity_needed=30)
    page = new_page(locale="ar")
    page.goto(f"{live_server.url}/ar/donations/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert axe_violations(page) == []
    page.click(f"a[href='/ar/donations/points/{point.slug}/']")
    assert axe_violations(page) == []
    page.click(f"a[href='/ar/donations/points/{point.slug}/pledge/']")
    assert axe_violations(page) == []
    page.select_option("#id_item", str(socks.pk))
    page.fill("#id_quantity", "4")
    page.select_option("#id_slot", index=1)
    page.fill("#id_donor_name", "Amal")
    page.click("form.don-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/ar/donations/pledges/*/")
    pledge = Pledge.objects.get()
    assert pledge.quantity == 4 and pledge.donor_name == "Amal"
    assert pledge.code in page.content()
    assert axe_violations(page) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pledge_works_without_javascript(new_page, live_server, point, socks):
    page = new_page(locale="fr", java_script_enabled=False)
    page.goto(f"{live_server.url}/fr/donations/points/{point.slug}/pledge/")
    page.select_option("#id_item", str(socks.pk))
    page.fill("#id_quantity", "2")
    page.click("form.don-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/fr/donations/pledges/*/")
    assert Pledge.objects.count() == 1
