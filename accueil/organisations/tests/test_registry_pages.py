"""The public registry, its profile pages, creation, edition and verification."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accueil.audit.models import AuditEvent
from accueil.languages.models import Language
from accueil.organisations import services
from accueil.organisations.models import Membership, Organisation, Sector, Verification
from accueil.organisations.search_text import normalise
from accueil.territories.models import District
from accueil.testing.organisations_factories import RegistryOrganisationFactory

pytestmark = pytest.mark.django_db


def snapshot(organisation: Organisation) -> dict:
    organisation.refresh_from_db()
    return {
        "fields": {f.name: getattr(organisation, f.attname) for f in Organisation._meta.concrete_fields},
        "sectors": sorted(organisation.sectors.values_list("code", flat=True)),
        "members": sorted(Membership.objects.filter(organisation=organisation).values_list("user_id", "role")),
    }


def test_normalise_removes_accents_and_case():
    assert normalise("  Élan   SOLIDAIRE Œuvre ") == "elan solidaire œuvre"
    assert normalise("Ça\x00va") == "ca va"
    assert normalise("مدرسة") == normalise("مدرسه")  # Arabic letter variants folded, as in the directory


@pytest.mark.smoke
def test_search_is_case_and_accent_insensitive(client, organisation, other_organisation):
    for query in ("elan", "ÉLAN", "solidaire", "els", "francais", "FRANÇAIS"):
        response = client.get(reverse("organisations:list"), {"q": query})
        assert response.status_code == 200
        assert [o.pk for o in response.context["organisations"]] == [organisation.pk], query
    response = client.get(reverse("organisations:list"), {"q": "zzz"})
    assert list(response.context["organisations"]) == []


def test_search_folds_arabic_and_ethiopic_letters_like_the_directory(client, city, organisation):
    arabic = RegistryOrganisationFactory(city=city, name="مدرسة الأمل", slug="madrasa")
    ethiopic = RegistryOrganisationFactory(city=city, name="ሠላም ማህበር", slug="selam")
    for query, expected in (("مدرسه", arabic), ("مدرسة", arabic), ("ሰላም", ethiopic), ("ሠላም", ethiopic)):
        response = client.get(reverse("organisations:list"), {"q": query})
        assert [o.pk for o in response.context["organisations"]] == [expected.pk], query


def test_filters_narrow_the_list(client, city, organisation, other_organisation):
    organisation.sectors.set([Sector.objects.get(code="legal")])
    organisation.districts.set([District.objects.get(city=city, number=2)])
    organisation.languages.set([Language.objects.get(code="ar")])
    other_organisation.verification = Verification.PENDING
    other_organisation.save()
    url = reverse("organisations:list")
    for params in (
        {"sector": "legal"},
        {"district": "2"},
        {"language": "ar"},
        {"verified": "on"},
        {"type": "association", "sector": "legal"},
    ):
        response = client.get(url, params)
        assert [o.pk for o in response.context["organisations"]] == [organisation.pk], params
    response = client.get(url, {"type": "business"})
    assert list(response.context["organisations"]) == []
    response = client.get(url, {"district": "99", "sector": "nope"})
    assert response.status_code == 200  # wrong filters are reported on the form, never a 500
    assert response.context["form"].errors


def test_list_is_paginated_without_n_plus_one(client, city, django_assert_max_num_queries):
    sectors = list(Sector.objects.all()[:3])
    languages = list(Language.objects.all()[:3])
    for number in range(45):
        org = RegistryOrganisationFactory(city=city, name=f"Org {number:02d}")
        org.sectors.set(sectors)
        org.languages.set(languages)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("organisations:list"))
    assert response.status_code == 200
    assert len(response.context["organisations"]) == 20
    assert response.context["page"].paginator.num_pages == 3
    response = client.get(reverse("organisations:list"), {"page": "3"})
    assert len(response.context["organisations"]) == 5
    assert client.get(reverse("organisations:list"), {"page": "999999999999999999999"}).status_code == 200


@pytest.mark.smoke
def test_other_city_organisations_are_invisible(client, city, other_city, organisation):
    lyon_org = RegistryOrganisationFactory(city=other_city, name="Lyon Accueil", slug="lyon-accueil")
    response = client.get(reverse("organisations:list"))
    names = [o.name for o in response.context["organisations"]]
    assert names == ["Élan Solidaire"]
    assert client.get(reverse("organisations:detail", args=[lyon_org.slug])).status_code == 404
    lyon = client.get(reverse("organisations:list"), HTTP_HOST="lyon.accueil.test")
    assert [o.name for o in lyon.context["organisations"]] == ["Lyon Accueil"]
    assert (
        client.get(reverse("organisations:detail", args=[organisation.slug]), HTTP_HOST="lyon.accueil.test").status_code
        == 404
    )


def test_profile_page_shows_public_information(client, city, organisation):
    organisation.sectors.set([Sector.objects.get(code="legal")])
    organisation.languages.set([Language.objects.get(code="ti")])
    organisation.districts.set([District.objects.get(city=city, number=1)])
    organisation.email = "contact@elan.example"
    organisation.website = "https://elan.example"
    organisation.save()
    response = client.get("/en" + reverse("organisations:detail", args=[organisation.slug])[3:])
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Élan Solidaire",
        "ELS",
        "Legal help",
        "ትግርኛ",
        "District 1",
        "contact@elan.example",
        "https://elan.example",
        "Verified",
    ):
        assert text in html, text
    assert 'style="' not in html and "<script>" not in html


@pytest.mark.smoke
def test_signed_in_person_creates_an_organisation_and_becomes_admin(as_user, city):
    from accueil.testing.factories import UserFactory

    person = UserFactory()
    response = as_user(person).post(
        reverse("organisations:create"),
        {
            "name": "Café Bienvenue",
            "acronym": "CB",
            "type": "association",
            "description": "Un café",
            "email": "bonjour@cafe.example",
            "sectors": [Sector.objects.get(code="food").pk],
            "districts": [District.objects.get(city=city, number=3).pk],
            "languages": ["fa"],
        },
    )
    organisation = Organisation.objects.get(name="Café Bienvenue")
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:detail", args=["cafe-bienvenue"])
    assert organisation.city == city
    assert organisation.verification == Verification.PENDING
    assert organisation.search_text == "cafe bienvenue cb un cafe"
    assert list(organisation.languages.values_list("code", flat=True)) == ["fa"]
    assert Membership.objects.get(organisation=organisation).user == person
    assert Membership.objects.get(organisation=organisation).role == "admin"
    assert AuditEvent.objects.filter(action="organisation.created", target_id=str(organisation.pk)).count() == 1


def test_create_requires_sign_in_and_reports_errors(client, as_user, organisation):
    from accueil.testing.factories import UserFactory

    assert client.get(reverse("organisations:create")).status_code == 302
    before = Organisation.objects.count()
    response = as_user(UserFactory()).post(
        reverse("organisations:create"), {"name": "Élan Solidaire", "type": "nope", "email": "x", "website": "y"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "type", "email", "website"}
    assert Organisation.objects.count() == before


def test_another_citys_district_is_refused(city, other_city):
    from accueil.testing.factories import UserFactory

    lyon_district = District.objects.get(city=other_city)
    with pytest.raises(services.ValidationError):
        services.organisation_create(
            city=city,
            acting_user=UserFactory(),
            name="X",
            type="association",
            districts=[lyon_district],
        )
    assert not Organisation.objects.filter(name="X").exists()


@pytest.mark.parametrize("who", ["admin", "coordinator"])
def test_admin_or_coordinator_edits(request, as_user, organisation, admin, coordinator, who):
    user = request.getfixturevalue(who)
    response = as_user(user).post(
        reverse("organisations:edit", args=[organisation.slug]),
        {
            "name": "Élan Solidaire Paris",
            "type": "foundation",
            "acronym": "ESP",
            "sectors": [Sector.objects.get(code="health").pk],
        },
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.type, organisation.slug) == (
        "Élan Solidaire Paris",
        "foundation",
        "elan-solidaire-paris",
    )
    assert organisation.search_text == "elan solidaire paris esp"
    assert list(organisation.sectors.values_list("code", flat=True)) == ["health"]
    event = AuditEvent.objects.get(action="organisation.updated")
    assert event.actor == user


@pytest.mark.parametrize("who", ["member", "other_admin", "lyon_coordinator", "stranger"])
def test_others_cannot_edit(request, as_user, organisation, admin, who):
    from accueil.testing.factories import UserFactory

    user = UserFactory() if who == "stranger" else request.getfixturevalue(who)
    before = snapshot(organisation)
    url = reverse("organisations:edit", args=[organisation.slug])
    client = as_user(user)
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Pirate", "type": "business"}).status_code == 403
    assert snapshot(organisation) == before
    assert not AuditEvent.objects.filter(action="organisation.updated").exists()


def test_coordinator_verifies_and_rejects_with_reason(as_user, organisation, coordinator):
    organisation.verification = Verification.PENDING
    organisation.save()
    client = as_user(coordinator)
    url = reverse("organisations:verify", args=[organisation.slug])
    response = client.post(url, {"status": "rejected", "reason": ""})
    assert response.status_code == 400
    organisation.refresh_from_db()
    assert organisation.verification == Verification.PENDING
    assert client.post(url, {"status": "rejected", "reason": "Statuts manquants"}).status_code == 302
    organisation.refresh_from_db()
    assert (organisation.verification, organisation.verification_note) == ("rejected", "Statuts manquants")
    assert client.post(url, {"status": "verified"}).status_code == 302
    organisation.refresh_from_db()
    assert organisation.verification == "verified"
    assert organisation.verified_by == coordinator
    assert organisation.verified_at is not None
    actions = list(
        AuditEvent.objects.filter(target_type="organisations.organisation", target_id=str(organisation.pk)).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["organisation.rejected", "organisation.verified"]


@pytest.mark.parametrize("who", ["admin", "member", "other_admin", "lyon_coordinator"])
def test_only_a_coordinator_of_the_city_verifies(request, as_user, organisation, admin, who):
    user = request.getfixturevalue(who)
    organisation.verification = Verification.PENDING
    organisation.save()
    before = snapshot(organisation)
    response = as_user(user).post(reverse("organisations:verify", args=[organisation.slug]), {"status": "verified"})
    assert response.status_code == 403
    assert snapshot(organisation) == before
    with pytest.raises(services.PermissionDenied):
        services.organisation_set_verification(organisation=organisation, acting_user=user, status="verified")
    assert snapshot(organisation) == before


def test_lyon_coordinator_cannot_reach_paris_organisation_on_lyon_host(as_user, organisation, lyon_coordinator):
    before = snapshot(organisation)
    url = reverse("organisations:verify", args=[organisation.slug])
    response = as_user(lyon_coordinator).post(url, {"status": "rejected", "reason": "x"}, HTTP_HOST="lyon.accueil.test")
    assert response.status_code == 404
    assert snapshot(organisation) == before
