"""Demo hosting (marked `is_demo`): sixty offers in several districts (most verified, some waiting for their
checks, one refused, a few "Louez solidaire" vacant flats), pseudonymous households, stays in progress with their
follow-up, one ending with an alternative found, proposals waiting for answers, and the plan's live indicator
for commitment 12. The demo host (host@demo.accueil.invalid) has an offer hosting a household and one open to
proposals; the demo organisation member (Secours populaire) follows households, stays and verifications."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from accueil.accounts.models import User
from accueil.core.errors import Refused
from accueil.languages.models import Language
from accueil.organisations.models import Membership, Organisation
from accueil.territories.models import City, District

from . import services
from .models import Composition, HostOffer, Intermediation, OfferKind, OfferStatus, Stay, VerificationDecision

SEED = 2015
HOST = "host@demo.accueil.invalid"
MEMBER = "org-member@demo.accueil.invalid"
OFFERS = 60
HOUSEHOLDS = 30
LANGUAGES = ["fr", "en", "ar", "fa", "ps", "ti", "am"]
DISTRICTS = [10, 11, 12, 13, 14, 15, 17, 18, 19, 20]


def _write(stdout: TextIO | None, text: str) -> None:
    if stdout:
        stdout.write(text + "\n")


def _org(city: City, name: str) -> Organisation | None:
    return Organisation.objects.filter(city=city, name=name).first()


def _staff(organisation: Organisation, email: str) -> User:
    user = User.objects.filter(memberships__organisation=organisation).order_by("pk").first()
    if user is None:
        user, _created = User.objects.get_or_create(email=email, defaults={"display_name": organisation.name})
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Membership.objects.get_or_create(organisation=organisation, user=user, defaults={"role": "member"})
    return user


@transaction.atomic
def load_demo(*, city: City, stdout: TextIO | None = None) -> dict[str, int]:
    counts = {"offers": 0, "households": 0, "stays": 0, "proposals": 0}
    if HostOffer.objects.filter(city=city, is_demo=True).exists():
        _write(stdout, "  hosting: demo already loaded")
        return counts
    singa = _org(city, "SINGA")
    secours = _org(city, "Secours populaire")
    operator = _org(city, "Groupe SOS")
    demo_host = User.objects.filter(email=HOST).first()
    member = User.objects.filter(email=MEMBER).first()
    if singa is None or secours is None or demo_host is None or member is None:
        _write(stdout, "  hosting: demo organisations or accounts missing, nothing to load")
        return counts
    singa_staff = _staff(singa, "singa-accompagnement@demo.accueil.invalid")
    rng = random.Random(SEED)
    today = timezone.localdate()
    districts = {d.number: d for d in District.objects.filter(city=city)}
    languages = {lang.pk: lang for lang in Language.objects.filter(pk__in=LANGUAGES)}
    verifiers = {singa.pk: singa_staff, secours.pk: member}

    offers: list[HostOffer] = []
    for index in range(OFFERS):
        host = (
            demo_host
            if index < 2
            else User.objects.get_or_create(
                email=f"hote-{index:02d}@demo.accueil.invalid", defaults={"display_name": f"Hôte {index:02d} (démo)"}
            )[0]
        )
        if host.has_usable_password() and host.email != HOST:
            host.set_unusable_password()
            host.save(update_fields=["password"])
        verifier = secours if index % 3 == 0 else singa
        flat = operator is not None and index % 15 == 7
        household_shape = rng.choice([(1, 0, 0), (0, 1, 0), (1, 1, 0), (1, 1, 2), (0, 1, 1), (2, 0, 0), (0, 2, 0)])
        men, women, kids = (0, 0, 0) if flat else household_shape
        offer = services.offer_create(
            acting_user=host,
            city=city,
            verifier=verifier,
            district=districts[DISTRICTS[index % len(DISTRICTS)]],
            address=f"{10 + index} rue de la démo, Paris",
            available_from=today - dt.timedelta(days=rng.randint(0, 40)),
            kind=OfferKind.VACANT_FLAT if flat else OfferKind.ROOM,
            operator=operator if flat else None,
            intermediation=(Intermediation.SUBLET if index % 2 else Intermediation.MANDATE) if flat else "",
            surface_m2=30 + index if flat else None,
            monthly_rent=700 + 10 * index if flat else None,
            rooms=1,
            beds=rng.choice([1, 1, 2, 2, 3]) if not flat else 4,
            resident_men=men,
            resident_women=women,
            resident_children=kids,
            step_free=rng.random() < 0.3,
            accepts_guest_pets=rng.random() < 0.2,
            accepts_children=rng.random() < 0.8,
            accepts_men=rng.random() < 0.7 or index < 2,
            languages=[languages[c] for c in rng.sample(LANGUAGES, rng.randint(1, 3)) if c in languages],
            min_months=3,
            max_months=rng.choice([6, 9, 12]),
            can_offer=rng.choice(["", "Aide aux devoirs (démo)", "Cours de français (démo)", "Repas partagés (démo)"]),
            is_demo=True,
        )
        staff = verifiers[verifier.pk]
        if index in (1,) or index >= 12:  # verified
            services.verification_record(
                offer=offer,
                acting_user=staff,
                identity_seen=True,
                visit_on=today - dt.timedelta(days=rng.randint(3, 30)),
                reference_checked=True,
                decision=VerificationDecision.VERIFIED,
            )
        elif index == 5:  # refused after the visit
            services.verification_record(
                offer=offer,
                acting_user=staff,
                identity_seen=True,
                visit_on=today - dt.timedelta(days=10),
                reference_checked=False,
                decision=VerificationDecision.REFUSED,
                note="Logement inadapté (démo)",
            )
        elif index % 2 == 0:  # checks under way
            services.verification_record(
                offer=offer, acting_user=staff, identity_seen=True, visit_on=None, reference_checked=False
            )
        offers.append(offer)
    counts["offers"] = len(offers)

    households = []
    compositions = [
        (Composition.MAN_ALONE, 1, 0),
        (Composition.WOMAN_ALONE, 1, 0),
        (Composition.WOMAN_WITH_CHILDREN, 1, 2),
        (Composition.COUPLE, 2, 0),
        (Composition.FAMILY, 2, 2),
        (Composition.MAN_ALONE, 1, 0),
    ]
    for index in range(HOUSEHOLDS):
        organisation = secours if index % 2 == 0 else singa
        composition, adults, children = compositions[index % len(compositions)]
        household = services.household_create(
            organisation=organisation,
            acting_user=verifiers[organisation.pk],
            composition=composition,
            adults=adults,
            children=children,
            pregnancy=composition == Composition.WOMAN_ALONE and index % 4 == 1,
            languages=[languages[c] for c in rng.sample(LANGUAGES, rng.randint(1, 2)) if c in languages],
            services_district=districts[rng.choice(DISTRICTS)],
            needed_from=today,
            months_needed=rng.choice([3, 6, 9]),
            reference=f"H-DEMO-{index + 1:03d}",
            name="Nom connu de l'association (démo)" if index % 10 == 0 else "",
            is_demo=True,
        )
        households.append(household)
    counts["households"] = len(households)

    # Stays in progress: the demo host's first offer and a few others, through the ordinary proposal path.
    active = HostOffer.objects.filter(pk__in=[o.pk for o in offers[12:]], status=OfferStatus.ACTIVE).order_by("pk")
    hosting = [offers[0], *list(active[:8])]
    from .models import HostVerification

    HostVerification.objects.filter(offer=offers[0]).update(
        identity_seen=True,
        visit_on=today - dt.timedelta(days=60),
        reference_checked=True,
        decision=VerificationDecision.VERIFIED,
        decided_by=singa_staff if offers[0].verifier_id == singa.pk else member,
        decided_at=timezone.now() - dt.timedelta(days=55),
    )
    HostOffer.objects.filter(pk=offers[0].pk).update(status=OfferStatus.ACTIVE)
    stays: list[Stay] = []
    waiting = list(households)
    for offer in hosting:
        offer.refresh_from_db()
        for household in list(waiting):
            stay = _stay_or_none(
                offer=offer,
                household=household,
                acting_user=verifiers[household.organisation_id],
                started_on=today - dt.timedelta(days=rng.randint(20, 120)),
                planned_end_on=today + dt.timedelta(days=rng.randint(20, 150)),
            )
            if stay is None:  # this household does not fit this home: try the next one
                continue
            waiting.remove(household)
            stays.append(stay)
            break
    for stay in stays:
        staff = verifiers[stay.organisation_id]
        for followup in stay.followups.filter(due_on__lte=today).order_by("due_on"):
            services.followup_record(
                followup=followup,
                acting_user=staff,
                notes="Visite au domicile, tout va bien (démo)",
                done_on=followup.due_on,
            )
    if len(stays) >= 3:
        # One ending: the host gave notice; the association found an alternative (a shelter place).
        ending = stays[1]
        services.stay_give_notice(stay=ending, acting_user=verifiers[ending.organisation_id], by="host", days=12)
        services.stay_record_alternative(
            stay=ending,
            acting_user=verifiers[ending.organisation_id],
            kind="shelter",
            note="Place réservée en centre municipal (démo)",
        )
        # One with a concern and an open case.
        worry = stays[2]
        services.incident_open(
            stay=worry,
            acting_user=verifiers[worry.organisation_id],
            urgency="medium",
            description="Tensions sur l'usage de la cuisine (démo)",
        )
    counts["stays"] = len(stays)
    Stay.objects.filter(pk__in=[s.pk for s in stays]).update(is_demo=True)

    # Proposals waiting for answers (the demo member's households, the open offers).
    counts["proposals"] = len(services.matching_run(city=city, acting_user=member, organisation=secours))
    _indicators(city)
    _write(
        stdout,
        f"  hosting: {counts['offers']} offers, {counts['households']} households, "
        f"{counts['stays']} stays, {counts['proposals']} proposals",
    )
    return counts


def _stay_or_none(**kwargs: Any) -> Stay | None:
    try:
        return services.stay_start(**kwargs)
    except Refused:
        return None


def _indicators(city: City) -> None:
    from accueil.plan import sources
    from accueil.plan.models import Commitment, Indicator, IndicatorSource

    commitment = Commitment.objects.filter(city=city, number=12).first()
    if commitment is None:
        return
    for key, name_fr, _name_en, unit, target in (
        (
            "hosting.placements",
            "Ménages accueillis chez des particuliers",
            "Households hosted by residents",
            "households",
            200,
        ),
        ("hosting.verified_hosts", "Hébergeurs vérifiés", "Verified hosts", "hosts", 300),
    ):
        if key in sources.SOURCES:
            Indicator.objects.get_or_create(
                city=city,
                commitment=commitment,
                computed_source=key,
                defaults={
                    "name": name_fr,
                    "unit": unit,
                    "baseline": Decimal(0),
                    "target": Decimal(target),
                    "source": IndicatorSource.COMPUTED,
                    "is_demo": True,
                },
            )
