"""Demo classes and learners (marked `is_demo`): the City's adult courses, the universities' French as a foreign
language, a dozen associations' classes across the districts, learners placed (with sessions and attendance),
learners waiting (some beside half-empty classes a few kilometres away, for the placement engine), and the
plan's live indicators for commitments 8 and 9.

Titles are French with translations into the six other languages loaded through the content translation
workflow, each flagged `needs_review` in its meta (written without a native speaker's check). Names of classes
and addresses are demo names.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import TextIO

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accueil.accounts.models import User
from accueil.core.errors import Refused
from accueil.organisations.models import Organisation, OrganisationType, Verification
from accueil.territories.models import City, District
from accueil.translations.services import translation_load_published

from . import services
from .indicators import INDICATOR_SOURCES
from .models import Course, CourseKind, Enrolment, EnrolmentStatus, Learner, LearnerApplication, Level

SEED = 2016
COORDINATOR = "coordinator@demo.accueil.invalid"
NEEDS_REVIEW = {"needs_review": True, "demo": True}

CITY_COURSES = "Cours municipaux d'adultes de la Ville de Paris (démo)"
UNIVERSITIES = "Universités parisiennes"
ASSOCIATIONS = [
    "Association specialise dans l'apprentissage du français",
    "COALLIA",
    "EMMAUS Solidarité",
    "La Ligue de l'enseignement",
    "Léo Lagrange",
    "Les Francas",
    "Secours catholique",
    "Secours populaire",
    "Croix-Rouge française",
    "France Terre d'Asile",
    "CIEMI",
    "AFPA",
]

# Title templates by kind, in the seven languages ({level} is replaced by the CEFR code).
TITLES: dict[str, dict[str, str]] = {
    CourseKind.FRENCH: {
        "fr": "Français {level} (démo)",
        "en": "French {level} (demo)",
        "ar": "اللغة الفرنسية {level} (تجريبي)",
        "fa": "زبان فرانسه {level} (نمایشی)",
        "ps": "فرانسوي ژبه {level} (ازمایښتي)",
        "ti": "ፈረንሳይኛ {level} (ንመርኣያ)",
        "am": "ፈረንሳይኛ {level} (ማሳያ)",
    },
    CourseKind.LITERACY: {
        "fr": "Lire et écrire en français (démo)",
        "en": "Reading and writing in French (demo)",
        "ar": "القراءة والكتابة بالفرنسية (تجريبي)",
        "fa": "خواندن و نوشتن به فرانسه (نمایشی)",
        "ps": "په فرانسوي لوستل او لیکل (ازمایښتي)",
        "ti": "ብፈረንሳይኛ ምንባብን ምጽሓፍን (ንመርኣያ)",
        "am": "በፈረንሳይኛ ማንበብና መጻፍ (ማሳያ)",
    },
    CourseKind.FRENCH_FOR_WORK: {
        "fr": "Français pour le travail {level} (démo)",
        "en": "French for work {level} (demo)",
        "ar": "الفرنسية للعمل {level} (تجريبي)",
        "fa": "فرانسه برای کار {level} (نمایشی)",
        "ps": "د کار لپاره فرانسوي {level} (ازمایښتي)",
        "ti": "ፈረንሳይኛ ንስራሕ {level} (ንመርኣያ)",
        "am": "ፈረንሳይኛ ለሥራ {level} (ማሳያ)",
    },
    CourseKind.UNIVERSITY: {
        "fr": "Français langue étrangère, préparation à l'université {level} (démo)",
        "en": "French as a foreign language, university preparation {level} (demo)",
        "ar": "الفرنسية لغة أجنبية، التحضير للجامعة {level} (تجريبي)",
        "fa": "فرانسه به عنوان زبان خارجی، آمادگی برای دانشگاه {level} (نمایشی)",
        "ps": "فرانسوي د بهرنۍ ژبې په توګه، پوهنتون ته چمتووالی {level} (ازمایښتي)",
        "ti": "ፈረንሳይኛ ከም ወጻኢ ቋንቋ፡ ምድላው ንዩኒቨርስቲ {level} (ንመርኣያ)",
        "am": "ፈረንሳይኛ እንደ ውጭ ቋንቋ፣ ለዩኒቨርሲቲ ዝግጅት {level} (ማሳያ)",
    },
    CourseKind.HOMEWORK: {
        "fr": "Aide aux devoirs (démo)",
        "en": "Homework help (demo)",
        "ar": "المساعدة في الواجبات المدرسية (تجريبي)",
        "fa": "کمک در تکالیف مدرسه (نمایشی)",
        "ps": "د کورني کار مرسته (ازمایښتي)",
        "ti": "ሓገዝ ዕዮ ገዛ (ንመርኣያ)",
        "am": "የቤት ሥራ እገዛ (ማሳያ)",
    },
    CourseKind.VOCATIONAL: {
        "fr": "Formation professionnelle : métiers du bâtiment (démo)",
        "en": "Vocational training: building trades (demo)",
        "ar": "تدريب مهني: مهن البناء (تجريبي)",
        "fa": "آموزش حرفه‌ای: مشاغل ساختمانی (نمایشی)",
        "ps": "مسلکي روزنه: د ودانیو کارونه (ازمایښتي)",
        "ti": "ሞያዊ ስልጠና፡ ስራሕቲ ህንጻ (ንመርኣያ)",
        "am": "የሙያ ሥልጠና፡ የግንባታ ሙያዎች (ማሳያ)",
    },
    CourseKind.BUSINESS: {
        "fr": "Créer son entreprise (démo)",
        "en": "Starting a business (demo)",
        "ar": "إنشاء مشروعك الخاص (تجريبي)",
        "fa": "راه‌اندازی کسب‌وکار (نمایشی)",
        "ps": "خپل کاروبار پیلول (ازمایښتي)",
        "ti": "ናይ ገዛእ ርእስኻ ትካል ምምስራት (ንመርኣያ)",
        "am": "የራስን ንግድ መጀመር (ማሳያ)",
    },
}

# (organisation, kind, level required, level reached, days mask, start hour, district, places, childcare,
#  women-only, cost)
COURSES = [
    (CITY_COURSES, CourseKind.FRENCH, 0, 1, 1 | 4, 18, 18, 20, False, False, 90),
    (CITY_COURSES, CourseKind.FRENCH, 1, 2, 2 | 8, 18, 19, 20, False, False, 90),
    (CITY_COURSES, CourseKind.FRENCH, 2, 3, 1 | 4, 19, 11, 20, False, False, 90),
    (CITY_COURSES, CourseKind.FRENCH_FOR_WORK, 2, 3, 2 | 8, 18, 10, 16, False, False, 90),
    (CITY_COURSES, CourseKind.LITERACY, 0, 0, 1 | 8, 14, 20, 12, True, False, 0),
    (UNIVERSITIES, CourseKind.UNIVERSITY, 2, 3, 1 | 2 | 4 | 8, 9, 5, 25, False, False, 0),
    (UNIVERSITIES, CourseKind.UNIVERSITY, 3, 4, 1 | 2 | 4 | 8, 9, 13, 25, False, False, 0),
    (UNIVERSITIES, CourseKind.UNIVERSITY, 4, 5, 1 | 4, 14, 5, 20, False, False, 0),
    (ASSOCIATIONS[0], CourseKind.FRENCH, 0, 1, 1 | 4, 9, 18, 12, True, True, 0),
    (ASSOCIATIONS[0], CourseKind.FRENCH, 1, 2, 2 | 16, 9, 18, 12, False, False, 0),
    (ASSOCIATIONS[1], CourseKind.FRENCH, 0, 1, 1 | 4, 10, 19, 15, False, False, 0),
    (ASSOCIATIONS[1], CourseKind.LITERACY, 0, 0, 2 | 8, 10, 19, 10, True, True, 0),
    (ASSOCIATIONS[2], CourseKind.FRENCH, 0, 1, 1 | 2 | 4, 14, 10, 15, False, False, 0),
    (ASSOCIATIONS[2], CourseKind.FRENCH, 1, 2, 8 | 16, 14, 10, 15, False, False, 0),
    (ASSOCIATIONS[3], CourseKind.FRENCH, 0, 1, 32, 10, 20, 14, True, False, 0),
    (ASSOCIATIONS[3], CourseKind.HOMEWORK, 0, 0, 2 | 8, 17, 20, 20, False, False, 0),
    (ASSOCIATIONS[4], CourseKind.HOMEWORK, 0, 0, 1 | 4, 17, 19, 20, False, False, 0),
    (ASSOCIATIONS[4], CourseKind.FRENCH, 1, 2, 32, 14, 12, 12, False, False, 0),
    (ASSOCIATIONS[5], CourseKind.HOMEWORK, 0, 0, 4 | 32, 14, 18, 16, False, False, 0),
    (ASSOCIATIONS[6], CourseKind.FRENCH, 0, 1, 2 | 8, 9, 14, 12, True, True, 0),
    (ASSOCIATIONS[6], CourseKind.FRENCH, 2, 3, 2 | 8, 14, 14, 12, False, False, 0),
    (ASSOCIATIONS[7], CourseKind.FRENCH, 0, 1, 1 | 16, 10, 3, 15, False, False, 0),
    (ASSOCIATIONS[8], CourseKind.FRENCH, 0, 1, 4 | 16, 14, 15, 15, False, False, 0),
    (ASSOCIATIONS[8], CourseKind.LITERACY, 0, 0, 1 | 4, 9, 15, 10, True, False, 0),
    (ASSOCIATIONS[9], CourseKind.FRENCH_FOR_WORK, 1, 2, 1 | 4, 9, 17, 14, False, False, 0),
    (ASSOCIATIONS[10], CourseKind.FRENCH, 1, 2, 2 | 8, 18, 6, 12, False, False, 0),
    (ASSOCIATIONS[11], CourseKind.VOCATIONAL, 2, 2, 1 | 2 | 4 | 8 | 16, 9, 12, 16, False, False, 0),
    (ASSOCIATIONS[11], CourseKind.BUSINESS, 2, 2, 4, 14, 2, 12, False, False, 0),
]

STREETS = [
    "rue de la Chapelle",
    "rue de Tanger",
    "boulevard de Belleville",
    "rue du Faubourg-Saint-Denis",
    "rue des Pyrénées",
    "rue Oberkampf",
    "rue d'Alésia",
    "rue de Vaugirard",
    "rue de Charenton",
    "avenue de Clichy",
    "rue Saint-Jacques",
    "rue de Turbigo",
]


def _write(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def _organisation(city: City, name: str) -> Organisation:
    organisation = Organisation.objects.filter(city=city, name=name).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            city=city,
            name=name,
            slug=slugify(name)[:60] + "-cours",
            type=OrganisationType.PUBLIC_AGENCY if "Ville" in name else OrganisationType.ASSOCIATION,
            verification=Verification.VERIFIED,
        )
    elif organisation.verification != Verification.VERIFIED:
        Organisation.objects.filter(pk=organisation.pk).update(verification=Verification.VERIFIED)
        organisation.verification = Verification.VERIFIED
    return organisation


def _title(kind: str, level: int, language: str) -> str:
    return TITLES[kind][language].format(level=Level(level).name)


@transaction.atomic
def load_demo(
    *, city: City, stdout: TextIO | None = None, learners: int = 90, classes: int | None = None
) -> dict[str, int]:
    """Load the demo (``learners`` and ``classes`` make it smaller, for tests)."""
    if Course.objects.filter(city=city, is_demo=True).exists():
        _write(stdout, "Learning: demo already loaded.")
        _indicators(city)
        return {}
    coordinator = User.objects.filter(email=COORDINATOR).first()
    districts = {d.number: d for d in District.objects.filter(city=city)}
    if coordinator is None or not districts:
        _write(stdout, "Learning: skipped (no demo coordinator or districts).")
        return {}
    rng = random.Random(SEED)
    today = timezone.localdate()
    courses: list[Course] = []
    translations = 0
    for n, (org, kind, required, reached, days, hour, number, places, childcare, women, cost) in enumerate(
        COURSES[:classes]
    ):
        district = districts.get(number) or next(iter(districts.values()))
        course = services.course_create(
            organisation=_organisation(city, org),
            acting_user=coordinator,
            title=_title(kind, required, "fr"),
            kind=kind,
            level_required=required,
            level_reached=reached,
            days=days,
            starts_at=dt.time(hour, 0),
            ends_at=dt.time(hour + 2, 0),
            start_date=today - dt.timedelta(days=21),
            end_date=today + dt.timedelta(days=120 + 7 * (n % 6)),
            address=f"{10 + n * 3} {STREETS[n % len(STREETS)]}, 750{number:02d} Paris",
            district=district,
            contact_phone=f"01 40 {10 + n:02d} {20 + n:02d} {30 + n:02d}",
            places=places,
            childcare=childcare,
            women_only=women,
            cost_eur=cost,
            is_demo=True,
        )
        courses.append(course)
        for language in ("en", "ar", "fa", "ps", "ti", "am"):
            translation_load_published(
                obj=course, field="title", language=language, text=_title(kind, required, language), meta=NEEDS_REVIEW
            )
            translations += 1
    referrers = [_organisation(city, name) for name in ASSOCIATIONS[:6]]
    recorded = _learners(city, coordinator, referrers, districts, rng, count=learners)
    placed = _place_and_attend(courses, recorded, coordinator, rng, today)
    # The people still waiting applied over the last months, in the order they were recorded.
    waiting_ids = list(
        LearnerApplication.objects.filter(city=city, is_demo=True, status="waiting")
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    for n, pk in enumerate(waiting_ids):
        LearnerApplication.objects.filter(pk=pk).update(
            created_at=now - dt.timedelta(days=120 - n * 100 // max(1, len(waiting_ids)))
        )
    _indicators(city)
    waiting = LearnerApplication.objects.filter(city=city, is_demo=True, status="waiting").count()
    _write(
        stdout,
        f"Learning: {len(courses)} classes ({translations} title translations), {len(recorded)} learners, "
        f"{placed} enrolled, {waiting} waiting.",
    )
    return {"courses": len(courses), "learners": len(recorded), "waiting": waiting}


def _learners(
    city: City,
    coordinator: User,
    referrers: list[Organisation],
    districts: dict[int, District],
    rng: random.Random,
    *,
    count: int,
) -> list[Learner]:
    learners = []
    numbers = sorted(districts)
    popular = [n for n in (18, 19, 20) if n in districts] or numbers[:3]
    for i in range(count):
        organisation = referrers[i % len(referrers)]
        number = rng.choice(popular) if i % 3 else rng.choice(numbers)
        learner = services.learner_refer(
            organisation=organisation,
            acting_user=coordinator,
            district=districts[number],
            shares_path=i % 2 == 0,
            is_demo=True,
        )
        level = rng.choice((0, 0, 0, 1, 1, 2, 3))
        services.placement_test_record(
            learner=learner,
            organisation=organisation,
            acting_user=coordinator,
            oral=min(5, level + rng.choice((0, 1))),
            reading=level,
            writing=level,
        )
        kind = (
            CourseKind.LITERACY if i % 11 == 0 else (CourseKind.FRENCH_FOR_WORK if i % 13 == 0 else CourseKind.FRENCH)
        )
        try:
            services.application_submit(
                learner=learner,
                acting_user=coordinator,
                kind=kind,
                district=districts[number],
                max_km=rng.choice((2, 2, 5)),
                days=rng.choice((127, 1 | 4, 2 | 8, 127)),
                needs_childcare=i % 7 == 0,
                women_only="accept" if i % 4 == 0 else "no",
                free_only=i % 5 != 0,
                referred_by=organisation,
            )
        except Refused:
            continue
        learners.append(learner)
    return learners


def _place_and_attend(
    courses: list[Course], learners: list[Learner], coordinator: User, rng: random.Random, today: dt.date
) -> int:
    """Most offers accepted, three weeks of sessions with attendance, a few who left and one who completed."""
    enrolled = 0
    for enrolment in Enrolment.objects.filter(learner__in=learners, status=EnrolmentStatus.OFFERED).select_related(
        "learner", "learner__referred_by", "course"
    ):
        if rng.random() < 0.8:
            services.offer_accept(enrolment=enrolment, acting_user=coordinator)
            enrolled += 1
    for course in courses:
        roster = list(course.enrolments.filter(status=EnrolmentStatus.ENROLLED).values_list("pk", flat=True))
        if not roster:
            continue
        for week in range(3):
            date = today - dt.timedelta(days=20 - 7 * week)
            services.session_record(
                course=course,
                acting_user=coordinator,
                date=date,
                present=[pk for pk in roster if rng.random() < 0.85],
                topic="",
            )
    leaving = list(Enrolment.objects.filter(learner__in=learners, status=EnrolmentStatus.ENROLLED)[:6])
    for n, enrolment in enumerate(leaving):
        enrolment.refresh_from_db()
        if enrolment.status != EnrolmentStatus.ENROLLED:
            continue
        services.enrolment_end(
            enrolment=enrolment,
            acting_user=coordinator,
            completed=n < 2,
            level_reached=min(5, enrolment.course.level_reached) if n < 2 else None,
        )
    return enrolled


def _indicators(city: City) -> None:
    """Attach the live indicators to commitments 8 and 9 of the demo plan (when the plan demo is loaded)."""
    from accueil.plan import sources
    from accueil.plan.models import Commitment, Indicator, IndicatorSource

    names = {
        "learning.french_places": ("Places ouvertes en cours de français (apprentissage)", 8),
        "learning.french_learners_placed": ("Apprenants ayant pris une place en cours de français", 8),
        "learning.french_learners_waiting": ("Apprenants en attente d'un cours de français", 8),
        "learning.levels_gained": ("Cours de français terminés avec un niveau atteint", 8),
        "learning.training_places": ("Places en aide aux devoirs, préparation à l'université et formation", 9),
        "learning.training_learners_placed": ("Apprenants placés en scolarité, université ou formation", 9),
    }
    for key, (name, number) in names.items():
        if key not in sources.SOURCES or key not in INDICATOR_SOURCES:
            continue
        commitment = Commitment.objects.filter(city=city, number=number).order_by("-plan_id").first()
        if commitment is None or Indicator.objects.filter(city=city, computed_source=key).exists():
            continue
        Indicator.objects.create(
            city=city,
            commitment=commitment,
            name=name,
            unit="",
            baseline=Decimal(0),
            source=IndicatorSource.COMPUTED,
            computed_source=key,
            is_demo=True,
        )
