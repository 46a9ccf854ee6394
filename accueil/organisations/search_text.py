"""Accent- and case-insensitive search text, computed in Python so it behaves the same on every database."""

from __future__ import annotations

import unicodedata


def normalise(text: str) -> str:
    """Lower-case, accent-free, single-spaced: "Élan  Solidaire" → "elan solidaire"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(
        char
        for char in decomposed
        if not unicodedata.combining(char) and (char.isspace() or unicodedata.category(char) not in ("Cc", "Cs"))
    )
    return " ".join(stripped.casefold().split())


def search_terms(query: str) -> list[str]:
    """The words of a query, normalised; at most ten, to keep the database query small."""
    return [term for term in normalise(query).split(" ") if term][:10]


def organisation_search_text(*, name: str, acronym: str, description: str) -> str:
    return normalise(f"{name} {acronym} {description}")
