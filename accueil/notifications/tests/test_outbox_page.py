import pytest
from django.urls import reverse

from accueil.audit.models import AuditEvent
from accueil.notifications.models import Message, MessageStatus
from accueil.notifications.services import message_enqueue
from accueil.testing.factories import UserFactory
from accueil.testing.organisations_factories import coordinator_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed(city):
    message_enqueue(
        city=city, address="amina.secret@example.org", subject="Sujet", body="Corps confidentiel", kind="t.k", key="1"
    )
    message = Message.objects.get()
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED, attempts=5, last_error="OSError")
    message.refresh_from_db()
    return message


def state():
    return sorted(Message.objects.values_list("pk", "status", "attempts", "next_attempt_at", "last_error"))


def test_coordinator_sees_the_queue_without_bodies_and_retries_a_failed_message(client, city, failed):
    client.force_login(coordinator_of(city))
    page = client.get("/fr/notifications/outbox/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "t.k" in html and "a***@example.org" in html and "OSError" in html
    assert "amina.secret" not in html and "Corps confidentiel" not in html and "Sujet" not in html
    assert 'href="/fr/notifications/outbox/"' in client.get("/fr/accounts/me/").content.decode()
    response = client.post(reverse("notifications:retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (MessageStatus.PENDING, 0)
    assert AuditEvent.objects.filter(action="notifications.message_retried").count() == 1


@pytest.mark.parametrize("who", ["member", "other_city_coordinator"])
def test_others_see_nothing_and_change_nothing(client, city, other_city, failed, who):
    user = UserFactory() if who == "member" else coordinator_of(other_city)
    client.force_login(user)
    before, audit_before = state(), AuditEvent.objects.count()
    assert client.get("/fr/notifications/outbox/").status_code == 403
    assert client.post(reverse("notifications:retry", args=[failed.pk])).status_code == 404
    assert state() == before
    assert AuditEvent.objects.count() == audit_before
    assert 'href="/fr/notifications/outbox/"' not in client.get("/fr/accounts/me/").content.decode()


def test_signed_out_is_sent_to_sign_in_and_nothing_changes(client, city, failed):
    before = state()
    assert client.get("/fr/notifications/outbox/").status_code == 302
    assert client.post(reverse("notifications:retry", args=[failed.pk])).status_code == 302
    assert state() == before
