"""Search text of organisations (and the words of a query), folded by the one kernel `normalise()`: case, accents,
Arabic letter variants and Ethiopic homophones, so that organisation search behaves like the directory's."""

from __future__ import annotations

from accueil.core.text import normalise

__all__ = ["normalise", "organisation_search_text", "search_terms"]


def search_terms(query: str) -> list[str]:
    """The words of a query, normalised; at most ten, to keep the database query small."""
    return [term for term in normalise(query).split(" ") if term][:10]


def organisation_search_text(*, name: str, acronym: str, description: str) -> str:
    return normalise(f"{name} {acronym} {description}")
