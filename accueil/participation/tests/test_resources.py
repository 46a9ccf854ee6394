"""The resource library: sharing with file checks, versions, visibility for members and the public, search
without accents; permissions both ways with nothing changed when refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accueil.participation.models import Resource, ResourceVersion
from accueil.participation.resources import services
from accueil.testing.accounts_factories import totp_activate
from accueil.testing.factories import MembershipFactory, OrganisationFactory, RoleAssignmentFactory, UserFactory
from accueil.testing.pageweight import assert_page_weight

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def org(city):
    return OrganisationFactory(city=city, name="Élan solidaire", slug="elan-solidaire")


@pytest.fixture
def member(org):
    user = UserFactory(email="member-res@example.org")
    MembershipFactory(user=user, organisation=org)
    return user


@pytest.fixture
def other_member(city):
    other = OrganisationFactory(city=city, name="Autre", slug="autre")
    user = UserFactory(email="other-res@example.org")
    MembershipFactory(user=user, organisation=other)
    return user


@pytest.fixture
def coordinator(city):
    user = UserFactory(email="coord-res@example.org")
    RoleAssignmentFactory(user=user, city=city, role="coordinator")
    totp_activate(user=user)
    return user


def _share(city, user, org, **kwargs):
    data = {"title": "Guide de l'hébergement", "summary": "Accueillir chez soi", "body": "Étapes et conseils."}
    data.update(kwargs)
    return services.resource_create(city=city, acting_user=user, organisation=org, **data)


@pytest.mark.smoke
def test_member_shares_then_edits_and_every_version_is_kept(city, org, member):
    upload = SimpleUploadedFile("guide.pdf", PDF, content_type="application/pdf")
    resource = _share(city, member, org, upload=upload, tags="hébergement, logement")
    assert (resource.version, resource.file_name, resource.tags) == (1, "guide.pdf", "hébergement, logement")
    services.resource_update(
        resource=resource,
        acting_user=member,
        title="Guide de l'hébergement (2e éd.)",
        body="Nouveau texte",
        visibility="public",
        tags="logement",
        note="Mise à jour",
    )
    new_file = SimpleUploadedFile("guide-v3.pdf", PDF + b"v3", content_type="application/pdf")
    services.resource_update(resource=resource, acting_user=member, title="Guide v3", body="", upload=new_file)
    resource.refresh_from_db()
    assert (resource.version, resource.title, resource.file_name) == (3, "Guide v3", "guide-v3.pdf")
    versions = list(ResourceVersion.objects.filter(resource=resource).order_by("number"))
    assert [(v.number, v.title, v.file_name) for v in versions] == [
        (1, "Guide de l'hébergement", "guide.pdf"),
        (2, "Guide de l'hébergement (2e éd.)", "guide.pdf"),
        (3, "Guide v3", "guide-v3.pdf"),
    ]
    assert versions[1].note == "Mise à jour"
    assert versions[0].file.name != versions[2].file.name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ....", "Only PDF, ODT, DOCX, PNG and JPEG files are accepted."),
        ("fake.pdf", b"<html>", "The file's content does not match its type."),
        ("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "The file is too large: 10 MB at most."),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(city, org, member, name, content, message):
    with pytest.raises(ValidationError) as info:
        _share(city, member, org, upload=SimpleUploadedFile(name, content))
    assert message in info.value.messages
    assert Resource.objects.count() == 0 and ResourceVersion.objects.count() == 0


def test_accepted_types(city, org, member):
    for name, head in (
        ("a.png", b"\x89PNG\r\n\x1a\n"),
        ("b.jpg", b"\xff\xd8\xff\xe0"),
        ("c.odt", b"PK\x03\x04"),
        ("d.docx", b"PK\x03\x04"),
    ):
        _share(city, member, org, title=name, body="", upload=SimpleUploadedFile(name, head + b"rest"))
    assert Resource.objects.count() == 4


def test_text_or_file_is_required(city, org, member):
    with pytest.raises(ValidationError):
        _share(city, member, org, body="")
    assert Resource.objects.count() == 0


def test_visibility_members_only_and_public(client, city, org, member, other_member, other_city):
    private = _share(city, member, org, title="Compte rendu interne", upload=SimpleUploadedFile("cr.pdf", PDF))
    public = _share(city, member, org, title="Guide public", visibility="public")
    listing = client.get("/fr/events/resources/").content.decode()
    assert "Guide public" in listing and "Compte rendu interne" not in listing
    assert client.get(f"/fr/events/resources/{private.pk}/").status_code == 404
    assert client.get(f"/fr/events/resources/{private.pk}/file/").status_code == 404
    outsider = UserFactory(email="outsider@example.org")
    foreign = OrganisationFactory(city=other_city, name="Ailleurs", slug="ailleurs")
    MembershipFactory(user=outsider, organisation=foreign)
    client.force_login(outsider)
    assert client.get(f"/fr/events/resources/{private.pk}/").status_code == 404
    client.force_login(other_member)  # a member of any organisation of the city
    assert "Compte rendu interne" in client.get("/fr/events/resources/").content.decode()
    download = client.get(f"/fr/events/resources/{private.pk}/file/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert client.get(f"/fr/events/resources/{public.pk}/").status_code == 200


def test_only_the_organisation_or_a_coordinator_edits(client, city, org, member, other_member, coordinator):
    resource = _share(city, member, org)
    with pytest.raises(PermissionDenied):
        services.resource_update(resource=resource, acting_user=other_member, title="Pirate", body="x")
    client.force_login(other_member)
    assert client.get(f"/fr/events/resources/{resource.pk}/edit/").status_code == 403
    response = client.post(
        f"/fr/events/resources/{resource.pk}/edit/", {"title": "Pirate", "body": "x", "visibility": "public"}
    )
    assert response.status_code == 403
    resource.refresh_from_db()
    assert (resource.title, resource.version, resource.versions.count()) == ("Guide de l'hébergement", 1, 1)
    with pytest.raises(PermissionDenied):
        _share(city, other_member, org)
    with pytest.raises(PermissionDenied):
        _share(city, other_member, None)  # the City's name is for coordinators
    assert Resource.objects.count() == 1
    services.resource_update(resource=resource, acting_user=coordinator, title="Relu", body="Texte relu")
    resource.refresh_from_db()
    assert (resource.title, resource.version) == ("Relu", 2)


def test_people_without_membership_cannot_share(client, city):
    user = UserFactory(email="nobody-res@example.org")
    client.force_login(user)
    assert client.get("/fr/events/resources/new/").status_code == 403
    assert Resource.objects.count() == 0


def test_share_and_edit_through_the_pages(client, city, org, member):
    client.force_login(member)
    response = client.post(
        "/en/events/resources/new/",
        {
            "organisation": org.pk,
            "title": "Fiche",
            "summary": "",
            "body": "",
            "visibility": "members_only",
            "tags": "",
            "file": SimpleUploadedFile("fiche.pdf", PDF),
        },
    )
    resource = Resource.objects.get()
    assert response.status_code == 302 and resource.file_name == "fiche.pdf"
    bad = client.post(
        "/en/events/resources/new/",
        {
            "organisation": org.pk,
            "title": "Mauvais",
            "visibility": "public",
            "file": SimpleUploadedFile("x.exe", b"MZ"),
        },
    )
    assert bad.status_code == 400 and "Only PDF, ODT, DOCX, PNG and JPEG files are accepted." in bad.content.decode()
    assert Resource.objects.count() == 1
    client.post(
        f"/en/events/resources/{resource.pk}/edit/",
        {"title": "Fiche", "body": "Avec un texte", "visibility": "public", "remove_file": "on", "note": "Texte"},
    )
    resource.refresh_from_db()
    assert (resource.version, resource.file_name, resource.body) == (2, "", "Avec un texte")
    page = client.get(f"/en/events/resources/{resource.pk}/").content.decode()
    assert "fiche.pdf" in page  # the history keeps the first version's file
    assert client.get(f"/en/events/resources/{resource.pk}/versions/1/file/").status_code == 200


def test_search_ignores_accents_and_case_and_filters_tags(client, city, org, member):
    _share(city, member, org, title="Hébergement citoyen", visibility="public", tags="Logement, Famille")
    _share(city, member, org, title="Cours de français", body="Apprendre la langue", visibility="public", tags="langue")
    html = client.get("/fr/events/resources/?q=HEBERGEMENT").content.decode()
    assert "Hébergement citoyen" in html and "Cours de français" not in html
    html = client.get("/fr/events/resources/?q=francais+langue").content.decode()
    assert "Cours de français" in html and "Hébergement citoyen" not in html
    html = client.get("/fr/events/resources/?tag=famille").content.decode()
    assert "Hébergement citoyen" in html and "Cours de français" not in html
    assert_page_weight(client, "/fr/events/resources/")
