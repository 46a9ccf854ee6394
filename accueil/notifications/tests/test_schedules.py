from io import StringIO

import pytest
from django.core.management import call_command

from accueil.notifications.schedules import jobs_collect

pytestmark = pytest.mark.django_db


def test_one_command_registers_every_declared_job_once_and_drops_old_ones():
    from django_q.models import Schedule

    Schedule.objects.create(name="volunteering: send due notifications", func="accueil.volunteering.tasks.gone")
    Schedule.objects.create(name="someone else's job", func="thirdparty.job")
    call_command("schedules", stdout=StringIO())
    call_command("schedules", stdout=StringIO())
    names = set(Schedule.objects.values_list("name", flat=True))
    assert names == {job.name for job in jobs_collect()} | {"someone else's job"}
    assert {
        "notifications: send due messages",
        "volunteering: schedule shift reminders",
        "participation: event reminders",
        "mentoring: retention",
        "donations.expire_needs",
        "directory.staleness",
    } <= names
    sender = Schedule.objects.get(name="notifications: send due messages")
    assert (sender.schedule_type, sender.minutes, sender.repeats) == (Schedule.MINUTES, 1, -1)
    assert Schedule.objects.get(name="mentoring: retention").schedule_type == Schedule.DAILY


def test_every_declared_job_points_at_a_function():
    from django.utils.module_loading import import_string

    for job in jobs_collect():
        assert callable(import_string(job.func)), job.name
