import pytest
from django.db import IntegrityError, transaction

from accueil.testing.volunteering_factories import ShiftFactory, SignupFactory
from accueil.volunteering.models import Shift, Skill


@pytest.mark.smoke
def test_skills_are_loaded(db):
    assert Skill.objects.filter(code__in=["teaching_fle", "legal_advice", "driving_licence_b"]).count() == 3


@pytest.mark.smoke
def test_database_refuses_accepted_count_above_capacity(city):
    shift = ShiftFactory(mission__city=city, capacity=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Shift.objects.filter(pk=shift.pk).update(accepted_count=3)
    shift.refresh_from_db()
    assert shift.accepted_count == 0


def test_database_refuses_second_active_signup(city):
    signup = SignupFactory(shift__mission__city=city)
    with pytest.raises(IntegrityError), transaction.atomic():
        SignupFactory(shift=signup.shift, volunteer=signup.volunteer, status="waitlisted")


def test_database_refuses_overlapping_booked_signups(postgres_only, city):
    import datetime as dt

    first = SignupFactory(shift__mission__city=city)
    other_shift = ShiftFactory(
        mission__city=city,
        starts_at=first.starts_at + dt.timedelta(minutes=30),
        ends_at=first.ends_at + dt.timedelta(minutes=30),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SignupFactory(shift=other_shift, volunteer=first.volunteer, status="pending")
    SignupFactory(shift=other_shift, volunteer=first.volunteer, status="waitlisted")
