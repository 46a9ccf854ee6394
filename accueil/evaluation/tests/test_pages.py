"""Pages, exports and API of published assessments, the journey of a cycle through the pages, practices and
requests for an exchange."""

from __future__ import annotations

import pytest

from accueil.evaluation import services
from accueil.evaluation.models import Assessment, ExchangeRequest, Practice

from .conftest import answer_everything

pytestmark = pytest.mark.django_db

LYON = {"HTTP_HOST": "lyon.accueil.test"}


def test_comparison_page_chart_table_and_exports(client, shipped, make_published, other_city):
    oecd, _charter = shipped
    make_published(oecd, cycle=2024, choice={"O1.1": "0"})
    response = client.get("/ar/evaluation/compare/?framework=oecd-checklist&level=objective&node=O1")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('<svg class="chart chart-compare"') == 1
    assert "<table>" in body and "<caption>" in body
    exported = client.get("/fr/evaluation/compare.csv?framework=oecd-checklist").content.decode().splitlines()
    assert (
        exported[0]
        == "city,framework,version,cycle,level,code,title_fr,title_en,score,reviewed_score,published_at,reviewer_city"
    )
    assert exported[1].startswith("paris,oecd-checklist,2018,2024,overall,,,,91.67,91.67,")
    assert len(exported) == 1 + 1 + 4
    data = client.get("/fr/evaluation/compare.json?framework=oecd-checklist&level=objective").json()
    assert (data["licence"], len(data["rows"]), data["rows"][1]["code"], data["rows"][1]["score"]) == (
        "CC BY 4.0",
        13,
        "O1",
        "0.00",
    )


def test_api_lists_published_cycles_with_evidence_and_scores(client, shipped, make_published):
    oecd, _charter = shipped
    published = make_published(oecd, cycle=2024)
    listing = client.get("/api/v1/evaluation/assessments").json()
    assert [(a["city"], a["cycle"], a["score"]) for a in listing["items"]] == [("paris", 2024, "100.00")]
    detail = client.get(f"/api/v1/evaluation/assessments/{published.pk}").json()
    assert (len(detail["answers"]), len(detail["scores"]), detail["reviewer_city"]) == (12, 28, "lyon")
    frameworks = client.get("/api/v1/evaluation/frameworks?lang=en").json()
    assert [f["key"] for f in frameworks] == ["eurocities-charter", "oecd-checklist"]
    assert client.get("/api/v1/evaluation/comparison?framework=oecd-checklist&cycle=99999").status_code == 422
    assert client.get("/api/v1/evaluation/comparison?framework=nothing").status_code == 404


def test_bad_query_strings_never_fail(client, shipped):
    for url in [
        "/fr/evaluation/compare/?cycle=abcd&level=x&size=huge&foreign_born=zz&node=zz",
        "/fr/evaluation/compare/?cycle=99999999999999999999",
        "/fr/evaluation/practices/?objective=999999999999999999999",
        "/fr/evaluation/compare.xml",
        "/fr/evaluation/frameworks/oecd-checklist/1999/",
    ]:
        assert client.get(url).status_code in (200, 404)
    assert client.get("/fr/evaluation/compare/?foreign_born=%00").status_code == 400


def test_a_cycle_through_the_pages(client, shipped, coordinator, peer, city, other_city):
    oecd, _charter = shipped
    client.force_login(coordinator)
    response = client.post("/fr/evaluation/assessments/new/", {"framework": oecd.pk, "cycle": 2026})
    assessment = Assessment.objects.get(city=city, cycle=2026)
    assert response.status_code == 302 and response["Location"] == f"/fr/evaluation/assessments/{assessment.pk}/"
    response = client.post(
        f"/fr/evaluation/assessments/{assessment.pk}/questions/O1.1/", {"option": "9", "justification": ""}
    )
    assert response.status_code == 200 and assessment.answers.count() == 0
    client.post(
        f"/fr/evaluation/assessments/{assessment.pk}/questions/O1.1/",
        {"option": "2", "justification": "Une convention."},
    )
    client.post(
        f"/fr/evaluation/assessments/{assessment.pk}/questions/O1.1/evidence/",
        {"kind": "figure", "figure": "source:organisations.verified_partners"},
    )
    page = client.get(f"/fr/evaluation/assessments/{assessment.pk}/questions/O1.1/").content.decode()
    assert "Verified partner organisations" in page or "Organisations partenaires vérifiées" in page
    answer_everything(assessment, coordinator)
    client.post(f"/fr/evaluation/assessments/{assessment.pk}/submit/")
    assert Assessment.objects.get(pk=assessment.pk).status == "self_assessed"
    client.logout()
    client.force_login(peer)
    index = client.get("/fr/evaluation/", **LYON).content.decode()
    assert f"/fr/evaluation/assessments/{assessment.pk}/take-review/" in index
    client.post(f"/fr/evaluation/assessments/{assessment.pk}/take-review/", **LYON)
    client.post(
        f"/fr/evaluation/assessments/{assessment.pk}/questions/O1.1/review/",
        {"comment": "Montrez la convention.", "option": "1"},
        **LYON,
    )
    client.post(f"/fr/evaluation/assessments/{assessment.pk}/close-review/", {"summary": "Bien."}, **LYON)
    assert Assessment.objects.get(pk=assessment.pk).status == "peer_reviewed"
    client.logout()
    client.force_login(coordinator)
    client.post(f"/fr/evaluation/assessments/{assessment.pk}/publish/")
    published = Assessment.objects.get(pk=assessment.pk)
    assert (published.status, published.reviewer_city_id, published.score > published.reviewed_score) == (
        "published",
        other_city.pk,
        True,
    )


def test_practice_and_exchange(client, shipped, coordinator, peer, city):
    practice = services.practice_save(
        city=city,
        acting_user=coordinator,
        title="Zones à aller voir",
        summary="Quoi.",
        audience="Qui.",
        results="",
        contact_name="Mission",
        contact_email="mission@example.org",
        objectives=[],
        measures=[],
    )
    assert client.get("/ar/evaluation/practices/").status_code == 200
    client.force_login(coordinator)
    # The owner city cannot ask itself.
    assert client.post(f"/fr/evaluation/practices/{practice.pk}/exchange/", {"message": "?"}).status_code == 404
    client.logout()
    client.force_login(peer)
    client.post(f"/fr/evaluation/practices/{practice.pk}/exchange/", {"message": "   "}, **LYON)
    assert ExchangeRequest.objects.count() == 0
    client.post(f"/fr/evaluation/practices/{practice.pk}/exchange/", {"message": "Comment faites-vous ?"}, **LYON)
    client.post(f"/fr/evaluation/practices/{practice.pk}/exchange/", {"message": "Encore ?"}, **LYON)
    exchange = ExchangeRequest.objects.get()
    # The asking city cannot answer its own request.
    assert (
        client.post(
            f"/fr/evaluation/exchanges/{exchange.pk}/answer/", {f"x{exchange.pk}-decision": "accept"}, **LYON
        ).status_code
        == 404
    )
    client.logout()
    client.force_login(coordinator)
    client.post(
        f"/fr/evaluation/exchanges/{exchange.pk}/answer/",
        {f"x{exchange.pk}-decision": "accept", f"x{exchange.pk}-answer": "Avec plaisir."},
    )
    assert ExchangeRequest.objects.values_list("status", "answer").get() == ("accepted", "Avec plaisir.")
    assert Practice.objects.count() == 1


def test_comparison_queries_do_not_grow_with_cities(client, shipped, make_published, city, other_city):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accueil.evaluation.models import Assessment
    from accueil.testing.factories import CityFactory

    oecd, _charter = shipped
    make_published(oecd, cycle=2024)
    url = "/fr/evaluation/compare/?framework=oecd-checklist&level=objective"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    source = Assessment.objects.get(city=city)
    for n in range(3):
        # Copies of the published cycle in three more cities, scores included.
        copy = Assessment.objects.get(pk=source.pk)
        copy.pk = None
        copy.city = CityFactory(slug=f"copy-{n}", name=f"Copie {n}", domain=f"copy-{n}.accueil.test")
        copy.save()
        for score in source.node_scores.all():
            score.pk = None
            score.assessment = copy
            score.save()
    with CaptureQueriesContext(connection) as four:
        body = client.get(url).content.decode()
    assert body.count('<tr><th scope="row">') == 4
    assert len(four) == len(one)
