"""Search relevance in each of the seven languages: exact words, synonyms, typos, other scripts."""

from __future__ import annotations

import pytest

from accueil.core.text import normalise, tokens
from accueil.directory.search import query_categories, search_scores
from accueil.testing.directory_factories import ServiceFactory
from accueil.testing.factories import OrganisationFactory


@pytest.fixture
def catalogue(city):
    org = OrganisationFactory(city=city, name="Association Exemple")
    return {
        "health": ServiceFactory(
            organisation=org,
            name="Centre de santé Belleville",
            description="Consultations de médecine générale.",
            categories=["health-doctor"],
        ),
        "legal": ServiceFactory(
            organisation=org,
            name="Point d'accès au droit",
            description="Avocats et juristes gratuits.",
            categories=["legal-access-point"],
        ),
        "eat": ServiceFactory(
            organisation=org, name="Restos solidaires", description="Repas chauds le soir.", categories=["eat-meals"]
        ),
        "wash": ServiceFactory(
            organisation=org,
            name="Bains-douches municipaux",
            description="Douches gratuites.",
            categories=["wash-showers"],
        ),
        "french": ServiceFactory(
            organisation=org,
            name="Cours municipaux d'adultes",
            description="Français langue étrangère.",
            categories=["french-adults"],
        ),
        "arabic": ServiceFactory(
            organisation=org,
            name="مركز الاستقبال",
            description="استقبال وتوجيه باللغة العربية",
            categories=["orientation"],
        ),
    }


def top(city, query):
    ranked = search_scores(city=city, query=query)
    return ranked[0][0] if ranked else None


@pytest.mark.smoke
def test_normalisation_unifies_scripts_and_accents():
    assert normalise("Médecin  GÉNÉRAL") == "medecin general"
    assert normalise("ﺍﻟﻌﺮﺑﻴﺔ") == normalise("العربية")  # presentation forms (NFKC)
    assert normalise("عَرَبِيّ") == normalise("عربي")  # tashkeel
    assert normalise("عـــربي") == normalise("عربي")  # tatweel
    assert normalise("دکتر") == normalise("دكتر")  # keheh / kaf
    assert normalise("ی") == normalise("ي") == normalise("ى")
    assert normalise("مدرسة") == normalise("مدرسه")
    assert normalise("ሓኪም") == "ሓኪም"  # Ethiopic as is
    assert tokens("la santé et les soins") == ["sante", "soins"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("médecin", "health"),  # fr synonym
        ("medecin", "health"),  # fr without accent
        ("médcin", "health"),  # fr typo
        ("doctor", "health"),  # en synonym
        ("docter", "health"),  # en typo
        ("طبيب", "health"),  # ar synonym
        ("دکتر", "health"),  # fa synonym
        ("ډاکټر", "health"),  # ps synonym
        ("ሓኪም", "health"),  # ti synonym
        ("ዶክተር", "health"),  # ti/am synonym
        ("ሐኪም", "health"),  # am synonym
        ("avocat", "legal"),
        ("lawyer", "legal"),
        ("محامي", "legal"),
        ("وکیل", "legal"),
        ("ጠበቃ", "legal"),
        ("manger", "eat"),
        ("hungry", "eat"),
        ("خواړه", "eat"),
        ("ምግብ", "eat"),
        ("መግቢ", "eat"),
        ("douche", "wash"),
        ("shower", "wash"),
        ("دوش", "wash"),
        ("ሻወር", "wash"),
        ("cours de français", "french"),
        ("فرنسية", "french"),
        ("ፈረንሳይኛ", "french"),
    ],
)
def test_query_in_any_language_finds_the_need(city, catalogue, query, expected):
    assert top(city, query) == catalogue[expected].pk


def test_same_need_in_tigrinya_and_french_finds_the_same_services(city, catalogue):
    french = {pk for pk, _score in search_scores(city=city, query="médecin")}
    tigrinya = {pk for pk, _score in search_scores(city=city, query="ሓኪም")}
    assert french == tigrinya == {catalogue["health"].pk}


def test_name_words_typo_and_other_script(city, catalogue):
    assert top(city, "Belleville") == catalogue["health"].pk
    assert top(city, "Beleville") == catalogue["health"].pk  # typo on an indexed word
    assert top(city, "الاستقبال") == catalogue["arabic"].pk
    assert top(city, "الإستقبال") == catalogue["arabic"].pk  # hamza variant


def test_synonym_categories_and_unknown_words(city, catalogue):
    assert set(query_categories("ዶክተር")) == {"health"}
    assert query_categories("zzzz qqqq") == {}
    assert search_scores(city=city, query="zzzz") == []
    assert search_scores(city=city, query="") == []


def test_search_is_city_scoped_and_hides_drafts(city, other_city, catalogue):
    ServiceFactory(organisation=OrganisationFactory(city=other_city), name="Médecins de Lyon", categories=["health"])
    draft = ServiceFactory(organisation=catalogue["health"].organisation, name="Médecin brouillon", status="draft")
    found = {pk for pk, _score in search_scores(city=city, query="médecin")}
    assert found == {catalogue["health"].pk}
    assert draft.pk not in found
