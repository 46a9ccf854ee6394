import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accueil.accounts.sms import MemorySmsBackend
from accueil.notifications.models import Message
from accueil.notifications.sender import notifications_send_due
from accueil.testing.volunteering_factories import ShiftFactory
from accueil.volunteering import services, tasks


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
    keys = sorted(Message.objects.filter(kind="volunteering.reminder").values_list("key", flat=True))
    assert keys == [
        f"reminder:{soon_signup.pk}:24h",
        f"reminder:{soon_signup.pk}:2h",
        f"reminder:{soon_signup.pk}:2h:sms",
    ]
    assert notifications_send_due() == 4  # the confirmation and three reminders
    assert notifications_send_due() == 0
    tasks.schedule_shift_reminders()  # a restart re-runs the scheduler: nothing new, nothing resent
    assert notifications_send_due() == 0
    assert len(mail.outbox) == 3
    assert len(MemorySmsBackend.outbox) == 1
    assert Message.objects.filter(kind="volunteering.reminder", status="sent", attempts=1).count() == 3
    assert Message.objects.exclude(status="sent").count() == 0


def test_reminder_not_created_before_its_time(shift, volunteer):
    services.shift_sign_up(shift=shift, volunteer=volunteer, acting_user=volunteer)  # in three days
    tasks.schedule_shift_reminders()
    assert not Message.objects.filter(kind="volunteering.reminder").exists()


def test_failed_send_is_retried_not_lost(soon_signup, monkeypatch):
    from django.core.mail import EmailMessage

    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(EmailMessage, "send", broken)
    assert notifications_send_due() == 0
    row = Message.objects.get(kind="volunteering.confirmation")
    assert (row.status, row.sent_at, row.attempts, row.last_error) == ("pending", None, 1, "OSError")
    monkeypatch.undo()
    mail.outbox.clear()
    Message.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())  # the retry is due
    assert notifications_send_due() == 1
    assert len(mail.outbox) == 1


def test_message_in_recipient_language(mission, make_volunteer, member):
    start = timezone.now() + dt.timedelta(days=2)
    shift = ShiftFactory(mission=mission, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    volunteer = make_volunteer("soon@example.org")
    volunteer.preferred_language = "en"
    volunteer.save()
    signup = services.shift_sign_up(shift=shift, volunteer=volunteer, acting_user=volunteer)
    mail.outbox.clear()
    notifications_send_due()
    assert mail.outbox[0].subject.startswith("Your place is confirmed")
    count = services.shift_message_volunteers(
        shift=signup.shift, acting_user=member, subject="Meeting point", body="Door B"
    )
    assert count == 1
    notifications_send_due()
    assert mail.outbox[-1].body == "Door B"
    assert mail.outbox[-1].to == ["soon@example.org"]


def test_schedules_register_the_reminder_job_once(db):
    from django_q.models import Schedule

    call_command("schedules", stdout=StringIO())
    call_command("schedules", stdout=StringIO())
    assert Schedule.objects.filter(func__startswith="accueil.volunteering.tasks.").count() == 1
