"""Behind the load balancer of `docs/deploy.md` (ACCUEIL_TRUSTED_PROXY_COUNT=1): every request comes from the
proxy's address, and each visitor is still told apart — own rate-limit buckets, own address in the audit log."""

from __future__ import annotations

import pytest
from allauth.account.adapter import DefaultAccountAdapter
from django.test import Client, RequestFactory, override_settings
from django.utils import translation
from django.utils.html import escape

from accueil.accounts.adapter import AccountAdapter
from accueil.audit.models import AuditEvent
from accueil.core.ratelimits import rate_limit_hit
from accueil.directory.models import Report
from accueil.directory.views import REPORTS_PER_HOUR
from accueil.testing.accounts_factories import PASSWORD
from accueil.testing.directory_factories import ServiceFactory
from accueil.testing.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("city")]

PROXY = "10.0.0.2"
AMINA, BILAL = "203.0.113.7", "198.51.100.9"
LOGIN = "/en/accounts/login/"
# Only our count is set: allauth's own reading of X-Forwarded-For stays off, the adapter answers for it.
behind_one_proxy = override_settings(ACCUEIL_TRUSTED_PROXY_COUNT=1, ALLAUTH_TRUSTED_PROXY_COUNT=0)


def visitor(address: str) -> Client:
    """A browser whose requests all reach us through the proxy, which appends the address it saw."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def sign_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def throttled() -> str:
    with translation.override("en"):
        return escape(str(DefaultAccountAdapter.error_messages["too_many_login_attempts"]))


@behind_one_proxy
def test_two_visitors_behind_the_proxy_have_separate_rate_limit_buckets():
    amina, bilal = (RequestFactory().post("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=a) for a in (AMINA, BILAL))
    assert [rate_limit_hit(amina, scope="directory:report", limit=2) for _ in range(3)] == [True, True, False]
    assert rate_limit_hit(bilal, scope="directory:report", limit=2)


@behind_one_proxy
def test_reports_of_two_visitors_behind_the_proxy_are_counted_apart(city):
    """The directory's report form, limited per visitor: one visitor's reports do not use up another's."""
    service = ServiceFactory(organisation=OrganisationFactory(city=city))
    url = f"/fr/services/{service.pk}/report/"
    amina, bilal = visitor(AMINA), visitor(BILAL)
    for _report in range(REPORTS_PER_HOUR):
        assert amina.post(url, {"kind": "wrong_info"}).status_code == 302
    assert amina.post(url, {"kind": "closed"}).status_code == 429
    assert amina.post(url, {"kind": "closed"}, HTTP_X_FORWARDED_FOR=f"192.0.2.66, {AMINA}").status_code == 429
    assert bilal.post(url, {"kind": "closed"}).status_code == 302
    assert Report.objects.count() == REPORTS_PER_HOUR + 1


@behind_one_proxy
def test_the_authentication_library_counts_the_visitor_not_the_proxy():
    request = RequestFactory().post(LOGIN, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.66, {AMINA}")
    assert AccountAdapter(request).get_client_ip(request) == AMINA


@behind_one_proxy
def test_failed_logins_of_one_visitor_do_not_lock_out_another():
    UserFactory(email="amina@example.org")
    UserFactory(email="bilal@example.org")
    amina, bilal = visitor(AMINA), visitor(BILAL)
    for _attempt in range(5):
        assert throttled() not in sign_in(amina, "amina@example.org", "wrong-password-123").content.decode()
    # Amina's address is locked out, even with her right password and another account...
    assert throttled() in sign_in(amina, "amina@example.org").content.decode()
    assert throttled() in sign_in(amina, "bilal@example.org").content.decode()
    assert "_auth_user_id" not in amina.session
    # ... Bilal, behind the same proxy, signs in.
    assert sign_in(bilal, "bilal@example.org").status_code == 302
    assert "_auth_user_id" in bilal.session


@behind_one_proxy
def test_the_audit_log_records_each_visitors_address():
    amina_user = UserFactory(email="amina@example.org")
    bilal_user = UserFactory(email="bilal@example.org")
    sign_in(visitor(AMINA), "amina@example.org", "wrong-password-123")
    assert sign_in(visitor(AMINA), "amina@example.org").status_code == 302
    assert sign_in(visitor(f"192.0.2.66, {BILAL}"), "bilal@example.org").status_code == 302
    events = AuditEvent.objects.order_by("id").values_list("action", "actor", "ip_address")
    assert list(events) == [
        ("accounts.login_failed", None, AMINA),
        ("accounts.login", amina_user.pk, AMINA),
        ("accounts.login", bilal_user.pk, BILAL),
    ]
