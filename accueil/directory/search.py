"""Search over the directory: query words, category synonyms in seven languages, typo tolerance, scores.

The index (``SearchToken`` postings and ``SearchTrigram`` vocabulary) is written by ``services``; this module only
reads it, with plain queries that behave the same on SQLite and PostgreSQL.

Score of a service = Σ over query words of (field weight × closeness) + CATEGORY_BONUS for each need the query
names through the synonym lists (``synonyms/<lang>.txt``: ``code: word, word, …``). Closeness is 1 for an exact
word, 0.7 for a word within the typo allowance.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from .categories import CATEGORY_TREE
from .models import SearchToken, SearchTrigram, Service, ServiceStatus
from .normalise import edit_distance, normalise, tokens, trigrams, typo_allowance

SYNONYM_DIR = Path(__file__).resolve().parent / "synonyms"
CATEGORY_BONUS = 4.0
FUZZY_FACTOR = 0.7
MAX_QUERY_TOKENS = 8
FUZZY_CANDIDATES = 40


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
    for phrase, codes in table.phrases:
        if f" {phrase} " in padded:
            for code in codes:
                found[code] = 1.0
    for token in norm.split():
        if token in table.words:
            for code in table.words[token]:
                found[code] = 1.0
            continue
        close = _close_synonym(token, table)
        if close is not None:
            for code in table.words[close]:
                found[code] = max(found.get(code, 0.0), FUZZY_FACTOR)
    return found


def _vocabulary_matches(city: Any, query_tokens: list[str]) -> dict[str, float]:
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


def _category_and_descendants(codes: dict[str, float]) -> dict[str, float]:
    expanded = dict(codes)
    for code, (_name, parent) in CATEGORY_TREE.items():
        while parent:
            if parent in codes:
                expanded[code] = max(expanded.get(code, 0.0), codes[parent])
            parent = CATEGORY_TREE[parent][1]
    return expanded


def visible_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    from .services import HIDE_AFTER

    return (now or timezone.now()) - HIDE_AFTER


def search_scores(*, city: Any, query: str, limit: int = 1000) -> list[tuple[int, float]]:
    """Public services matching the query, best first: [(service pk, score)]."""
    query_tokens = list(dict.fromkeys(tokens(query)))[:MAX_QUERY_TOKENS]
    if not query_tokens:
        return []
    scores: dict[int, float] = defaultdict(float)
    matches = _vocabulary_matches(city, query_tokens)
    if matches:
        rows = SearchToken.objects.filter(city=city, token__in=list(matches)).values_list(
            "service_id", "token", "weight"
        )
        for service_id, token, weight in rows:
            scores[service_id] += weight * matches[token]
    codes = _category_and_descendants(query_categories(query))
    if codes:
        through = Service.categories.through
        rows = through.objects.filter(
            category__code__in=list(codes),
            service__city=city,
            service__status=ServiceStatus.PUBLISHED,
            service__last_verified_at__gte=visible_cutoff(),
        ).values_list("service_id", "category__code")
        best: dict[int, float] = {}
        for service_id, code in rows:
            best[service_id] = max(best.get(service_id, 0.0), codes[code])
        for service_id, closeness in best.items():
            scores[service_id] += CATEGORY_BONUS * closeness
    ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:limit]
