"""Every need can be asked for in every language, and the everyday phrasings people type find it:
"French lessons" and "asylum lawyer" in each of the seven languages, Amharic's glued prepositions included."""

from __future__ import annotations

import pytest
from django.conf import settings

from accueil.directory.categories import CATEGORY_TREE
from accueil.directory.search import SYNONYM_DIR, query_categories, search_scores
from accueil.testing.directory_factories import ServiceFactory
from accueil.testing.factories import OrganisationFactory

NEEDS = sorted(code for code, (_name, parent) in CATEGORY_TREE.items() if not parent)
LANGUAGES = [code for code, _name in settings.LANGUAGES]

FRENCH_LESSONS = {
    "fr": "cours de français",
    "en": "French lessons",
    "ar": "دروس اللغة الفرنسية",
    "fa": "کلاس زبان فرانسه",
    "ps": "د فرانسوي ژبې ټولګي",
    "ti": "ትምህርቲ ፈረንሳይኛ",
    "am": "የፈረንሳይኛ ትምህርት",
}
ASYLUM_LAWYER = {
    "fr": "avocat droit d'asile",
    "en": "asylum lawyer",
    "ar": "محامي لجوء",
    "fa": "وکیل پناهندگی",
    "ps": "د پناه وکیل",
    "ti": "ናይ ዑቕባ ጠበቓ",
    "am": "የጥገኝነት ጠበቃ",
}


def synonym_lines(language: str) -> dict[str, list[str]]:
    lines = {}
    for line in (SYNONYM_DIR / f"{language}.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, _sep, words = line.partition(":")
            lines[code.strip()] = [word.strip() for word in words.split(",") if word.strip()]
    return lines


def test_every_language_names_every_need():
    missing = {language: sorted(set(NEEDS) - set(synonym_lines(language))) for language in LANGUAGES}
    assert missing == {language: [] for language in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_needs_first_word_finds_that_need_and_only_it(language):
    found = {code: query_categories(words[0]) for code, words in synonym_lines(language).items()}
    assert found == {code: {code: 1.0} for code in NEEDS}


@pytest.mark.parametrize("language", LANGUAGES)
def test_french_lessons_are_french_classes_not_school(language):
    assert query_categories(FRENCH_LESSONS[language]) == {"french": 1.0}


@pytest.mark.parametrize("language", LANGUAGES)
def test_asylum_lawyer_is_legal_help_and_asylum(language):
    assert query_categories(ASYLUM_LAWYER[language]) == {"asylum": 1.0, "legal": 1.0}


def test_amharic_queries_rank_the_right_service_first(city):
    org = OrganisationFactory(city=city, name="Association Exemple")
    french = ServiceFactory(organisation=org, name="Cours d'adultes", description="", categories=["french-adults"])
    lawyer = ServiceFactory(organisation=org, name="Permanence", description="", categories=["asylum-support"])
    ServiceFactory(organisation=org, name="École", description="", categories=["school"])
    ServiceFactory(organisation=org, name="Repas", description="", categories=["eat-meals"])
    tops = {query: search_scores(city=city, query=query)[0][0] for query in (FRENCH_LESSONS["am"], ASYLUM_LAWYER["am"])}
    assert tops == {FRENCH_LESSONS["am"]: french.pk, ASYLUM_LAWYER["am"]: lawyer.pk}
