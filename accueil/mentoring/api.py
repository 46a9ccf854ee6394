"""Mentoring endpoints, mounted at /api/v1/mentoring, for the referring organisation only.

Authentication: the organisation's bearer token (`Authorization: Bearer …`; the token acts as the person who
created it, who must still be a member) or the browser session of a member (with its CSRF token on writes; a
person in several organisations names one with `?organisation=<id>`).

What is returned about a beneficiary is the pseudonymous view: pseudonym, languages, district, needs and
availability — never the confidential notes (they can be written, never read back here). Reads are audited by the
selectors like the pages' reads: one "mentoring.beneficiary_viewed" row per record, one
"mentoring.beneficiaries_listed" row per page of the list with the ids shown (scope "api").
Anything of another organisation answers 404 (its existence is not revealed).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from accueil.accounts.models import User
from accueil.core.api_auth import session
from accueil.core.errors import ApiError, CommonError
from accueil.core.http import CityRequest, city_or_none
from accueil.core.refusals import refusal_text
from accueil.languages.models import Language
from accueil.organisations.api_auth import organisation_token
from accueil.organisations.models import ApiToken, Organisation
from accueil.territories.models import District
from accueil.volunteering.policies import volunteer_public_name

from . import policies, selectors, services
from .errors import MentoringError
from .models import WEEKDAYS, Beneficiary, Mentorship, MentorshipStatus, Need
from .reasons import reason_rows

router = Router(tags=["mentoring"], auth=[organisation_token, session])
MAX_PAGE_SIZE = 100


class ErrorBody(Schema):
    code: str
    message: str
    details: Any = None


class ErrorOut(Schema):
    error: ErrorBody


class BeneficiaryOut(Schema):
    id: int
    pseudonym: str
    languages: list[str] = Field(..., description="Language codes")
    district: int | None = Field(None, description="District number within the city")
    needs: list[str]
    available_weekdays: list[int] = Field(..., description="0 = Monday … 6 = Sunday")
    availability_notes: str
    has_active_mentor: bool
    created_at: dt.datetime
    closed_at: dt.datetime | None


class BeneficiaryPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[BeneficiaryOut]


class BeneficiaryIn(Schema):
    organisation: int | None = Field(None, description="Sessions of people in several organisations: which one")
    languages: list[str] = Field(..., min_length=1, max_length=20, description="Language codes, at least one")
    district: int | None = Field(None, description="District number")
    needs: list[Need] = Field([], max_length=len(Need.values))
    available_weekdays: list[int] = Field([], max_length=7)
    availability_notes: str = Field("", max_length=300)
    sensitive_notes: str = Field("", max_length=4000, description="Confidential; stored encrypted; never returned")


class ReasonOut(Schema):
    code: str
    label: str
    points: float


class PersonRef(Schema):
    id: int
    name: str


class BeneficiaryRef(Schema):
    id: int
    pseudonym: str


class PairingProposalOut(Schema):
    id: int
    status: str
    beneficiary: BeneficiaryRef
    mentor: PersonRef
    score: float | None
    reasons: list[ReasonOut]
    created_at: dt.datetime
    started_at: dt.datetime | None


class OrganisationQuery(Schema):
    organisation: int | None = Field(None, description="Sessions of people in several organisations: which one")


class ListQuery(OrganisationQuery):
    include_closed: bool = False
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


# --- Who is asking ---------------------------------------------------------------------------------------------------


def _not_found() -> ApiError:
    return ApiError(404, CommonError.NOT_FOUND, _("Not found."))


def _acting(request: CityRequest, organisation_id: int | None = None) -> tuple[Organisation, User]:
    """The organisation the caller acts for, and the person acting (the token's creator, or the signed-in user).

    A token whose creator's account is gone acts for nobody: it is refused like a person without the right."""
    city = city_or_none(request)
    auth = request.auth  # type: ignore[attr-defined]
    if isinstance(auth, ApiToken):
        organisation = auth.organisation
        if (organisation_id is not None and organisation_id != organisation.pk) or (
            city is not None and organisation.city_id != city.pk
        ):
            raise _not_found()
        if auth.created_by is None:
            raise ApiError(403, CommonError.FORBIDDEN, _("You are not allowed to do this."))
        return organisation, auth.created_by
    user = request.user
    if not isinstance(user, User):  # the session authentication lets only signed-in people through
        raise ApiError(401, CommonError.UNAUTHENTICATED, _("Authentication is required."))
    organisations = selectors.user_mentoring_organisations(user=user, city=city)
    if organisation_id is not None:
        chosen = organisations.filter(pk=organisation_id).first()
        if chosen is None:
            raise _not_found()
        return chosen, user
    found = list(organisations[:2])
    if not found:
        raise ApiError(403, CommonError.FORBIDDEN, _("You are not a member of an organisation here."))
    if len(found) > 1:
        raise ApiError(
            422,
            MentoringError.ORGANISATION_REQUIRED,
            _("You belong to several organisations: say which one with the organisation parameter."),
        )
    return found[0], user


def _beneficiary_out(beneficiary: Beneficiary) -> dict[str, Any]:
    return {
        "id": beneficiary.pk,
        "pseudonym": beneficiary.pseudonym,
        "languages": sorted(lang.pk for lang in beneficiary.languages.all()),
        "district": beneficiary.district.number if beneficiary.district is not None else None,
        "needs": list(beneficiary.needs),
        "available_weekdays": list(beneficiary.available_weekdays),
        "availability_notes": beneficiary.availability_notes,
        "has_active_mentor": bool(getattr(beneficiary, "active_count", 0)),
        "created_at": beneficiary.created_at,
        "closed_at": beneficiary.closed_at,
    }


def _proposal_out(mentorship: Mentorship) -> dict[str, Any]:
    return {
        "id": mentorship.pk,
        "status": mentorship.status,
        "beneficiary": {"id": mentorship.beneficiary_id, "pseudonym": mentorship.beneficiary.pseudonym},
        "mentor": {"id": mentorship.mentor_id, "name": volunteer_public_name(mentorship.mentor)},
        "score": float(mentorship.score) if mentorship.score is not None else None,
        "reasons": [{"code": r.code, "label": r.label, "points": r.points} for r in reason_rows(mentorship.reasons)],
        "created_at": mentorship.created_at,
        "started_at": mentorship.started_at,
    }


def _invalid(exc: ValidationError) -> ApiError:
    details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return ApiError(422, CommonError.INVALID, refusal_text(exc), details)


# --- Beneficiaries ---------------------------------------------------------------------------------------------------


@router.get(
    "/beneficiaries",
    response={200: BeneficiaryPage, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="The organisation's beneficiaries (pseudonymous)",
)
def beneficiary_list(request: CityRequest, query: Query[ListQuery]) -> dict[str, Any]:
    organisation, user = _acting(request, query.organisation)
    page = selectors.beneficiary_page(
        selectors.organisation_beneficiaries(organisation=organisation, include_closed=query.include_closed).order_by(
            "-created_at", "id"
        ),
        user=user,
        organisation=organisation,
        page=query.page,
        page_size=query.page_size,
        scope="api",
        request=request,
    )
    return {
        "count": page.paginator.count,
        "page": page.number,
        "page_size": query.page_size,
        "results": [_beneficiary_out(b) for b in page.object_list],
    }


@router.get(
    "/beneficiaries/{beneficiary_id}",
    response={200: BeneficiaryOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="One beneficiary (the read is audited)",
)
def beneficiary_detail(request: CityRequest, beneficiary_id: int, query: Query[OrganisationQuery]) -> dict[str, Any]:
    organisation, user = _acting(request, query.organisation)
    beneficiary = selectors.organisation_beneficiary_get(
        user=user, organisation=organisation, pk=beneficiary_id, request=request
    )
    if beneficiary is None:
        raise _not_found()
    return _beneficiary_out(beneficiary)


@router.post(
    "/beneficiaries",
    response={201: BeneficiaryOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Create a beneficiary (a pseudonym is generated)",
)
def beneficiary_create(request: CityRequest, payload: BeneficiaryIn) -> tuple[int, dict[str, Any]]:
    organisation, user = _acting(request, payload.organisation)
    codes = set(payload.languages)
    languages = list(Language.objects.filter(pk__in=codes))
    missing = sorted(codes - {lang.pk for lang in languages})
    if missing:
        raise ApiError(422, CommonError.INVALID, _("Unknown language."), {"languages": missing})
    days = sorted(set(payload.available_weekdays))
    if any(day not in dict(WEEKDAYS) for day in days):
        raise ApiError(422, CommonError.INVALID, _("Choose days from the list."), {"available_weekdays": days})
    district = None
    if payload.district is not None:
        district = District.objects.filter(city=organisation.city, number=payload.district).first()
        if district is None:
            raise ApiError(422, CommonError.INVALID, _("Unknown district."), {"district": payload.district})
    try:
        beneficiary = services.beneficiary_create(
            organisation=organisation,
            acting_user=user,
            languages=languages,
            district=district,
            needs=[str(need.value) for need in payload.needs],
            available_weekdays=days,
            availability_notes=payload.availability_notes,
            sensitive_notes=payload.sensitive_notes,
        )
    except ValidationError as exc:
        raise _invalid(exc) from exc
    shown = selectors.organisation_beneficiary_get(
        user=user, organisation=organisation, pk=beneficiary.pk, request=request
    )
    return 201, _beneficiary_out(cast(Beneficiary, shown))  # just created by this organisation


# --- Proposals -------------------------------------------------------------------------------------------------------


def _proposals(organisation: Organisation, user: User, statuses: tuple[str, ...]) -> QuerySet[Mentorship]:
    return selectors.organisation_mentorships(user=user, organisation=organisation, statuses=statuses)


@router.get(
    "/proposals",
    response={200: list[PairingProposalOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Open mentor proposals with their reasons",
)
def proposal_list(request: CityRequest, query: Query[OrganisationQuery]) -> list[dict[str, Any]]:
    organisation, user = _acting(request, query.organisation)
    if not policies.can_manage_beneficiaries(user, organisation):
        raise ApiError(403, CommonError.FORBIDDEN, _("You are not allowed to do this."))
    return [_proposal_out(m) for m in _proposals(organisation, user, (MentorshipStatus.PROPOSED,))[:500]]


@router.post(
    "/proposals",
    response={201: list[PairingProposalOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Run the pairing engine for the beneficiaries without a mentor (replaces open proposals)",
)
def proposal_run(request: CityRequest, query: Query[OrganisationQuery]) -> tuple[int, list[dict[str, Any]]]:
    organisation, user = _acting(request, query.organisation)
    created = services.mentorships_propose(organisation=organisation, acting_user=user)
    rows = selectors.mentorships_with_people(pks=[m.pk for m in created])
    return 201, [_proposal_out(m) for m in rows.order_by("-score", "id")]


@router.post(
    "/proposals/{proposal_id}/confirm",
    response={200: PairingProposalOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Confirm a proposal: the mentorship becomes active and the mentor is told",
    description="409 not_a_proposal when it is no longer open; 409 conflict when the mentor has no room left.",
)
def proposal_confirm(request: CityRequest, proposal_id: int, query: Query[OrganisationQuery]) -> dict[str, Any]:
    organisation, user = _acting(request, query.organisation)
    mentorship = selectors.organisation_proposal_get(organisation=organisation, pk=proposal_id)
    if mentorship is None:
        raise _not_found()
    if mentorship.status != MentorshipStatus.PROPOSED:
        raise ApiError(
            409, MentoringError.NOT_A_PROPOSAL, _("Only a proposal can be confirmed."), {"status": mentorship.status}
        )
    try:
        services.mentorship_confirm(mentorship=mentorship, acting_user=user)
    except ValidationError as exc:
        raise ApiError(409, MentoringError.MENTOR_FULL, refusal_text(exc)) from exc
    mentorship.refresh_from_db()
    return _proposal_out(mentorship)
