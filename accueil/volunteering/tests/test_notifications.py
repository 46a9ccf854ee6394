import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accueil.accounts.sms import MemorySmsBackend
from accueil.testing.volunteering_factories import ShiftFactory
from accueil.volunteering import services, tasks
from accueil.volunteering.models import Notification


@pytest.fixture
def soon_signup(mission, make_volunteer):
    start = timezone.now() + dt.timedelta(hours=1, minutes=30)
    shift = ShiftFactory(mission=mission, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    person = make_volunteer("soon@example.org")
    person.phone = "+33600000000"
    person.save()
    return services.shift_sign_up(shift=shift, volunteer=person, acting_user=person)


@pytest.mark.smoke
def test_reminders_created_once_and_sent_once(soon_signup):
    MemorySmsBackend.outbox.clear()
    mail.outbox.clear()
    tasks.schedule_shift_reminders()
    tasks.schedule_shift_reminders()
    keys = sorted(Notification.objects.filter(kind="reminder").values_list("dedupe_key", flat=True))
    assert keys == [
        f"reminder:{soon_signup.pk}:24h",
        f"reminder:{soon_signup.pk}:2h",
        f"reminder:{soon_signup.pk}:2h:sms",
    ]
    assert tasks.send_due_notifications() == 4  # the confirmation and three reminders
    assert tasks.send_due_notifications() == 0
    tasks.schedule_shift_reminders()  # a restart re-runs the scheduler: nothing new, nothing resent
    assert tasks.send_due_notifications() == 0
    assert len(mail.outbox) == 3
    assert len(MemorySmsBackend.outbox) == 1
    assert Notification.objects.filter(kind="reminder", sent_at__isnull=False, attempts=1).count() == 3
    assert Notification.objects.filter(sent_at__isnull=True).count() == 0


def test_reminder_not_created_before_its_time(shift, volunteer):
    services.shift_sign_up(shift=shift, volunteer=volunteer, acting_user=volunteer)  # in three days
    tasks.schedule_shift_reminders()
    assert not Notification.objects.filter(kind="reminder").exists()


def test_failed_send_is_retried_not_lost(soon_signup, monkeypatch):
    from accueil.volunteering import notifications

    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(notifications, "send_mail", broken)
    assert tasks.send_due_notifications() == 0
    row = Notification.objects.get(kind="confirmation")
    assert (row.sent_at, row.attempts, row.last_error) == (None, 1, "smtp down")
    monkeypatch.undo()
    mail.outbox.clear()
    assert tasks.send_due_notifications() == 1
    assert len(mail.outbox) == 1


def test_message_in_recipient_language(soon_signup, member):
    volunteer = soon_signup.volunteer
    volunteer.preferred_language = "en"
    volunteer.save()
    mail.outbox.clear()
    tasks.send_due_notifications()
    assert mail.outbox[0].subject.startswith("Your place is confirmed")
    count = services.shift_message_volunteers(
        shift=soon_signup.shift, acting_user=member, subject="Meeting point", body="Door B"
    )
    assert count == 1
    tasks.send_due_notifications()
    assert mail.outbox[-1].body == "Door B"
    assert mail.outbox[-1].to == ["soon@example.org"]


def test_ensure_schedules_is_idempotent(db):
    from django_q.models import Schedule

    call_command("volunteering_schedules")
    call_command("volunteering_schedules")
    assert Schedule.objects.filter(func__startswith="accueil.volunteering.tasks.").count() == 2
