"""Search over the directory: query words, category synonyms in seven languages, typo tolerance, scores.

The index (``SearchToken`` postings and ``SearchTrigram`` vocabulary) is written by ``services``; this module only
reads it, with plain queries that behave the same on SQLite and PostgreSQL.

Score of a service = Σ over query words of (field weight × closeness) + CATEGORY_BONUS × closeness for each need
the query names through the synonym lists (``synonyms/<lang>.txt``: ``code: word, word, …``). Closeness is 1 for
an exact word, 0.7 for a word within the typo allowance. A service's needs and their parents are indexed as
postings too (``category_token``), so one grouped query over the postings scores everything.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When

from accueil.core.text import edit_distance, normalise, tokens, trigrams, typo_allowance

from .categories import CATEGORY_TREE
from .models import SearchToken, SearchTrigram

if TYPE_CHECKING:
    from accueil.territories.models import City

SYNONYM_DIR = Path(__file__).resolve().parent / "synonyms"
CATEGORY_BONUS = 4.0
FUZZY_FACTOR = 0.7
MAX_QUERY_TOKENS = 8
FUZZY_CANDIDATES = 40
NEED_PREFIX = "~"
# Amharic and Tigrinya write "of", "for", "to", "by", "from" as a letter glued to the noun (የጥገኝነት ጠበቃ, "a lawyer of
# asylum"); a word not in the lists is looked up again without it, before any typo allowance.
ETHIOPIC_PREFIXES = ("የ", "ለ", "በ", "ከ", "ን", "ብ")


@dataclass
class Synonyms:
    words: dict[str, set[str]] = field(default_factory=dict)  # normalised word → category codes
    phrases: list[tuple[str, set[str]]] = field(default_factory=list)  # normalised phrase → codes
    grams: dict[str, set[str]] = field(default_factory=dict)  # trigram → words


@lru_cache(maxsize=1)
def synonyms() -> Synonyms:
    """All languages' synonym lists merged: a word typed in any language maps to its needs."""
    result = Synonyms()
    for path in sorted(SYNONYM_DIR.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#") or ":" not in line:
                continue
            code, _sep, words = line.partition(":")
            code = code.strip()
            if code not in CATEGORY_TREE:
                raise ValueError(f"{path.name}: unknown category {code!r}")
            for raw in words.split(","):
                norm = normalise(raw)
                if not norm:
                    continue
                if " " in norm:
                    result.phrases.append((norm, {code}))
                else:
                    result.words.setdefault(norm, set()).add(code)
    for word in result.words:
        for gram in trigrams(word):
            result.grams.setdefault(gram, set()).add(word)
    return result


def _close_synonym(token: str, table: Synonyms) -> str | None:
    allowance = typo_allowance(token)
    if not allowance:
        return None
    counts: dict[str, int] = defaultdict(int)
    for gram in trigrams(token):
        for word in table.grams.get(gram, ()):
            counts[word] += 1
    best, best_distance = None, allowance + 1
    for word, _shared in sorted(counts.items(), key=lambda item: -item[1])[:FUZZY_CANDIDATES]:
        distance = edit_distance(token, word, allowance)
        if distance < best_distance:
            best, best_distance = word, distance
    return best


def query_categories(query: str) -> dict[str, float]:
    """Needs named by the query through the synonym lists: {category code: closeness}."""
    table = synonyms()
    norm = normalise(query)
    found: dict[str, float] = {}
    padded = f" {norm} "
    rest = padded  # the words no phrase took: "ትምህርት ቤት" is a school, not also a lesson
    for phrase, codes in table.phrases:
        if f" {phrase} " in padded:
            for code in codes:
                found[code] = 1.0
            rest = rest.replace(f" {phrase} ", " ")
    for token in rest.split():
        if token not in table.words and token[:1] in ETHIOPIC_PREFIXES and token[1:] in table.words:
            token = token[1:]
        if token in table.words:
            for code in table.words[token]:
                found[code] = 1.0
            continue
        close = _close_synonym(token, table)
        if close is not None:
            for code in table.words[close]:
                found[code] = max(found.get(code, 0.0), FUZZY_FACTOR)
    return found


def _vocabulary_matches(city: City, query_tokens: list[str]) -> dict[str, float]:
    """Indexed words that match the query words: {indexed word: closeness}."""
    if not query_tokens:
        return {}
    exact_filter = Q()
    for token in query_tokens:
        exact_filter |= Q(trigram=sorted(trigrams(token))[0], token=token)
    present = set(SearchTrigram.objects.filter(exact_filter, city=city).values_list("token", flat=True))
    matches = dict.fromkeys(present, 1.0)
    for token in query_tokens:
        allowance = typo_allowance(token)
        if token in present or not allowance:
            continue
        grams = trigrams(token)
        needed = max(1, len(grams) - 3 * allowance)
        candidates = (
            SearchTrigram.objects.filter(city=city, trigram__in=list(grams))
            .values("token")
            .annotate(shared=Count("id"))
            .filter(shared__gte=needed)
            .order_by("-shared")[:FUZZY_CANDIDATES]
        )
        for row in candidates:
            word = row["token"]
            if word not in matches and edit_distance(token, word, allowance) <= allowance:
                matches[word] = FUZZY_FACTOR
    return matches


def category_token(code: str) -> str:
    """The posting that stands for a need in the index ("~health"); never a normalised word (no "~" in words)."""
    return NEED_PREFIX + code


def search_scores(*, city: City, query: str, limit: int = 1000) -> list[tuple[int, float]]:
    """Public services matching the query, best first: [(service pk, score)].

    One grouped query over the postings: the words of the query (and their near spellings) and the needs the
    query names, each posting weighted in tenths so that every database sums integers the same way.
    """
    query_tokens = list(dict.fromkeys(tokens(query)))[:MAX_QUERY_TOKENS]
    if not query_tokens:
        return []
    by_tenths: dict[tuple[bool, int], list[str]] = defaultdict(list)
    for word, closeness in _vocabulary_matches(city, query_tokens).items():
        by_tenths[(True, round(closeness * 10))].append(word)
    for code, closeness in query_categories(query).items():
        by_tenths[(False, round(CATEGORY_BONUS * closeness * 10))].append(category_token(code))
    if not by_tenths:
        return []
    whens = [
        When(token__in=words, then=F("weight") * tenths if weighted else Value(tenths))
        for (weighted, tenths), words in by_tenths.items()
    ]
    # The postings hold public services only (indexing skips the others, the daily staleness job removes those
    # left unverified for six months), so no join with the services: the covering index answers alone.
    rows = (
        SearchToken.objects.filter(city=city, token__in=[word for words in by_tenths.values() for word in words])
        .values("service_id")
        .annotate(score=Sum(Case(*whens, default=Value(0), output_field=IntegerField())))
        .order_by("-score", "service_id")
        .values_list("service_id", "score")[:limit]
    )
    return [(service_id, score / 10) for service_id, score in rows]
