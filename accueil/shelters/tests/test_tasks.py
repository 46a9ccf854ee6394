"""The background jobs: expiry of held reservations, hosting retention, their schedules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from accueil.shelters import services, tasks
from accueil.shelters.models import Reservation

pytestmark = pytest.mark.django_db


def test_expiry_job_frees_overdue_reservations(site, make_unit, make_request, partner):
    make_unit(site, beds=1)
    [reservation] = services.reservation_create(place_request=make_request(), site=site, acting_user=partner)
    Reservation.objects.filter(pk=reservation.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert tasks.reservations_expire_run() == 1
    assert tasks.reservations_expire_run() == 0


def test_schedules_are_registered_once(db):
    from django_q.models import Schedule

    call_command("shelters_schedules")
    call_command("shelters_schedules")
    assert Schedule.objects.filter(name__in=tasks.SCHEDULES).count() == 3
