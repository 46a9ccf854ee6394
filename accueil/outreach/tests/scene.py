"""A small outreach scene every page test uses: a person met with consent, a referral, a camp, a request."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from accueil.outreach import services
from accueil.outreach.models import Consent, Interpreter, InterpreterKind, InterpreterLanguage, ReferralKind
from accueil.outreach.services import Consents, NewPerson
from accueil.testing.accounts_factories import user_with_role
from accueil.testing.factories import MembershipFactory, OrganisationFactory
from accueil.testing.mentoring_factories import language
from accueil.testing.volunteering_factories import VolunteerProfileFactory
from accueil.volunteering.models import VolunteerLanguage

from .conftest import World, met

CODE_NAME = "Faucon-Gris"
NAME = "Yohannes Abebe"


@dataclass
class Scene:
    world: World
    person: Any
    referral: Any
    operation: Any
    household: Any
    request: Any
    outsider_member: Any


def scene_make(world: World) -> Scene:
    result = met(
        world,
        new_person=NewPerson(code_name=CODE_NAME, name=NAME),
        vulnerabilities=["torture"],
        consents=Consents(shelter=Consent.GIVEN, health=Consent.GIVEN, follow_up=Consent.GIVEN),
        notes="Dort sous le pont",
    )
    person = result.encounter.person
    referral = services.referral_create(
        person=person, partner=world.shelter, kind=ReferralKind.SHELTER, acting_user=world.worker
    )
    operation = services.camp_operation_create(
        city=world.city,
        acting_user=world.coordinator,
        name="Camp du canal",
        district=world.team.district,
        held_on=dt.date.today(),
        teams=[world.team],
    )
    household = services.camp_household_record(
        operation=operation, acting_user=world.worker, adults=2, children=1, accommodation_offered="Gymnase"
    )
    interpreter = Interpreter.objects.create(
        city=world.city, kind=InterpreterKind.VOLUNTEER, display_name="Interp", modes=["on_site", "phone"], capacity=2
    )
    InterpreterLanguage.objects.create(interpreter=interpreter, language=language("ti"), level=3)
    request = services.interpreting_request_create(
        city=world.city,
        acting_user=world.worker,
        language=language("ti"),
        starts_at=timezone.now(),
        level_needed=2,
        domain="medical",
        mode="phone",
        urgency=2,
        team=world.team,
        person=person,
    )
    translator = user_with_role(
        city=world.city, role="translator", email="traductrice@example.org", display_name="Traductrice"
    )
    profile = VolunteerProfileFactory(user=translator, city=world.city, remote_ok=True)
    VolunteerLanguage.objects.create(profile=profile, language=language("am"), level=6)
    outsider_member = MembershipFactory(
        organisation=OrganisationFactory(city=world.city), user__email="outsider@example.org"
    ).user
    return Scene(world, person, referral, operation, household, request, outsider_member)
