"""Demo rights guide for Paris: general information written for the demo, not official advice.

Idempotent: articles, steps and road maps are updated in place; translations are loaded as published, the Arabic
and Tigrinya ones flagged ``needs_review`` in their meta.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accueil.translations.services import source_changed_all, translation_load_published

from .models import Article, RoadMap, RoadMapStage, Step

if TYPE_CHECKING:
    from accueil.territories.models import City

NEEDS_REVIEW = {"needs_review": True, "demo": True}

# slug, category, statuses, order, French (title, summary, body, steps), English (same shape)
ARTICLES: list[dict[str, Any]] = [
    {
        "slug": "demande-asile",
        "category": "asylum",
        "statuses": ["asylum_seeker"],
        "fr": (
            "La demande d'asile, étape par étape (démo)",
            "De la première plateforme d'accueil jusqu'à la décision de l'OFPRA ou de la CNDA.",
            "Pour demander l'asile en France, vous passez d'abord par une structure de premier accueil (SPADA), "
            "puis par le guichet unique (GUDA) à la préfecture, qui enregistre votre demande. Vous envoyez ensuite "
            "votre dossier à l'OFPRA, qui vous convoque à un entretien. En cas de refus, vous pouvez faire un "
            "recours devant la CNDA.",
            [
                (
                    "Aller à la structure de premier accueil (SPADA)",
                    "Elle prend un rendez-vous au guichet unique.",
                    "asylum-registration",
                ),
                (
                    "Guichet unique (GUDA) à la préfecture",
                    "Votre demande est enregistrée ; vous recevez une attestation.",
                    "asylum-registration",
                ),
                (
                    "Dossier et entretien à l'OFPRA",
                    "Envoyez le formulaire dans les délais ; un juriste peut vous aider.",
                    "asylum-support",
                ),
                ("Recours devant la CNDA", "En cas de refus, un avocat peut vous aider gratuitement.", "legal"),
            ],
        ),
        "en": (
            "The asylum application, step by step (demo)",
            "From the first reception platform to the decision of OFPRA or the CNDA.",
            "To apply for asylum in France, you first go to a first-reception organisation (SPADA), then to the "
            "one-stop desk (GUDA) at the prefecture, which registers your application. You then send your file to "
            "OFPRA, which invites you to an interview. If refused, you can appeal to the CNDA.",
            [
                ("Go to the first-reception organisation (SPADA)", "It books your appointment at the one-stop desk."),
                (
                    "One-stop desk (GUDA) at the prefecture",
                    "Your application is registered; you receive a certificate.",
                ),
                ("File and interview at OFPRA", "Send the form in time; a legal adviser can help you."),
                ("Appeal to the CNDA", "If refused, a lawyer can help you for free."),
            ],
        ),
        "ar": ("طلب اللجوء خطوة بخطوة", "من منصة الاستقبال الأولى حتى قرار المكتب الفرنسي لحماية اللاجئين."),
        "ti": ("ሕቶ ዑቕባ ብደረጃ", "ካብ ቀዳማይ መቐበሊ ክሳብ ውሳነ OFPRA።"),
    },
    {
        "slug": "sante",
        "category": "health",
        "statuses": ["asylum_seeker", "refugee", "undocumented"],
        "fr": (
            "Se soigner : PUMa, CSS, AME et PASS (démo)",
            "Quelle couverture santé selon votre situation, et où être soigné sans couverture.",
            "Les demandeurs d'asile et les réfugiés peuvent avoir la protection universelle maladie (PUMa) et la "
            "complémentaire santé solidaire (CSS). Les personnes sans titre de séjour peuvent demander l'aide "
            "médicale de l'État (AME). Sans couverture, les permanences d'accès aux soins de santé (PASS) des "
            "hôpitaux soignent tout le monde.",
            [
                ("Être soigné tout de suite", "Allez à une PASS ou dans un centre de santé.", "health-pass"),
                (
                    "Demander une couverture",
                    "Un travailleur social ou un point d'accès au droit vous aide.",
                    "legal-mediation",
                ),
            ],
        ),
        "en": (
            "Health care: PUMa, CSS, AME and PASS (demo)",
            "Which health cover for your situation, and where to get care without cover.",
            "Asylum seekers and refugees can get universal health protection (PUMa) and the solidarity "
            "supplementary cover (CSS). People without a residence permit can ask for State medical aid (AME). "
            "Without cover, the hospitals' health access desks (PASS) treat everyone.",
            [
                ("Get care now", "Go to a PASS or a health centre."),
                ("Apply for cover", "A social worker or a legal access point helps you."),
            ],
        ),
        "ar": ("العلاج: التغطية الصحية", "أي تغطية صحية حسب وضعك، وأين تتلقى العلاج بدون تغطية."),
        "ti": ("ክንክን ጥዕና", "ከመይ ጌርካ ሕክምና ትረክብ።"),
    },
    {
        "slug": "hebergement-urgence",
        "category": "sleep",
        "statuses": ["asylum_seeker", "refugee", "undocumented", "unaccompanied_minor"],
        "fr": (
            "Hébergement d'urgence : le 115 (démo)",
            "Appelez le 115, gratuit, jour et nuit.",
            "Le 115 est le numéro gratuit de l'hébergement d'urgence. Appelez tôt le matin ; si aucune place n'est "
            "libre, des accueils de jour vous permettent de vous reposer, de vous laver et de manger.",
            [
                ("Appeler le 115", "Gratuit depuis tout téléphone.", "sleep-emergency"),
                ("Trouver un accueil de jour", "Repos, douches, repas.", "sleep-day-centre"),
            ],
        ),
        "en": (
            "Emergency shelter: 115 (demo)",
            "Call 115, free, day and night.",
            "115 is the free emergency shelter number. Call early in the morning; if no place is free, day centres "
            "let you rest, wash and eat.",
            [("Call 115", "Free from any phone."), ("Find a day centre", "Rest, showers, meals.")],
        ),
    },
    {
        "slug": "aide-juridique",
        "category": "legal",
        "statuses": ["asylum_seeker", "refugee", "undocumented"],
        "fr": (
            "Aide juridique gratuite (démo)",
            "Des juristes et avocats répondent gratuitement à vos questions.",
            "Les points d'accès au droit et les permanences d'associations donnent des conseils gratuits sur le "
            "séjour, l'asile, le logement et le travail. L'aide juridictionnelle peut payer votre avocat.",
            [("Aller à un point d'accès au droit", "Sans rendez-vous ou sur rendez-vous.", "legal-access-point")],
        ),
        "en": (
            "Free legal help (demo)",
            "Legal advisers and lawyers answer your questions for free.",
            "Legal access points and associations give free advice on residence, asylum, housing and work. Legal "
            "aid can pay for your lawyer.",
            [("Go to a legal access point", "With or without an appointment.")],
        ),
    },
    {
        "slug": "rsa",
        "category": "legal",
        "statuses": ["refugee"],
        "fr": (
            "Le RSA pour les réfugiés (démo)",
            "Un revenu minimum pour les bénéficiaires de la protection internationale.",
            "Les réfugiés et bénéficiaires de la protection subsidiaire de plus de 25 ans peuvent demander le "
            "revenu de solidarité active (RSA) à la CAF, sans condition de durée de séjour.",
            [("Demander le RSA à la CAF", "Un point de médiation vous aide à faire la demande.", "legal-mediation")],
        ),
        "en": (
            "RSA income support for refugees (demo)",
            "A minimum income for beneficiaries of international protection.",
            "Refugees and beneficiaries of subsidiary protection over 25 can apply for the RSA income support at "
            "the CAF, with no minimum length of stay.",
            [("Apply for the RSA at the CAF", "A mediation point helps you apply.")],
        ),
    },
    {
        "slug": "cours-francais",
        "category": "french",
        "statuses": ["asylum_seeker", "refugee", "undocumented"],
        "fr": (
            "Apprendre le français (démo)",
            "Des cours gratuits pour adultes, à tous les niveaux.",
            "La Ville et des associations proposent des cours de français gratuits. Les réfugiés suivent aussi "
            "les cours du contrat d'intégration républicaine.",
            [("S'inscrire à un cours", "Un test de niveau est proposé.", "french-adults")],
        ),
        "en": (
            "Learn French (demo)",
            "Free classes for adults, at every level.",
            "The City and associations offer free French classes. Refugees also follow the classes of the "
            "republican integration contract.",
            [("Sign up for a class", "A level test is offered.")],
        ),
    },
    {
        "slug": "scolarisation",
        "category": "school",
        "statuses": ["asylum_seeker", "refugee", "undocumented"],
        "fr": (
            "Scolariser ses enfants (démo)",
            "L'école est un droit pour tous les enfants de 3 à 16 ans.",
            "Tous les enfants ont droit à l'école, quelle que soit la situation de leurs parents. Inscrivez-les à "
            "la mairie d'arrondissement.",
            [("Inscrire l'enfant à la mairie", "Apportez une preuve d'adresse si vous en avez une.", "school")],
        ),
        "en": (
            "Sending your children to school (demo)",
            "School is a right for every child from 3 to 16.",
            "Every child has a right to school, whatever their parents' situation. Register them at the district "
            "town hall.",
            [("Register the child at the town hall", "Bring a proof of address if you have one.")],
        ),
    },
    {
        "slug": "travail",
        "category": "work",
        "statuses": ["asylum_seeker", "refugee"],
        "fr": (
            "Travailler (démo)",
            "Quand et comment chercher un emploi ou une formation.",
            "Les réfugiés peuvent travailler tout de suite. Les demandeurs d'asile peuvent demander une "
            "autorisation de travail après six mois de procédure.",
            [("Chercher un emploi ou une formation", "Des structures vous accompagnent.", "work-training")],
        ),
        "en": (
            "Working (demo)",
            "When and how to look for a job or a training.",
            "Refugees may work straight away. Asylum seekers may ask for a work permit after six months of procedure.",
            [("Look for a job or a training", "Organisations support you.")],
        ),
    },
    {
        "slug": "mineurs-non-accompagnes",
        "category": "legal",
        "statuses": ["unaccompanied_minor"],
        "fr": (
            "Mineurs non accompagnés (démo)",
            "Si vous avez moins de 18 ans et êtes seul en France, vous devez être protégé.",
            "Un mineur seul doit être mis à l'abri et évalué par le département, puis confié à l'aide sociale à "
            "l'enfance. Des associations et des avocats spécialisés peuvent vous aider.",
            [
                ("Demander une mise à l'abri", "Présentez-vous au dispositif d'évaluation.", "sleep-emergency"),
                ("Être conseillé", "Un juriste spécialisé vous accompagne.", "legal-access-point"),
            ],
        ),
        "en": (
            "Unaccompanied minors (demo)",
            "If you are under 18 and alone in France, you must be protected.",
            "A minor on their own must be sheltered and assessed by the département, then placed in child welfare. "
            "Associations and specialised lawyers can help you.",
            [("Ask for shelter", "Go to the assessment service."), ("Get advice", "A specialised adviser helps.")],
        ),
    },
]

ROAD_MAPS: list[dict[str, Any]] = [
    {
        "status": "asylum_seeker",
        "fr": ("Je demande l'asile (démo)", "Les grandes étapes, dans l'ordre."),
        "en": ("I am applying for asylum (demo)", "The main stages, in order."),
        "ar": ("أنا طالب لجوء", "المراحل الرئيسية بالترتيب."),
        "ti": ("ሓታቲ ዑቕባ እየ", "ቀንዲ ደረጃታት።"),
        "stages": [
            ("Premier accueil (SPADA)", "First reception (SPADA)", "demande-asile"),
            ("Enregistrement au guichet unique (GUDA)", "Registration at the one-stop desk (GUDA)", "demande-asile"),
            ("Se soigner pendant la procédure", "Health care during the procedure", "sante"),
            ("Entretien à l'OFPRA", "Interview at OFPRA", "demande-asile"),
            (
                "Décision, puis recours éventuel à la CNDA",
                "Decision, then a possible appeal to the CNDA",
                "aide-juridique",
            ),
        ],
    },
    {
        "status": "refugee",
        "fr": ("J'ai obtenu une protection (BPI) (démo)", "Après la décision : droits et démarches."),
        "en": ("I have been granted protection (BPI) (demo)", "After the decision: rights and steps."),
        "stages": [
            ("Ouvrir ses droits santé", "Open your health rights", "sante"),
            ("Demander le RSA", "Apply for the RSA", "rsa"),
            ("Apprendre le français", "Learn French", "cours-francais"),
            ("Trouver un emploi", "Find a job", "travail"),
        ],
    },
    {
        "status": "unaccompanied_minor",
        "fr": ("Je suis mineur et seul (démo)", "Être protégé et accompagné."),
        "en": ("I am under 18 and alone (demo)", "Being protected and supported."),
        "stages": [
            ("Mise à l'abri et évaluation", "Shelter and assessment", "mineurs-non-accompagnes"),
            ("Aller à l'école", "Going to school", "scolarisation"),
        ],
    },
]


def _translate(obj: Any, language: str, texts: dict[str, str], meta: dict[str, Any] | None = None) -> int:
    count = 0
    for field, text in texts.items():
        if text:
            translation_load_published(obj=obj, field=field, language=language, text=text, meta=meta)
            count += 1
    return count


def load_demo(*, city: City, stdout: Any = None) -> dict[str, int]:
    articles: dict[str, Article] = {}
    translations = 0
    for order, data in enumerate(ARTICLES):
        title, summary, body, steps = data["fr"]
        article, _created = Article.objects.update_or_create(
            city=city,
            slug=data["slug"],
            defaults={
                "category_code": data["category"],
                "statuses": data["statuses"],
                "title": title,
                "summary": summary,
                "body": body,
                "order": order,
                "published": True,
                "is_demo": True,
            },
        )
        source_changed_all(article)
        articles[data["slug"]] = article
        en_title, en_summary, en_body, en_steps = data["en"]
        translations += _translate(article, "en", {"title": en_title, "summary": en_summary, "body": en_body})
        existing = list(article.steps.order_by("order", "pk"))
        for index, (step_title, step_body, category) in enumerate(steps):
            step = existing[index] if index < len(existing) else Step(city=city, article=article)
            step.order, step.title, step.body, step.service_category_code = index, step_title, step_body, category
            step.save()
            source_changed_all(step)
            translations += _translate(step, "en", {"title": en_steps[index][0], "body": en_steps[index][1]})
        for step in existing[len(steps) :]:
            step.delete()
        for language in ("ar", "ti"):
            if language in data:
                short_title, short_summary = data[language]
                translations += _translate(
                    article, language, {"title": short_title, "summary": short_summary}, NEEDS_REVIEW
                )
    for order, data in enumerate(ROAD_MAPS):
        road_map, _created = RoadMap.objects.update_or_create(
            city=city,
            status=data["status"],
            defaults={"title": data["fr"][0], "summary": data["fr"][1], "order": order, "is_demo": True},
        )
        source_changed_all(road_map)
        translations += _translate(road_map, "en", {"title": data["en"][0], "summary": data["en"][1]})
        for language in ("ar", "ti"):
            if language in data:
                translations += _translate(
                    road_map, language, {"title": data[language][0], "summary": data[language][1]}, NEEDS_REVIEW
                )
        existing_stages = list(road_map.stages.order_by("order", "pk"))
        for index, (fr_title, en_title, slug) in enumerate(data["stages"]):
            stage = (
                existing_stages[index] if index < len(existing_stages) else RoadMapStage(city=city, road_map=road_map)
            )
            stage.order, stage.title, stage.article = index, fr_title, articles.get(slug)
            stage.save()
            source_changed_all(stage)
            translations += _translate(stage, "en", {"title": en_title})
        for stage in existing_stages[len(data["stages"]) :]:
            stage.delete()
    if stdout is not None:
        stdout.write(f"Guide: {len(articles)} articles, {len(ROAD_MAPS)} road maps, {translations} translated texts.")
    return {"articles": len(articles), "road_maps": len(ROAD_MAPS), "translations": translations}
