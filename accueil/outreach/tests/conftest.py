"""People and teams the outreach tests share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from accueil.outreach import services
from accueil.outreach.models import AreaKind, Team
from accueil.testing.accounts_factories import totp_activate, user_with_role
from accueil.testing.factories import MembershipFactory, OrganisationFactory
from accueil.testing.mentoring_factories import language


@dataclass
class World:
    city: Any
    coordinator: Any
    worker: Any
    other_worker: Any
    team: Any
    other_team: Any
    shelter: Any
    health: Any
    partner_member: Any
    official: Any
    volunteer: Any
    landmark: Any


@pytest.fixture
def world(city) -> World:  # type: ignore[no-untyped-def]
    coordinator = user_with_role(city=city, role="coordinator", email="coord@example.org")
    worker = user_with_role(city=city, role="outreach_worker", email="worker@example.org")
    other_worker = user_with_role(city=city, role="outreach_worker", email="other@example.org")
    for user in (coordinator, worker, other_worker):
        totp_activate(user=user)
    shelter = OrganisationFactory(city=city, name="Abri des jeunes")
    health = OrganisationFactory(city=city, name="Centre de santé")
    partner_member = MembershipFactory(organisation=shelter, user__email="partner@example.org").user
    district = city.districts.get(number=1)
    team = services.team_save(
        city=city,
        acting_user=coordinator,
        name="Maraude 1er",
        district=district,
        organisations=[shelter],
        languages=[language("ar"), language("fr")],
        minor_shelter_partner=shelter,
    )
    other_team = services.team_save(
        city=city,
        acting_user=coordinator,
        name="Gare du Nord",
        area_kind=AreaKind.STATION,
        district=city.districts.get(number=2),
        area_name="Gare du Nord",
    )
    services.team_member_add(team=team, user=worker, acting_user=coordinator, is_lead=True)
    services.team_member_add(team=other_team, user=other_worker, acting_user=coordinator)
    landmark = services.landmark_save(
        city=city, acting_user=coordinator, name="Square Saint-Jacques", district=district
    )
    official = user_with_role(city=city, role="elected_official", email="elu@example.org")
    volunteer = user_with_role(city=city, role="volunteer", email="vol@example.org")
    return World(
        city,
        coordinator,
        worker,
        other_worker,
        team,
        other_team,
        shelter,
        health,
        partner_member,
        official,
        volunteer,
        landmark,
    )


def met(world: World, **fields: Any) -> Any:
    """A person met by the world's team (with one encounter)."""
    defaults: dict[str, Any] = {"team": world.team, "acting_user": world.worker, "landmark": world.landmark}
    defaults.update(fields)
    return services.encounter_record(**defaults)


@pytest.fixture
def team_of(world: World) -> Team:
    return world.team
