"""Latency of the public directory search over 20,000 services in seven languages (target: p95 ≤ 30 ms).

Builds a fresh database (SQLite file or a PostgreSQL database, recreated), loads one city with 20 districts,
400 organisations and 20,000 published services whose names and descriptions are written in one of the seven
languages (French, English, Arabic, Dari/Persian, Pashto, Tigrinya, Amharic) from the words of the synonym lists
and generated words in the same script, indexes them with ``services.search_index_services``, then times
``selectors.services_search`` — the selector behind ``/<lang>/services/?q=`` and ``/api/v1/directory/search`` —
with the page of results loaded, over a mix of queries in every language (exact words, synonyms, typos, place
names, two-word queries).

    .venv/bin/python bench/directory_search_bench.py --database-url sqlite:////tmp/accueil_dir_bench.sqlite3
    .venv/bin/python bench/directory_search_bench.py \
        --database-url postgres://postgres@127.0.0.1:33867/accueil_dir_bench
    .venv/bin/python bench/directory_search_bench.py --profile   # cProfile of the search, top 25 by cumulative time
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SERVICES = 20_000
ORGANISATIONS = 400
DISTRICTS = 20
LANGUAGES = ["fr", "en", "ar", "fa", "ps", "ti", "am"]
SYNONYMS = ROOT / "accueil" / "directory" / "synonyms"

# A few everyday words per language that are not need words, to make texts look like texts.
FILLER = {
    "fr": "accueil centre association aide quartier gratuit sans rendez-vous personnes familles équipe bénévoles",
    "en": "centre association help neighbourhood free walk-in people families team volunteers support",
    "ar": "مركز جمعية مساعدة حي مجاني أشخاص عائلات فريق متطوعين دعم استقبال",
    "fa": "مرکز انجمن کمک محله رایگان افراد خانواده تیم داوطلبان پشتیبانی پذیرش",
    "ps": "مرکز ټولنه مرسته سیمه وړیا خلک کورنۍ ټیم رضاکاران ملاتړ",
    "ti": "ማእከል ማሕበር ሓገዝ ከባቢ ብነጻ ሰባት ስድራቤታት ጉጅለ ወለንተኛታት ደገፍ",
    "am": "ማዕከል ማህበር እርዳታ ሰፈር በነጻ ሰዎች ቤተሰቦች ቡድን በጎ ፈቃደኞች ድጋፍ",
}


def recreate_database(url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = Path(parsed.path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def synonym_words(lang: str) -> dict[str, list[str]]:
    """{category code: words} from ``synonyms/<lang>.txt`` (single words only)."""
    found: dict[str, list[str]] = {}
    for line in (SYNONYMS / f"{lang}.txt").read_text(encoding="utf-8").splitlines():
        if ":" not in line or line.lstrip().startswith("#"):
            continue
        code, _sep, words = line.partition(":")
        found[code.strip()] = [w.strip() for w in words.split(",") if w.strip() and " " not in w.strip()]
    return found


class Words:
    """Generated words in a language's own script, from chunks of its real words (a large, realistic vocabulary)."""

    def __init__(self, lang: str, rng: random.Random) -> None:
        self.rng = rng
        self.synonyms = synonym_words(lang)
        real = [w for words in self.synonyms.values() for w in words] + FILLER[lang].split()
        self.filler = FILLER[lang].split()
        self.chunks = sorted({w[i : i + 2] for w in real for i in range(0, max(1, len(w) - 1), 2) if len(w) >= 2})

    def made_up(self) -> str:
        return "".join(self.rng.choice(self.chunks) for _ in range(self.rng.randint(3, 5)))


def typo(word: str, rng: random.Random) -> str:
    """One edit: a letter replaced, dropped or doubled."""
    i = rng.randrange(1, len(word) - 1)
    edit = rng.choice(["replace", "drop", "double"])
    if edit == "drop":
        return word[:i] + word[i + 1 :]
    if edit == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i - 1] + word[i + 1 :]


def load(seed: int = 2015) -> tuple[object, list[str]]:
    from django.utils import timezone

    from accueil.directory.models import OpeningHours, Place, Service
    from accueil.directory.services import categories_sync, search_index_services
    from accueil.organisations.models import Organisation
    from accueil.territories.models import City, District

    rng = random.Random(seed)
    categories_sync()
    from accueil.directory.models import Category

    category_ids = {c.code: c.pk for c in Category.objects.all()}
    city = City.objects.create(slug="bench", name="Bench", latitude="48.85660", longitude="2.35220")
    districts = District.objects.bulk_create(
        District(
            city=city,
            number=n,
            code=f"751{n:02d}",
            name=f"{n}e",
            latitude=f"{48.83 + n * 0.003:.5f}",
            longitude=f"{2.28 + n * 0.005:.5f}",
        )
        for n in range(1, DISTRICTS + 1)
    )
    words = {lang: Words(lang, rng) for lang in LANGUAGES}
    organisations = Organisation.objects.bulk_create(
        Organisation(
            city=city,
            name=f"{words[LANGUAGES[i % 7]].made_up()} {rng.choice(words[LANGUAGES[i % 7]].filler)}",
            slug=f"bench-{i}",
            verification="verified",
        )
        for i in range(ORGANISATIONS)
    )
    now = timezone.now()
    places, services, chosen = [], [], []
    queries_from_data: list[str] = []
    for i in range(SERVICES):
        lang = LANGUAGES[i % 7]
        w = words[lang]
        codes = [c for c in w.synonyms if c in category_ids]
        code = rng.choice(codes)
        need = rng.choice(w.synonyms[code])
        place_word = w.made_up()
        district = districts[i % DISTRICTS]
        organisation = organisations[i % ORGANISATIONS]
        name = f"{need} {place_word} {rng.choice(w.filler)}"
        description = " ".join(
            [rng.choice(w.synonyms[rng.choice(codes)]) for _ in range(3)]
            + [w.made_up() for _ in range(4)]
            + rng.sample(w.filler, 4)
        )
        places.append(
            Place(
                city=city,
                organisation=organisation,
                name=f"{place_word} {district.number}",
                address=f"{i} {w.made_up()}",
                district=district,
                latitude=district.latitude,
                longitude=district.longitude,
            )
        )
        services.append(
            Service(
                city=city,
                organisation=organisation,
                name=name,
                description=description,
                status="published",
                last_verified_at=now - dt.timedelta(days=rng.randint(0, 150)),
            )
        )
        chosen.append(code)
        if i % 400 == 0:
            queries_from_data.append(place_word)
    Place.objects.bulk_create(places, batch_size=2000)
    for service, place in zip(services, places, strict=True):
        service.place = place
    Service.objects.bulk_create(services, batch_size=2000)
    Service.categories.through.objects.bulk_create(
        [
            Service.categories.through(service_id=s.pk, category_id=category_ids[c])
            for s, c in zip(services, chosen, strict=True)
        ],
        batch_size=5000,
    )
    OpeningHours.objects.bulk_create(
        [
            OpeningHours(city=city, service=s, weekday=d, opens_at=dt.time(9), closes_at=dt.time(17))
            for s in services
            for d in range(5)
        ],
        batch_size=5000,
    )
    ids = [s.pk for s in services]
    for start in range(0, len(ids), 2000):
        chunk = list(Service.objects.filter(pk__in=ids[start : start + 2000]).select_related("organisation", "place"))
        search_index_services(services=chunk, now=now)
    return city, queries_from_data


def query_mix(queries_from_data: list[str], rng: random.Random) -> list[tuple[str, str]]:
    """(language, query): need words, typos of need words, place names and their typos, two-word queries."""
    mix = []
    for lang in LANGUAGES:
        table = synonym_words(lang)
        long_words = [w for words in table.values() for w in words if len(w) >= 5]
        for code in ("health", "eat", "legal", "sleep", "french"):
            if table.get(code):
                mix.append((lang, table[code][0]))
        for word in rng.sample(long_words, min(4, len(long_words))):
            mix.append((lang, typo(word, rng)))
        mix.append((lang, f"{table['health'][0]} {table['eat'][0]}"))
    for word in queries_from_data[:21]:
        mix.append(("?", word))
        if len(word) >= 5:
            mix.append(("?", typo(word, rng)))
    return mix


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite:////tmp/accueil_dir_bench.sqlite3")
    parser.add_argument("--runs", type=int, default=400)
    parser.add_argument("--keep", action="store_true", help="reuse the database of a previous run (no reload)")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if not args.keep:
        recreate_database(args.database_url)
    setup_django(args.database_url)
    from django.db import connection

    from accueil.directory import selectors
    from accueil.directory.models import SearchToken, SearchTrigram
    from accueil.territories.models import City

    rng = random.Random(7)
    started = time.perf_counter()
    if args.keep and City.objects.filter(slug="bench").exists():
        city = City.objects.get(slug="bench")
        queries_from_data = list(
            SearchToken.objects.filter(city=city, weight=3).values_list("token", flat=True).distinct()[:21]
        )
    else:
        city, queries_from_data = load()
        with connection.cursor() as cursor:  # as autovacuum would after a bulk load
            cursor.execute("ANALYZE")
    print(
        f"{SERVICES} services, {SearchToken.objects.filter(city=city).count()} postings, "
        f"{SearchTrigram.objects.filter(city=city).count()} vocabulary trigrams, ready in "
        f"{time.perf_counter() - started:.1f} s ({connection.vendor})"
    )
    mix = query_mix(queries_from_data, rng)

    def search(query: str) -> int:
        filters = selectors.SearchFilters(query=query)
        page, _scores = selectors.services_search(city=city, filters=filters)
        return len(list(page.object_list))

    for _lang, query in mix:  # warm up
        search(query)
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _lang, query in mix:
            search(query)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    timings, cpu, empty = [], [], 0
    per_query: dict[str, list[float]] = {}
    for run in range(args.runs):
        _lang, query = mix[run % len(mix)]
        t0, c0 = time.perf_counter(), time.process_time()
        found = search(query)
        elapsed = (time.perf_counter() - t0) * 1000
        timings.append(elapsed)
        cpu.append((time.process_time() - c0) * 1000)
        per_query.setdefault(query, []).append(elapsed)
        empty += found == 0
    timings.sort()
    cpu.sort()
    p50, p95 = statistics.median(timings), timings[int(len(timings) * 0.95) - 1]
    print(
        f"services_search: {len(mix)} queries in 7 languages, runs={args.runs}, p50={p50:.1f} ms, "
        f"p95={p95:.1f} ms, max={timings[-1]:.1f} ms; {empty} runs without results"
    )
    print(
        f"CPU time of this process: p50={statistics.median(cpu):.1f} ms, p95={cpu[int(len(cpu) * 0.95) - 1]:.1f} ms; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    slowest = sorted(per_query.items(), key=lambda item: -statistics.median(item[1]))[:5]
    print("slowest queries (median ms):", ", ".join(f"{q!r} {statistics.median(t):.1f}" for q, t in slowest))
    print("target p95 <= 30 ms:", "met" if p95 <= 30 else "MISSED")


if __name__ == "__main__":
    main()
