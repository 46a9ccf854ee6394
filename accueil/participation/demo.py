"""Participation demo content for a city: training sessions, information sessions and the civic conference of
10 September 2015, all marked as demo (``is_demo``, " (démo)" in titles).

``load_demo(*, city, stdout=None)`` is idempotent: events are found again by title, and registrations are only
added to an event the first time it is created. The child-protection training grants the qualification that
missions working with minors require in the volunteering demo (the one most of them require), created when
the city has none. Runs after ``accueil.volunteering.demo`` (see ``load_demo``'s ``MODULE_DEMOS``) so that the
demo volunteers can be registered.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, Any, TextIO
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accueil.accounts.models import User
from accueil.organisations.models import Organisation
from accueil.organisations.search_text import normalise
from accueil.territories.models import District
from accueil.volunteering.models import Mission, QualificationType

from .models import (
    Event,
    EventKind,
    EventStatus,
    Proposal,
    ProposalAnswerStatus,
    ProposalModeration,
    Registration,
    RegistrationStatus,
    Resource,
    ResourceVersion,
    ResourceVisibility,
)
from .resources.services import clean_tags

if TYPE_CHECKING:
    from accueil.territories.models import City

DEMO_DOMAIN = "demo.accueil.invalid"
CHILD_PROTECTION_CODE = "protection-de-lenfance"
# (days from today, start hour, hours, kind, title, district number, place, capacity, registrations, description)
EVENTS = [
    (
        9,
        18,
        3,
        EventKind.TRAINING,
        "Accueillir sans juger : formation des bénévoles (démo)",
        11,
        "Maison des associations",
        25,
        18,
        "Trois heures pour comprendre le parcours des personnes exilées, adopter une posture d'écoute sans "
        "jugement et connaître les relais vers qui orienter.",
    ),
    (
        16,
        9,
        7,
        EventKind.TRAINING,
        "Protection de l'enfance : formation obligatoire (démo)",
        19,
        "Centre de formation de la Ville",
        20,
        20,
        "Formation obligatoire avant toute mission auprès de mineurs : repérer les situations de danger, "
        "connaître les règles de signalement et les limites du rôle de bénévole. La présence donne la "
        "qualification requise par ces missions.",
    ),
    (
        5,
        18,
        2,
        EventKind.INFORMATION_SESSION,
        "Devenir bénévole auprès des personnes réfugiées : réunion d'information (démo)",
        4,
        "Hôtel de Ville, salon des arcades",
        80,
        12,
        "Présentation des associations partenaires, des missions proposées et de la manière de s'inscrire.",
    ),
    (
        12,
        19,
        2,
        EventKind.INFORMATION_SESSION,
        "Héberger une personne réfugiée chez soi : réunion d'information (démo)",
        18,
        "Mairie du 18e arrondissement",
        60,
        6,
        "Le cadre de l'hébergement citoyen, l'accompagnement par une association et les questions pratiques.",
    ),
    (
        23,
        14,
        2,
        EventKind.INFORMATION_SESSION,
        "Parrainer une personne réfugiée : réunion d'information (démo)",
        20,
        "Maison des associations du 20e",
        40,
        0,
        "Ce qu'est le parrainage, le rôle de l'association référente et du bénévole, le temps à y consacrer.",
    ),
]
CONFERENCE_TITLE = "Conférence citoyenne : la mobilisation de la communauté de Paris pour l'accueil des réfugiés (démo)"


def _write(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def child_protection_qualification(city: City) -> QualificationType:
    """The qualification most missions with minors require; created (code `protection-de-lenfance`) if none."""
    required = Counter(
        Mission.objects.filter(city=city, works_with_minors=True, required_qualification__isnull=False).values_list(
            "required_qualification_id", flat=True
        )
    )
    if required:
        best = min(required.items(), key=lambda item: (-item[1], item[0]))[0]
        return QualificationType.objects.get(pk=best)
    qualification, _ = QualificationType.objects.get_or_create(
        city=city,
        code=CHILD_PROTECTION_CODE,
        defaults={"name": "Protection de l'enfance : règles et signalement", "validity_days": 730},
    )
    return qualification


@transaction.atomic
def load_demo(*, city: City, stdout: TextIO | None = None) -> dict[str, int]:
    """Create the city's demo events once; returns what this run created."""
    counts = {"events": 0, "registrations": 0}
    zone = ZoneInfo(city.timezone or "Europe/Paris")
    today = timezone.now().astimezone(zone).date()
    districts = {d.number: d for d in District.objects.filter(city=city)}
    people = list(
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", is_active=True)
        .exclude(email__in=[f"coordinator@{DEMO_DOMAIN}", f"elected@{DEMO_DOMAIN}"])
        .order_by("email")
        .values_list("pk", flat=True)[:200]
    )
    qualification = child_protection_qualification(city)
    offset = 0
    for days, hour, hours, kind, title, number, place, capacity, registrations, description in EVENTS:
        starts = dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour), tzinfo=zone)
        event, created = Event.objects.get_or_create(
            city=city,
            title=title,
            is_demo=True,
            defaults={
                "description": description,
                "kind": kind,
                "starts_at": starts,
                "ends_at": starts + dt.timedelta(hours=hours),
                "place": place,
                "address": f"{districts[number].name}, {city.name}" if number in districts else city.name,
                "district": districts.get(number),
                "capacity": capacity,
                "status": EventStatus.PUBLISHED,
                "grants_qualification": qualification if "enfance" in title else None,
            },
        )
        if not created:
            continue
        counts["events"] += 1
        chosen = people[offset : offset + min(registrations, capacity)]
        offset += len(chosen)
        Registration.objects.bulk_create(
            [Registration(city=city, event=event, user_id=pk, status=RegistrationStatus.REGISTERED) for pk in chosen]
        )
        Event.objects.filter(pk=event.pk).update(registered_count=len(chosen))
        counts["registrations"] += len(chosen)
    conference_start = dt.datetime(2015, 9, 10, 18, 30, tzinfo=ZoneInfo("Europe/Paris"))
    _conference, created = Event.objects.get_or_create(
        city=city,
        title=CONFERENCE_TITLE,
        is_demo=True,
        defaults={
            "description": (
                "Conférence citoyenne du 10 septembre 2015 réunissant associations, institutions et habitants "
                "autour du plan « Mobiliser la communauté de Paris pour l'accueil des réfugiés »."
            ),
            "kind": EventKind.CONFERENCE,
            "starts_at": conference_start,
            "ends_at": conference_start + dt.timedelta(hours=3),
            "place": "Hôtel de Ville de Paris" if city.slug == "paris" else city.name,
            "address": districts[4].name + ", " + city.name if 4 in districts else city.name,
            "district": districts.get(4),
            "capacity": None,
            "status": EventStatus.PUBLISHED,
        },
    )
    counts["events"] += int(created)
    _write(stdout, "  participation: {events} events, {registrations} registrations".format(**counts))
    load_contributions_demo(city=city, stdout=stdout)
    return counts


# Public proposals: (title, body, district number, commitment numbers of the measures it feeds, moderation,
# answer status, official answer). Measures are linked only when the city's plan is loaded.
PROPOSALS: list[tuple[str, str, int | None, tuple[int, ...], str, str, str]] = [
    (
        "Un guichet unique d'information dans chaque mairie d'arrondissement (démo)",
        "Les personnes nouvellement arrivées ne savent pas à qui s'adresser. Un point d'information dans chaque "
        "mairie d'arrondissement, avec des horaires fixes, orienterait vers les bons services.",
        18,
        (1,),
        ProposalModeration.PUBLISHED,
        ProposalAnswerStatus.PARTIALLY_ACCEPTED,
        "Des permanences d'information ouvriront d'abord dans quatre mairies d'arrondissement ; leur "
        "fréquentation sera présentée à la prochaine revue du plan.",
    ),
    (
        "Des cours de français le soir et le week-end (démo)",
        "Beaucoup de personnes travaillent ou suivent des démarches en journée. Des cours le soir et le samedi "
        "permettraient à davantage de personnes d'apprendre le français.",
        None,
        (5,),
        ProposalModeration.PUBLISHED,
        ProposalAnswerStatus.ACCEPTED,
        "Les associations partenaires proposeront des créneaux en soirée dès la rentrée ; la Ville met des "
        "salles à disposition.",
    ),
    (
        "Traduire les documents de la Ville en arabe, dari, pachto et tigrigna (démo)",
        "Les documents pratiques (santé, scolarité, transports) devraient exister dans les langues les plus "
        "parlées par les personnes accueillies.",
        None,
        (10,),
        ProposalModeration.PUBLISHED,
        ProposalAnswerStatus.IMPLEMENTED,
        "Le guide pratique de l'accueil est désormais disponible dans ces quatre langues, en ligne et imprimé.",
    ),
    (
        "Un annuaire des médecins parlant d'autres langues (démo)",
        "Il est difficile de trouver un médecin qui parle la langue de la personne accompagnée.",
        None,
        (),
        ProposalModeration.PUBLISHED,
        ProposalAnswerStatus.UNDER_STUDY,
        "",
    ),
    (
        "Ouvrir les gymnases municipaux aux associations sportives d'accueil (démo)",
        "Le sport aide à créer des liens. Des créneaux dans les gymnases municipaux pourraient être réservés "
        "aux associations qui accueillent des personnes réfugiées.",
        20,
        (),
        ProposalModeration.PUBLISHED,
        ProposalAnswerStatus.UNDER_STUDY,
        "La direction de la jeunesse et des sports étudie les créneaux disponibles.",
    ),
    (
        "Gratuité des transports pendant les premiers mois (démo)",
        "Se déplacer pour les démarches administratives coûte cher au début du parcours.",
        None,
        (),
        ProposalModeration.PUBLISHED,
        ProposalAnswerStatus.NOT_RETAINED,
        "La tarification des transports relève d'Île-de-France Mobilités ; la Ville transmet la proposition et "
        "rappelle la tarification solidaire existante.",
    ),
    (
        "Un parrainage professionnel avec les entreprises du quartier (démo)",
        "Des salariés volontaires pourraient accompagner une personne réfugiée dans sa recherche d'emploi.",
        11,
        (7,),
        ProposalModeration.PUBLISHED,
        ProposalAnswerStatus.ACCEPTED,
        "Un programme de parrainage professionnel est lancé avec les entreprises partenaires volontaires.",
    ),
    (
        "Des bagageries dans les lieux d'accueil de jour (démo)",
        "Pouvoir laisser ses affaires en sécurité pendant la journée facilite les démarches.",
        10,
        (2,),
        ProposalModeration.PUBLISHED,
        ProposalAnswerStatus.IMPLEMENTED,
        "Deux bagageries ont ouvert dans les accueils de jour du 10e et du 18e arrondissement.",
    ),
    (
        "Former les agents d'accueil de la Ville à l'interculturalité (démo)",
        "Les agents des guichets rencontrent des situations difficiles ; une formation les aiderait.",
        None,
        (10,),
        ProposalModeration.PUBLISHED,
        ProposalAnswerStatus.PARTIALLY_ACCEPTED,
        "Un module court sera intégré au plan de formation des agents d'accueil.",
    ),
    (
        "Une fête de quartier annuelle avec les personnes accueillies (démo)",
        "Un moment festif ouvert à tous pour se rencontrer.",
        19,
        (),
        ProposalModeration.PUBLISHED,
        ProposalAnswerStatus.UNDER_STUDY,
        "",
    ),
    (
        "Des jardins partagés ouverts aux familles hébergées (démo)",
        "Les jardins partagés du quartier pourraient réserver des parcelles aux familles hébergées à proximité.",
        20,
        (),
        ProposalModeration.PENDING,
        "",
        "",
    ),
    (
        "Proposition hors sujet (démo)",
        "Texte sans rapport avec l'accueil des personnes réfugiées.",
        None,
        (),
        ProposalModeration.REJECTED,
        "",
        "",
    ),
]
REJECTION_REASON = "Cette proposition ne concerne pas l'accueil des personnes réfugiées (démo)."
PROPOSAL_AUTHORS = ["volunteer", "host", "translator", "org-member"]
FALLBACK_AUTHOR = "habitante"

# Resources: (title, summary, body, tags, public?, index of the demo organisation or None for the City).
RESOURCES: list[tuple[str, str, str, str, bool, int | None]] = [
    (
        "Guide de l'accueil de jour (démo)",
        "Horaires, adresses et services des accueils de jour.",
        "Les accueils de jour proposent une domiciliation, des douches, une bagagerie et un accompagnement "
        "social. Venez avec une pièce d'identité si vous en avez une ; elle n'est pas obligatoire.",
        "accueil de jour, orientation",
        True,
        None,
    ),
    (
        "Fiche pratique : ouvrir ses droits à l'assurance maladie (démo)",
        "Les étapes pour obtenir la protection universelle maladie.",
        "1. Rassembler les justificatifs. 2. Déposer le dossier à la caisse primaire. 3. Suivre la demande. "
        "Les associations partenaires peuvent accompagner la démarche.",
        "santé, droits",
        True,
        0,
    ),
    (
        "Retour d'expérience : cours de français en soirée (démo)",
        "Ce que nous avons appris après un an de cours du soir.",
        "Des groupes de huit personnes au plus, un thème concret par séance et une pause conviviale : "
        "l'assiduité a doublé par rapport aux cours de journée.",
        "français, apprentissage, retour d'expérience",
        False,
        1,
    ),
    (
        "Charte du bénévole (démo)",
        "Les engagements réciproques des bénévoles et des associations.",
        "Le bénévole respecte la confidentialité, la dignité et les choix des personnes accompagnées. "
        "L'association forme, accompagne et assure le bénévole.",
        "bénévolat, charte",
        True,
        None,
    ),
    (
        "Modèle de convention d'hébergement citoyen (démo)",
        "Le modèle de convention entre l'hébergeur, la personne hébergée et l'association.",
        "Article 1 : objet. Article 2 : durée. Article 3 : engagements de l'hébergeur. Article 4 : engagements "
        "de l'association référente. Article 5 : fin de l'hébergement.",
        "hébergement, modèle",
        False,
        2,
    ),
    (
        "Repérer les signes de stress post-traumatique (démo)",
        "Une fiche pour les bénévoles et les professionnels de l'accueil.",
        "Troubles du sommeil, évitement, irritabilité : orienter vers un professionnel de santé sans poser de "
        "diagnostic soi-même.",
        "santé, santé mentale, formation",
        False,
        0,
    ),
    (
        "Calendrier des permanences juridiques (démo)",
        "Où et quand rencontrer un juriste gratuitement.",
        "Permanences hebdomadaires dans les maisons de la justice et du droit et chez les associations "
        "partenaires ; sans rendez-vous le mercredi après-midi.",
        "droit, asile, permanences",
        True,
        3,
    ),
    (
        "Compte rendu de la réunion des partenaires (démo)",
        "Décisions et actions de la dernière réunion semestrielle des partenaires.",
        "Les partenaires ont décidé de mutualiser les créneaux de cours de français et de partager un "
        "calendrier commun des formations.",
        "réunion, partenaires",
        False,
        None,
    ),
    (
        "Lexique de l'accueil en cinq langues (démo)",
        "Les mots utiles des démarches en français, anglais, arabe, dari et tigrigna.",
        "Domiciliation, titre de séjour, récépissé, rendez-vous, ordonnance : chaque mot avec sa traduction "
        "et une courte explication.",
        "langues, lexique",
        True,
        1,
    ),
    (
        "Accompagner la scolarisation des enfants (démo)",
        "Les démarches d'inscription à l'école et les contacts utiles.",
        "L'inscription se fait en mairie d'arrondissement puis à l'école. Un enfant peut être scolarisé quelle "
        "que soit la situation administrative de ses parents.",
        "scolarité, enfants",
        False,
        3,
    ),
]
VERSIONED_TITLE = "Guide de l'accueil de jour (démo)"
SECOND_VERSION_BODY = (
    " Depuis cette année, deux bagageries sont ouvertes dans les accueils de jour du 10e et du 18e arrondissement."
)


def _demo_user(email: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, display_name="Habitante (démo)")
        user.set_unusable_password()
        user.save()
    return user


def _first_measures(city: City) -> dict[int, Any]:
    """The first published measure of each commitment of the city's plan, by commitment number."""
    from accueil.plan.models import Measure

    first: dict[int, Any] = {}
    for measure in (
        Measure.objects.filter(city=city, published=True, commitment__published=True)
        .select_related("commitment")
        .order_by("commitment__number", "position", "pk")
    ):
        first.setdefault(measure.commitment.number, measure)
    return first


def _load_proposals(city: City) -> int:
    authors = list(User.objects.filter(email__in=[f"{name}@{DEMO_DOMAIN}" for name in PROPOSAL_AUTHORS]))
    if not authors:
        authors = [_demo_user(f"{FALLBACK_AUTHOR}@{DEMO_DOMAIN}")]
    authors.sort(key=lambda user: user.email)
    coordinator = User.objects.filter(email=f"coordinator@{DEMO_DOMAIN}").first()
    districts = {d.number: d for d in District.objects.filter(city=city)}
    measures = _first_measures(city)
    existing = set(Proposal.objects.filter(city=city, is_demo=True).values_list("title", flat=True))
    now = timezone.now()
    created = 0
    for index, (title, body, district, commitments, moderation, status, answer) in enumerate(PROPOSALS):
        if title in existing:
            continue
        proposal = Proposal(
            city=city,
            author=authors[index % len(authors)],
            title=title,
            body=body,
            district=districts.get(district) if district else None,
            moderation=moderation,
            answer_status=status,
            answer=answer,
            is_demo=True,
        )
        if moderation != ProposalModeration.PENDING:
            proposal.moderated_by, proposal.moderated_at = coordinator, now
        if moderation == ProposalModeration.REJECTED:
            proposal.rejection_reason = REJECTION_REASON
        if answer:
            proposal.answered_by, proposal.answered_at = coordinator, now
        proposal.full_clean()
        proposal.save()
        linked = [measures[number] for number in commitments if number in measures]
        if linked:
            proposal.measures.set(linked)
        created += 1
    return created


def _load_resources(city: City) -> tuple[int, int]:
    organisations = list(Organisation.objects.filter(city=city, is_demo=True).order_by("name")[:4])
    sharer = User.objects.filter(email=f"coordinator@{DEMO_DOMAIN}").first()
    existing = set(Resource.objects.filter(city=city, is_demo=True).values_list("title", flat=True))
    resources = versions = 0
    for title, summary, body, tags, public, organisation_index in RESOURCES:
        if title in existing:
            continue
        organisation = None
        if organisation_index is not None and organisations:
            organisation = organisations[organisation_index % len(organisations)]
        resource = Resource(
            city=city,
            organisation=organisation,
            title=title,
            summary=summary,
            body=body,
            visibility=ResourceVisibility.PUBLIC if public else ResourceVisibility.MEMBERS,
            tags=clean_tags(tags),
            created_by=sharer,
            is_demo=True,
        )
        resource.search_text = normalise(f"{title} {summary} {resource.tags} {body}")
        resource.full_clean()
        resource.save()
        texts = [(body, "Première version (démo)")]
        if title == VERSIONED_TITLE:
            texts.append((body + SECOND_VERSION_BODY, "Ajout des bagageries (démo)"))
        for number, (text, note) in enumerate(texts, start=1):
            version = ResourceVersion(
                city=city,
                resource=resource,
                number=number,
                title=title,
                summary=summary,
                body=text,
                tags=resource.tags,
                note=note,
                created_by=sharer,
            )
            version.full_clean()
            version.save()
            versions += 1
        if len(texts) > 1:
            resource.body, resource.version = texts[-1][0], len(texts)
            resource.search_text = normalise(f"{title} {summary} {resource.tags} {resource.body}")
            resource.save(update_fields=["body", "version", "search_text"])
        resources += 1
    return resources, versions


@transaction.atomic
def load_contributions_demo(*, city: City, stdout: TextIO | None = None) -> dict[str, int]:
    """Public proposals (answered, some linked to the first measure of a plan commitment when the plan is
    loaded) and library resources shared by demo partners; found again by title, so running twice adds
    nothing."""
    proposals = _load_proposals(city)
    resources, versions = _load_resources(city)
    counts = {"proposals": proposals, "resources": resources, "resource_versions": versions}
    _write(stdout, "  participation: {proposals} proposals, {resources} resources".format(**counts))
    return counts
