import pytest

from accueil.testing.factories import MembershipFactory, OrganisationFactory, UserFactory
from accueil.testing.volunteering_factories import MissionFactory, ShiftFactory, VolunteerProfileFactory


@pytest.fixture
def organisation(city):
    return OrganisationFactory(city=city, name="Association Bienvenue", slug="bienvenue")


@pytest.fixture
def member(organisation):
    return MembershipFactory(organisation=organisation, user=UserFactory(email="staff@bienvenue.org")).user


@pytest.fixture
def make_volunteer(city):
    def make(email: str | None = None, **profile):
        user = UserFactory(**({"email": email} if email else {}))
        VolunteerProfileFactory(user=user, city=city, **profile)
        return user

    return make


@pytest.fixture
def volunteer(make_volunteer):
    return make_volunteer("vol@example.org")


@pytest.fixture
def mission(city, organisation):
    return MissionFactory(city=city, organisation=organisation, title="Atelier conversation")


@pytest.fixture
def shift(mission):
    return ShiftFactory(mission=mission, capacity=2)
