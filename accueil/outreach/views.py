"""Outreach pages, thin: validate, call a service or an access function, render. Anyone not allowed gets 404,
so that a team, a person or a referral is not revealed to them. Persons and referrals are read only through the
access functions in `selectors`, which log the read."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accueil.accounts.models import User
from accueil.core.errors import Refused
from accueil.core.http import SignedInRequest, city_of
from accueil.core.refusals import refusal_to_form, refusal_to_messages
from accueil.organisations.models import Organisation

from . import policies, selectors, services
from .forms import (
    CampOperationForm,
    ConsentForm,
    DecisionForm,
    EncounterForm,
    HouseholdForm,
    InterpreterForm,
    InterpretingRequestForm,
    LandmarkForm,
    MemberForm,
    PersonEditForm,
    ReferralForm,
    ReferralMoveForm,
    ReferralPlaceForm,
    RoundForm,
    TeamForm,
)
from .models import (
    OPEN_REFERRAL_STATUSES,
    InterpretingRequest,
    Metric,
    Person,
    Referral,
    ReferralKind,
    Team,
    Vulnerability,
)
from .services import NewPerson


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def _refusal(request: SignedInRequest, exc: Refused) -> None:
    messages.error(request, exc.message)


def _team_or_404(request: SignedInRequest, pk: int) -> Team:
    team = selectors.team_get(user=request.user, city=city_of(request), pk=pk)
    if team is None:
        raise Http404
    return team


def _person_or_404(request: SignedInRequest, pk: int, purpose: str) -> Person:
    person = selectors.person_get_visible(
        user=request.user, city=city_of(request), pk=pk, purpose=purpose, request=request
    )
    if person is None:
        raise Http404
    return person


def _person_for_action(request: SignedInRequest, pk: int) -> Person:
    person = selectors.person_for_action(user=request.user, city=city_of(request), pk=pk)
    if person is None:
        raise Http404
    return person


def _referral_for_action(request: SignedInRequest, pk: int) -> Referral:
    referral = selectors.referral_for_action(user=request.user, city=city_of(request), pk=pk)
    if referral is None:
        raise Http404
    return referral


def _require_coordinator(request: SignedInRequest) -> None:
    if not policies.can_manage_teams(user=request.user, city=city_of(request)):
        raise Http404


# --- Home -------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def home(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    teams = list(selectors.teams_of(user=request.user, city=city))
    context = {
        "teams": [(team, list(selectors.team_outcomes(user=request.user, team=team, limit=5))) for team in teams],
        "is_coordinator": policies.can_manage_teams(user=request.user, city=city),
        "can_view_figures": policies.can_view_figures(user=request.user, city=city),
        "open_referrals": selectors.open_referral_count(user=request.user, city=city),
        "can_request_interpreting": policies.can_request_interpreting(user=request.user, city=city),
        "is_interpreter": selectors.is_interpreter(user=request.user, city=city),
    }
    if not (
        context["is_interpreter"]
        or teams
        or context["is_coordinator"]
        or context["can_view_figures"]
        or context["open_referrals"]
        or context["can_request_interpreting"]
    ):
        raise Http404
    return render(request, "outreach/home.html", context)


# --- Teams ------------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def team_list(request: SignedInRequest) -> HttpResponse:
    _require_coordinator(request)
    city = city_of(request)
    form = TeamForm(request.POST or None, city=city)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            team = services.team_save(
                city=city,
                acting_user=request.user,
                name=data["name"],
                area_kind=data["area_kind"],
                district=data["district"],
                area_name=data["area_name"],
                schedule=data["schedule"],
                organisations=data["organisations"],
                languages=data["languages"],
                minor_shelter_partner=data["minor_shelter_partner"],
            )
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Team %(name)s created.") % {"name": team.name})
            return redirect("outreach:team_detail", pk=team.pk)
    return render(
        request,
        "outreach/team_list.html",
        {
            "teams": selectors.team_list(city=city),
            "form": form,
            "coverage": selectors.landmark_coverage(city=city),
            "landmark_form": LandmarkForm(city=city),
        },
    )


@login_required
@require_POST
def landmark_create(request: SignedInRequest) -> HttpResponse:
    _require_coordinator(request)
    city = city_of(request)
    form = LandmarkForm(request.POST, city=city)
    if form.is_valid():
        try:
            services.landmark_save(city=city, acting_user=request.user, **form.cleaned_data)
            messages.success(request, _("Place added."))
        except ValidationError as exc:
            refusal_to_messages(request, exc)
    else:
        messages.error(request, _("Give the place's name and district."))
    return redirect("outreach:team_list")


@login_required
@require_GET
def team_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    team = _team_or_404(request, pk)
    city = city_of(request)
    is_member = policies.is_team_member(user=request.user, team=team)
    return render(
        request,
        "outreach/team_detail.html",
        {
            "team": team,
            "is_member": is_member,
            "is_coordinator": policies.can_manage_teams(user=request.user, city=city),
            "members": team.memberships.select_related("user"),
            "rounds": selectors.team_rounds(team=team)[:20],
            "persons": selectors.team_persons(user=request.user, team=team)[:50],
            "outcomes": selectors.team_outcomes(user=request.user, team=team),
            "member_form": MemberForm(),
            "round_form": RoundForm(city=city),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    _require_coordinator(request)
    team = _team_or_404(request, pk)
    city = city_of(request)
    initial = {
        "name": team.name,
        "area_kind": team.area_kind,
        "district": team.district,
        "area_name": team.area_name,
        "schedule": team.schedule,
        "organisations": list(team.organisations.all()),
        "languages": list(team.languages.all()),
        "minor_shelter_partner": team.minor_shelter_partner,
    }
    form = TeamForm(request.POST or None, city=city, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.team_save(
                city=city,
                acting_user=request.user,
                team=team,
                name=data["name"],
                area_kind=data["area_kind"],
                district=data["district"],
                area_name=data["area_name"],
                schedule=data["schedule"],
                organisations=data["organisations"],
                languages=data["languages"],
                minor_shelter_partner=data["minor_shelter_partner"],
            )
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Team saved."))
            return redirect("outreach:team_detail", pk=team.pk)
    return render(request, "outreach/team_form.html", {"team": team, "form": form})


@login_required
@require_POST
def team_member_remove(request: SignedInRequest, pk: int, user_pk: int) -> HttpResponse:
    _require_coordinator(request)
    team = _team_or_404(request, pk)
    member = team.memberships.select_related("user").filter(user_id=user_pk).first()
    if member is None:
        raise Http404
    try:
        services.team_member_remove(team=team, user=member.user, acting_user=request.user)
        messages.success(request, _("Member removed."))
    except Refused as exc:
        _refusal(request, exc)
    return redirect("outreach:team_detail", pk=team.pk)


@login_required
@require_POST
def team_member_add(request: SignedInRequest, pk: int) -> HttpResponse:
    _require_coordinator(request)
    team = _team_or_404(request, pk)
    form = MemberForm(request.POST)
    if form.is_valid():
        user = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if user is None:
            messages.error(request, _("Nobody has an account with this address."))
        else:
            try:
                services.team_member_add(
                    team=team, user=user, acting_user=request.user, is_lead=form.cleaned_data["is_lead"]
                )
                messages.success(request, _("Member added."))
            except Refused as exc:
                _refusal(request, exc)
    else:
        messages.error(request, _("Give a valid email address."))
    return redirect("outreach:team_detail", pk=team.pk)


@login_required
@require_POST
def round_create(request: SignedInRequest, pk: int) -> HttpResponse:
    team = _team_or_404(request, pk)
    form = RoundForm(request.POST, city=city_of(request))
    if form.is_valid():
        try:
            services.round_record(
                team=team,
                acting_user=request.user,
                date=form.cleaned_data["date"],
                landmarks=form.cleaned_data["landmarks"],
                done=form.cleaned_data["done"],
            )
            messages.success(request, _("Round saved."))
        except Refused as exc:
            _refusal(request, exc)
    else:
        messages.error(request, _("Give a date and at least one place."))
    return redirect("outreach:team_detail", pk=team.pk)


# --- Encounters -------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def encounter_create(request: SignedInRequest, pk: int) -> HttpResponse:
    """The one-minute form. With JavaScript on and no signal, `outreach/encounter.js` keeps the submission and
    sends it once when back online: the client key makes a second arrival answer the first encounter."""
    team = _team_or_404(request, pk)
    if not policies.can_record_for_team(user=request.user, team=team):
        raise Http404
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    form = EncounterForm(request.POST or None, team=team, reference=request.GET.get("reference", "")[:12])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = None
        if data["reference"]:
            person = selectors.person_find_for_encounter(user=request.user, team=team, reference=data["reference"])
            if person is None:
                form.add_error("reference", _("No person of this team has this reference."))
        if not form.errors:
            try:
                result = services.encounter_record(
                    team=team,
                    acting_user=request.user,
                    person=person,
                    new_person=NewPerson(code_name=data["code_name"], name=data["name"], says_minor=data["says_minor"]),
                    landmark=data["landmark"],
                    grid_cell=data["grid_cell"],
                    composition=data["composition"],
                    adults=data["adults"],
                    children=data["children"],
                    vulnerabilities=data["vulnerabilities"],
                    needs=data["needs"],
                    language=data["language"],
                    interpreter_needed=data["interpreter_needed"],
                    offered=data["offered"],
                    consents=form.consents(),
                    notes=data["notes"],
                    client_key=data["client_key"],
                )
            except Refused as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                refusal_to_form(form, exc)
            else:
                reference = result.encounter.person.reference
                if wants_json:
                    return JsonResponse(
                        {"encounter": result.encounter.pk, "person": reference, "created": result.created},
                        status=201 if result.created else 200,
                    )
                messages.success(request, _("Encounter recorded with %(reference)s.") % {"reference": reference})
                if result.minor_offered:
                    messages.warning(
                        request,
                        _("Shelter offered at once, before any assessment.")
                        + (" " + _("The shelter partner has the referral.") if result.minor_referral else ""),
                    )
                return redirect("outreach:encounter_create", pk=team.pk)
    if request.method == "POST" and wants_json:
        return JsonResponse(
            {
                "error": {
                    "code": "invalid",
                    "message": _("The form has errors."),
                    "details": form.errors.get_json_data(),
                }
            },
            status=422,
        )
    return render(request, "outreach/encounter_form.html", {"team": team, "form": form})


# --- Persons ----------------------------------------------------------------------------------------------------


@login_required
@require_GET
def person_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk, purpose="record")
    city = city_of(request)
    partners = list(person.team.organisations.order_by("name"))
    answers = {c.organisation_id: c.answer for c in person.partner_consents.all()}
    consent_form = ConsentForm(
        partners=partners,
        initial={
            "consent_follow_up": person.consent_follow_up,
            "consent_shelter": person.consent_shelter,
            "consent_health": person.consent_health,
            "consent_legal": person.consent_legal,
            **{f"partner_{org_id}": answer for org_id, answer in answers.items()},
        },
    )
    labels = dict(Vulnerability.choices)
    encounters = [
        (e, [labels.get(code, code) for code in e.vulnerability_codes()])
        for e in selectors.person_encounters(person=person)
    ]
    return render(
        request,
        "outreach/person_detail.html",
        {
            "person": person,
            "encounters": encounters,
            "referrals": selectors.person_referrals(person=person),
            "consent_form": consent_form,
            "referral_form": ReferralForm(city=city),
        },
    )


@login_required
@require_POST
def person_consent(request: SignedInRequest, pk: int) -> HttpResponse:
    person = _person_for_action(request, pk)
    form = ConsentForm(request.POST, partners=list(person.team.organisations.order_by("name")))
    if form.is_valid():
        try:
            services.person_consent_set(person=person, acting_user=request.user, consents=form.consents())
            messages.success(request, _("The person's answers are recorded."))
        except Refused as exc:
            _refusal(request, exc)
    return redirect("outreach:person_detail", pk=person.pk)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    """Correct the code name, the name or the said age; the page read and the change are both logged."""
    if request.method == "POST":
        person = _person_for_action(request, pk)
        form = PersonEditForm(request.POST)
        if form.is_valid():
            try:
                changed = services.person_update(person=person, acting_user=request.user, **form.cleaned_data)
            except Refused as exc:
                _refusal(request, exc)
                return redirect("outreach:person_detail", pk=person.pk)
            except ValidationError as exc:
                refusal_to_form(form, exc)
            else:
                if changed:
                    messages.success(request, _("The record is corrected."))
                else:
                    messages.info(request, _("Nothing changed."))
                return redirect("outreach:person_detail", pk=person.pk)
        return render(request, "outreach/person_edit.html", {"person": person, "form": form}, status=400)
    person = _person_or_404(request, pk, purpose="correction")
    form = PersonEditForm(initial={"code_name": person.code_name, "name": person.name, "says_minor": person.says_minor})
    return render(request, "outreach/person_edit.html", {"person": person, "form": form})


@login_required
@require_POST
def person_refer(request: SignedInRequest, pk: int) -> HttpResponse:
    person = _person_for_action(request, pk)
    form = ReferralForm(request.POST, city=city_of(request))
    if form.is_valid():
        try:
            services.referral_create(
                person=person,
                partner=form.cleaned_data["partner"],
                kind=form.cleaned_data["kind"],
                acting_user=request.user,
            )
            messages.success(request, _("Referral sent."))
        except Refused as exc:
            _refusal(request, exc)
        except ValidationError as exc:
            refusal_to_messages(request, exc)
    else:
        messages.error(request, _("Choose a kind and a partner."))
    return redirect("outreach:person_detail", pk=person.pk)


@login_required
@require_GET
def person_data(request: SignedInRequest, pk: int) -> HttpResponse:
    """The person's right to see: everything held, to read to them or hand over (JSON with ?format=json)."""
    person = _person_or_404(request, pk, purpose="copy for the person")
    data = selectors.person_data(person=person)
    if request.GET.get("format") == "json":
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
        response["Content-Disposition"] = f'attachment; filename="{person.reference}.json"'
        return response
    return render(
        request,
        "outreach/person_data.html",
        {"person": person, "data_text": json.dumps(data, ensure_ascii=False, indent=1)},
    )


@login_required
@require_POST
def person_erase(request: SignedInRequest, pk: int) -> HttpResponse:
    person = _person_for_action(request, pk)
    if request.POST.get("confirm") != "erase":
        messages.error(request, _("Tick the box to confirm the erasure."))
        return redirect("outreach:person_detail", pk=person.pk)
    team_pk = person.team_id
    try:
        reference = services.person_erase(person=person, acting_user=request.user)
    except Refused as exc:
        _refusal(request, exc)
        return redirect("outreach:person_detail", pk=person.pk)
    messages.success(request, _("The record %(reference)s is erased.") % {"reference": reference})
    return redirect("outreach:team_detail", pk=team_pk)


# --- Referrals --------------------------------------------------------------------------------------------------


@login_required
@require_GET
def referral_inbox(request: SignedInRequest) -> HttpResponse:
    referrals = selectors.referral_inbox(user=request.user, city=city_of(request))
    return render(request, "outreach/referral_inbox.html", {"referrals": referrals[:200]})


@login_required
@require_GET
def referral_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_get_visible(user=request.user, city=city_of(request), pk=pk, request=request)
    if referral is None:
        raise Http404
    shared = referral.shared_data()
    labels = dict(Vulnerability.choices)
    is_partner = policies.is_partner_member(user=request.user, organisation_id=referral.partner_id)
    place_site, place_reservations = selectors.referral_place(referral=referral)
    place_form = None
    held = any(r.status in ("held", "arrived") for r in place_reservations)
    if is_partner and referral.kind == ReferralKind.SHELTER and referral.status in OPEN_REFERRAL_STATUSES and not held:
        sites = referral.partner.shelter_sites.filter(closed_on__isnull=True).order_by("name")
        if sites.exists():
            place_form = ReferralPlaceForm(sites=sites, initial={"audience": services.audience_guess(shared)})
    return render(
        request,
        "outreach/referral_detail.html",
        {
            "referral": referral,
            "shared": shared,
            "vulnerabilities": [labels.get(str(c), str(c)) for c in _as_list(shared.get("vulnerabilities"))],
            "is_partner": is_partner,
            "move_form": ReferralMoveForm(),
            "place_form": place_form,
            "place_site": place_site,
            "place_reservations": place_reservations,
        },
    )


@login_required
@require_POST
def referral_reserve(request: SignedInRequest, pk: int) -> HttpResponse:
    """The shelter partner reserves beds at one of its sites for the person referred."""
    referral = _referral_for_action(request, pk)
    if not policies.is_partner_member(user=request.user, organisation_id=referral.partner_id):
        raise Http404
    sites = referral.partner.shelter_sites.filter(closed_on__isnull=True)
    form = ReferralPlaceForm(request.POST, sites=sites)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("outreach:referral_detail", pk=referral.pk)
    data = form.cleaned_data
    try:
        services.referral_reserve_place(
            referral=referral,
            site=data["site"],
            audience=data["audience"],
            hold_hours=data["hold_hours"],
            acting_user=request.user,
        )
    except Refused as exc:
        _refusal(request, exc)
    except ValidationError as exc:
        refusal_to_messages(request, exc)
    else:
        messages.success(request, _("Place reserved. The team sees where and until when."))
    return redirect("outreach:referral_detail", pk=referral.pk)


@login_required
@require_POST
def referral_move(request: SignedInRequest, pk: int) -> HttpResponse:
    referral = _referral_for_action(request, pk)
    form = ReferralMoveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_transition(
                referral=referral,
                to_status=data["to_status"],
                acting_user=request.user,
                scheduled_for=data["scheduled_for"],
                outcome=data["outcome"],
            )
            messages.success(request, _("Referral updated."))
        except Refused as exc:
            _refusal(request, exc)
        except ValidationError as exc:
            refusal_to_messages(request, exc)
    else:
        messages.error(request, _("Choose a status."))
    return redirect("outreach:referral_detail", pk=referral.pk)


# --- Camps ------------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def camp_list(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    is_coordinator = policies.can_manage_teams(user=request.user, city=city)
    operations = selectors.camp_operations(user=request.user, city=city)
    if not is_coordinator and not policies.is_outreach_worker(user=request.user, city=city):
        raise Http404
    form = CampOperationForm(request.POST or None, city=city) if is_coordinator else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                operation = services.camp_operation_create(
                    city=city,
                    acting_user=request.user,
                    name=data["name"],
                    district=data["district"],
                    held_on=data["held_on"],
                    teams=data["teams"],
                    hours_to_decide=data["hours_to_decide"],
                )
            except ValidationError as exc:
                refusal_to_form(form, exc)
            else:
                return redirect("outreach:camp_detail", pk=operation.pk)
    return render(
        request,
        "outreach/camp_list.html",
        {"operations": [(op, selectors.camp_summary(operation=op)) for op in operations[:50]], "form": form},
    )


@login_required
@require_GET
def camp_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    operation = selectors.camp_operation_get(user=request.user, city=city_of(request), pk=pk)
    if operation is None:
        raise Http404
    can_record = policies.can_record_in_camp(user=request.user, operation=operation)
    return render(
        request,
        "outreach/camp_detail.html",
        {
            "operation": operation,
            "summary": selectors.camp_summary(operation=operation),
            "needs": selectors.camp_needs(operation=operation),
            "households": selectors.camp_households(user=request.user, operation=operation),
            "can_record": can_record,
            "form": HouseholdForm(),
            "decision_form": DecisionForm(),
        },
    )


@login_required
@require_POST
def camp_household_add(request: SignedInRequest, pk: int) -> HttpResponse:
    operation = selectors.camp_operation_get(user=request.user, city=city_of(request), pk=pk)
    if operation is None:
        raise Http404
    form = HouseholdForm(request.POST)
    if form.is_valid():
        try:
            household = services.camp_household_record(
                operation=operation, acting_user=request.user, **form.cleaned_data
            )
            messages.success(request, _("Household %(reference)s recorded.") % {"reference": household.reference})
        except Refused as exc:
            _refusal(request, exc)
    else:
        messages.error(request, _("Check the numbers of adults and children."))
    return redirect("outreach:camp_detail", pk=operation.pk)


@login_required
@require_POST
def camp_household_decide(request: SignedInRequest, pk: int, household_pk: int) -> HttpResponse:
    operation = selectors.camp_operation_get(user=request.user, city=city_of(request), pk=pk)
    household = (
        selectors.camp_household_for_action(user=request.user, operation=operation, pk=household_pk)
        if operation is not None
        else None
    )
    if operation is None or household is None:
        raise Http404
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.camp_household_decide(
                household=household, acting_user=request.user, decision=form.cleaned_data["decision"]
            )
            messages.success(request, _("Decision recorded."))
        except Refused as exc:
            _refusal(request, exc)
    return redirect("outreach:camp_detail", pk=operation.pk)


# --- Interpreting -----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def interpreting(request: SignedInRequest) -> HttpResponse:
    """Ask for an interpreter: "check" shows how many could serve before asking; "ask" records the request."""
    city = city_of(request)
    if not policies.can_request_interpreting(user=request.user, city=city):
        raise Http404
    teams = selectors.teams_of(user=request.user, city=city)
    organisations = Organisation.objects.filter(city=city, memberships__user=request.user).distinct()
    form = InterpretingRequestForm(request.POST or None, city=city, teams=teams, organisations=organisations)
    possible = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            key: data[key]
            for key in (
                "language",
                "dialect",
                "level_needed",
                "domain",
                "mode",
                "urgency",
                "gender_preference",
                "district",
                "starts_at",
                "duration_minutes",
                "team",
                "organisation",
            )
        }
        if request.POST.get("action") == "ask":
            try:
                created = services.interpreting_request_create(city=city, acting_user=request.user, **fields)
            except Refused as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                refusal_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("Request recorded: %(count)s interpreters could serve it.")
                    % {"count": created.possible_at_request},
                )
                return redirect("outreach:interpreting")
        else:
            possible = services.interpreting_possible(city=city, draft=InterpretingRequest(city=city, **fields))
    return render(
        request,
        "outreach/interpreting.html",
        {
            "form": form,
            "possible": possible,
            "requests": selectors.interpreting_requests(user=request.user, city=city)[:100],
            "can_manage": policies.can_manage_interpreting(user=request.user, city=city),
        },
    )


@login_required
@require_POST
def interpreting_cancel(request: SignedInRequest, pk: int) -> HttpResponse:
    city = city_of(request)
    found = selectors.interpreting_request_for_action(user=request.user, city=city, pk=pk)
    if found is None:
        raise Http404
    try:
        services.interpreting_request_cancel(request=found, acting_user=request.user)
        messages.success(request, _("Request cancelled."))
    except Refused as exc:
        _refusal(request, exc)
    return redirect("outreach:interpreting")


@login_required
@require_http_methods(["GET", "POST"])
def interpreters(request: SignedInRequest) -> HttpResponse:
    """The interpreters (volunteers, INALCO students, associations' staff, professional services): coordinators."""
    city = city_of(request)
    if not policies.can_manage_interpreting(user=request.user, city=city):
        raise Http404
    form = InterpreterForm(request.POST or None, city=city)
    if request.method == "POST" and request.POST.get("action") == "import":
        count = services.interpreters_import_volunteers(city=city, acting_user=request.user)
        messages.success(request, _("%(count)s volunteer interpreters added or updated.") % {"count": count})
        return redirect("outreach:interpreters")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.interpreter_save(
                city=city,
                acting_user=request.user,
                kind=data["kind"],
                display_name=data["display_name"],
                languages=form.credentials(),
                modes=data["modes"],
                domains=data["domains"],
                gender=data["gender"],
                district=data["district"],
                capacity=data["capacity"],
                conflict_organisations=data["conflict_organisations"],
            )
        except ValidationError as exc:
            refusal_to_form(form, exc)
        else:
            messages.success(request, _("Interpreter saved."))
            return redirect("outreach:interpreters")
    return render(
        request, "outreach/interpreters.html", {"interpreters": selectors.interpreters(city=city), "form": form}
    )


@login_required
@require_POST
def interpreting_match(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    if not policies.can_manage_interpreting(user=request.user, city=city):
        raise Http404
    report = services.interpreting_match_run(city=city, acting_user=request.user)
    messages.success(
        request,
        _("%(matched)s matched with volunteers, %(professional)s sent to a professional service, %(unmet)s unmet.")
        % {"matched": report.matched, "professional": report.professional, "unmet": report.unmet},
    )
    return redirect("outreach:interpreting")


# --- What the City sees -----------------------------------------------------------------------------------------


@login_required
@require_GET
def my_interpreting(request: SignedInRequest) -> HttpResponse:
    """An interpreter's own appointments: language, when, where, how and for whom (never a person's record)."""
    city = city_of(request)
    if not selectors.is_interpreter(user=request.user, city=city):
        raise Http404
    return render(
        request,
        "outreach/my_interpreting.html",
        {"assignments": selectors.interpreting_assignments_of(user=request.user, city=city)},
    )


@login_required
@require_POST
def my_interpreting_answer(request: SignedInRequest, pk: int) -> HttpResponse:
    """The interpreter accepts or declines an appointment proposed to them; a decline opens it again."""
    city = city_of(request)
    found = InterpretingRequest.objects.filter(city=city, pk=pk, interpreter__user=request.user).first()
    if found is None:
        raise Http404
    answer = request.POST.get("answer")
    try:
        if answer == "accept":
            services.interpreting_accept(request=found, acting_user=request.user)
            messages.success(request, _("Thank you: the team or partner who asked sees that you will come."))
        elif answer == "decline":
            services.interpreting_decline(request=found, acting_user=request.user)
            messages.success(
                request, _("Declined: the request goes back to the matching, another interpreter will be asked.")
            )
        else:
            messages.error(request, _("Choose to accept or to decline."))
    except Refused as exc:
        _refusal(request, exc)
    return redirect("outreach:my_interpreting")


@login_required
@require_GET
def figures(request: SignedInRequest) -> HttpResponse:
    city = city_of(request)
    if not policies.can_view_figures(user=request.user, city=city):
        raise Http404
    district = request.GET.get("district", "")
    number = int(district) if district.isdigit() else None
    table = selectors.figure_table(city=city, district_number=number, suppress_small=True)
    metric_labels: dict[str, str] = {str(k): str(v) for k, v in Metric.choices}
    metric_labels[Metric.SHELTER_HOURS] = _("Average hours from referral to a shelter place")
    key_labels = selectors.figure_key_labels()
    rows = [
        (f"{metric_labels.get(metric, metric)}" + (f" — {key_labels.get(key, key)}" if key else ""), values, total)
        for metric, key, values, total in table.rows
    ]
    return render(
        request,
        "outreach/figures.html",
        {"table": table, "rows": rows, "districts": city.districts.order_by("number"), "district": number},
    )
