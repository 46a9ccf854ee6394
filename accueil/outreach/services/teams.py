"""Teams, their members and their rounds; landmarks. Coordinators set them up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.core.errors import Refused

from .. import events, policies
from ..errors import OutreachError
from ..models import AreaKind, Landmark, Round, Team, TeamMember

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.languages.models import Language
    from accueil.organisations.models import Organisation
    from accueil.territories.models import City, District


def _refuse_unless_coordinator(user: User, city: City) -> None:
    if not policies.can_manage_teams(user=user, city=city):
        raise Refused(OutreachError.NOT_A_MEMBER, _("Only the city's coordinators set up teams."), status=403)


@transaction.atomic
def team_save(
    *,
    city: City,
    acting_user: User,
    name: str,
    area_kind: str = AreaKind.DISTRICT,
    district: District | None = None,
    area_name: str = "",
    schedule: str = "",
    organisations: Iterable[Organisation] = (),
    languages: Iterable[Language] = (),
    minor_shelter_partner: Organisation | None = None,
    team: Team | None = None,
    is_demo: bool = False,
) -> Team:
    _refuse_unless_coordinator(acting_user, city)
    created = team is None
    if team is None:
        team = Team(city=city, is_demo=is_demo)
    else:
        team = Team.objects.select_for_update().get(pk=team.pk, city=city)
    team.name, team.area_kind, team.district, team.area_name = name.strip(), area_kind, district, area_name.strip()
    team.schedule, team.minor_shelter_partner = schedule.strip(), minor_shelter_partner
    team.full_clean()
    team.save()
    team.organisations.set(list(organisations))
    team.languages.set(list(languages))
    audit_record(
        action=events.TEAM_CREATED if created else events.TEAM_UPDATED, actor=acting_user, city=city, target=team
    )
    return team


@transaction.atomic
def team_member_add(*, team: Team, user: User, acting_user: User, is_lead: bool = False) -> TeamMember:
    _refuse_unless_coordinator(acting_user, team.city)
    if not policies.is_outreach_worker(user=user, city=team.city):
        raise Refused(OutreachError.NOT_A_MEMBER, _("Members must hold the outreach worker role."), status=422)
    member, _created = TeamMember.objects.update_or_create(team=team, user=user, defaults={"is_lead": is_lead})
    audit_record(
        action=events.TEAM_MEMBER_ADDED, actor=acting_user, city=team.city, target=team, data={"user": user.pk}
    )
    return member


@transaction.atomic
def team_member_remove(*, team: Team, user: User, acting_user: User) -> None:
    _refuse_unless_coordinator(acting_user, team.city)
    TeamMember.objects.filter(team=team, user=user).delete()
    audit_record(
        action=events.TEAM_MEMBER_REMOVED, actor=acting_user, city=team.city, target=team, data={"user": user.pk}
    )


@transaction.atomic
def landmark_save(
    *,
    city: City,
    acting_user: User,
    name: str,
    district: District,
    area_kind: str = AreaKind.DISTRICT,
    is_demo: bool = False,
) -> Landmark:
    _refuse_unless_coordinator(acting_user, city)
    landmark = Landmark(city=city, name=name.strip(), district=district, area_kind=area_kind, is_demo=is_demo)
    landmark.full_clean()
    landmark.save()
    return landmark


@transaction.atomic
def round_record(
    *,
    team: Team,
    acting_user: User,
    date: dt.date,
    landmarks: Iterable[Landmark],
    done: bool = False,
    notes: str = "",
    is_demo: bool = False,
) -> Round:
    """Plan a round (or record one made); team members and coordinators."""
    if not (
        policies.can_record_for_team(user=acting_user, team=team)
        or policies.can_manage_teams(user=acting_user, city=team.city)
    ):
        raise Refused(OutreachError.NOT_A_MEMBER, _("You are not a member of this team."), status=403)
    landmarks = list(landmarks)
    if any(landmark.city_id != team.city_id for landmark in landmarks):
        raise Refused(OutreachError.PARTNER_NOT_IN_CITY, _("These places are not in the city."), status=422)
    round_ = Round(
        city=team.city, team=team, date=date, done=done, notes=notes.strip(), created_by=acting_user, is_demo=is_demo
    )
    round_.full_clean()
    round_.save()
    round_.landmarks.set(landmarks)
    audit_record(action=events.ROUND_RECORDED, actor=acting_user, city=team.city, target=round_)
    return round_
