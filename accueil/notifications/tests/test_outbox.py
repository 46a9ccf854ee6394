import datetime as dt
import threading
import time

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from accueil.accounts.sms import MemorySmsBackend
from accueil.notifications import backends, sender
from accueil.notifications.models import Channel, Heartbeat, Message, MessageStatus
from accueil.notifications.selectors import outbox_health
from accueil.notifications.sender import INTERRUPTED, MAX_ATTEMPTS, notifications_send_due
from accueil.notifications.services import message_enqueue
from accueil.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def enqueue(city, key="test:1", **fields):
    values = {"subject": "Bonjour", "body": "Texte", "kind": "test.hello", "key": key, "address": "ana@example.org"}
    return message_enqueue(city=city, **{**values, **fields})


def test_enqueue_in_a_rolled_back_transaction_leaves_no_message(city):
    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        enqueue(city)
        assert Message.objects.count() == 1
        raise Abort
    assert Message.objects.count() == 0


def test_same_key_twice_is_one_message_per_city(city, other_city):
    enqueue(city, body="first")
    enqueue(city, body="second")
    enqueue(other_city)
    assert list(Message.objects.filter(city=city).values_list("body", flat=True)) == ["first"]
    assert Message.objects.count() == 2
    mail.outbox.clear()
    assert notifications_send_due() == 2
    assert notifications_send_due() == 0
    assert len(mail.outbox) == 2


def test_email_carries_the_key_and_the_user_address(city):
    user = UserFactory(email="lina@example.org", preferred_language="ar")
    assert message_enqueue(city=city, to_user=user, subject="S", body="B", kind="test.hello", key="k")
    mail.outbox.clear()
    notifications_send_due()
    [email] = mail.outbox
    assert email.to == ["lina@example.org"]
    assert email.extra_headers["X-Accueil-Key"] == f"{city.pk}:k"
    message = Message.objects.get()
    assert (message.status, message.language, message.attempts) == ("sent", "ar", 1)
    assert email.extra_headers["Message-ID"] == message.provider_id


def test_nothing_enqueued_without_an_address(city):
    user = UserFactory(phone="")
    assert not message_enqueue(city=city, channel=Channel.SMS, to_user=user, subject="", body="B", kind="t", key="k")
    assert not Message.objects.exists()


def test_a_failing_send_is_retried_with_backoff_then_failed(city, monkeypatch):
    def broken(self, message):
        raise OSError("smtp down for ana@example.org")

    monkeypatch.setattr(backends.EmailBackend, "send", broken)
    enqueue(city)
    delays = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert notifications_send_due(now=timezone.now() + dt.timedelta(days=attempt)) == 0
        message = Message.objects.get()
        assert message.attempts == attempt
        assert message.last_error == "OSError"  # the class only: no address, no content
        delays.append(message.next_attempt_at)
    assert message.status == MessageStatus.FAILED
    assert delays == sorted(delays)
    assert sender.retry_delay(1) == dt.timedelta(minutes=1) and sender.retry_delay(3) == dt.timedelta(minutes=4)
    # A failed message is never picked again by the worker.
    monkeypatch.undo()
    assert notifications_send_due(now=timezone.now() + dt.timedelta(days=30)) == 0


def test_a_message_claimed_but_never_recorded_is_not_sent_again(city):
    """The worker died between the claim and the record: at most once, so it is reported, never resent."""
    enqueue(city, key="email")
    long_ago = timezone.now() - sender.SENDING_TIMEOUT - dt.timedelta(minutes=1)
    Message.objects.update(status=MessageStatus.SENDING, claimed_at=long_ago, claimed_by="dead:1", attempts=1)
    mail.outbox.clear()
    assert notifications_send_due() == 0
    message = Message.objects.get()
    assert (message.status, message.last_error, message.attempts) == ("failed", INTERRUPTED, 1)
    assert mail.outbox == []
    assert notifications_send_due() == 0
    assert mail.outbox == []


def test_an_interrupted_sms_the_provider_reports_as_sent_is_marked_sent(city):
    MemorySmsBackend.outbox.clear()
    enqueue(city, key="sms", channel=Channel.SMS, address="+33600000000")
    message = Message.objects.get()
    backends.SmsBackend().send(message)  # it left, then the worker died before recording it
    long_ago = timezone.now() - sender.SENDING_TIMEOUT - dt.timedelta(minutes=1)
    Message.objects.update(status=MessageStatus.SENDING, claimed_at=long_ago, claimed_by="dead:1", attempts=1)
    assert notifications_send_due() == 0
    message.refresh_from_db()
    assert (message.status, message.provider_id) == ("sent", f"{city.pk}:sms")
    assert len(MemorySmsBackend.outbox) == 1


def test_a_recent_claim_of_another_worker_is_left_alone(city):
    enqueue(city)
    Message.objects.update(status=MessageStatus.SENDING, claimed_at=timezone.now(), claimed_by="other:2")
    assert notifications_send_due() == 0
    assert Message.objects.get().status == MessageStatus.SENDING


def test_inactive_recipient_is_cancelled_not_sent(city):
    user = UserFactory(is_active=False)
    message_enqueue(city=city, to_user=user, subject="S", body="B", kind="t", key="k")
    mail.outbox.clear()
    assert notifications_send_due() == 0
    assert Message.objects.get().status == MessageStatus.CANCELLED
    assert mail.outbox == []


def test_a_message_waits_for_its_time(city):
    enqueue(city, send_after=timezone.now() + dt.timedelta(hours=1))
    assert notifications_send_due() == 0
    assert notifications_send_due(now=timezone.now() + dt.timedelta(hours=2)) == 1


def test_health_reports_heartbeat_and_oldest_waiting(city):
    assert outbox_health().heartbeat_age is None
    enqueue(city, send_after=timezone.now() - dt.timedelta(minutes=5))
    health = outbox_health()
    assert health.waiting == 1 and health.oldest_waiting_age >= dt.timedelta(minutes=5)
    notifications_send_due()
    health = outbox_health()
    assert Heartbeat.objects.count() == 1
    assert health.heartbeat_age < dt.timedelta(minutes=1) and health.waiting == 0


@pytest.mark.django_db(transaction=True)
def test_a_write_during_a_slow_send_is_not_blocked(city, monkeypatch):
    """The sender holds no transaction while a message is on the wire: another connection writes at once."""
    if connection.vendor != "sqlite":
        pytest.skip("the embedded database's single writer is what this guards")
    observed = {}

    def concurrent_write(name):
        try:
            started = time.monotonic()
            Heartbeat.objects.create(name=name, beat_at=timezone.now())
            observed["seconds"] = max(observed.get("seconds", 0), time.monotonic() - started)
        finally:
            connection.close()

    def slow_send(self, message):
        observed["in_transaction"] = connection.in_atomic_block
        writer = threading.Thread(target=concurrent_write, args=(f"concurrent-{message.key}",))
        writer.start()
        writer.join(timeout=10)
        time.sleep(0.2)
        return "id"

    monkeypatch.setattr(backends.EmailBackend, "send", slow_send)
    enqueue(city, key="a")
    enqueue(city, key="b")
    assert notifications_send_due() == 2
    assert observed["in_transaction"] is False
    assert observed["seconds"] < 1
    assert Heartbeat.objects.filter(name__startswith="concurrent-").count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_the_same_message(city, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("real row locks and parallel transactions")
    received = []
    lock = threading.Lock()

    def slow_send(self, message):
        time.sleep(0.01)
        with lock:
            received.append(message.key)
        return message.key

    monkeypatch.setattr(backends.EmailBackend, "send", slow_send)
    for index in range(40):
        enqueue(city, key=str(index))
    start = threading.Barrier(2, timeout=10)
    counts = []

    def worker():
        try:
            start.wait()
            counts.append(notifications_send_due())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert sorted(received) == sorted(str(index) for index in range(40))
    assert sum(counts) == 40
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 40


def test_text_of_old_settled_messages_is_erased_but_the_key_stays(city):
    from accueil.notifications.services import SENT_TEXT_KEPT, messages_erase_sent_text

    enqueue(city, key="old")
    enqueue(city, key="failed")
    notifications_send_due()
    Message.objects.filter(key="failed").update(status=MessageStatus.FAILED)
    assert messages_erase_sent_text() == 0
    later = timezone.now() + SENT_TEXT_KEPT + dt.timedelta(days=1)
    assert messages_erase_sent_text(now=later) == 1
    old = Message.objects.get(key="old")
    assert (old.subject, old.body, old.address, old.status) == ("", "", "", "sent")
    assert Message.objects.get(key="failed").body == "Texte"  # still to be looked at by a coordinator
    enqueue(city, key="old")
    assert Message.objects.filter(key="old").count() == 1
