"""Public pages, the JSON search, visitor reports, organisation permissions, moderation and staleness."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accueil.accounts.models import Role
from accueil.directory import services
from accueil.directory.models import Report, SearchToken, Service, ServiceChange
from accueil.notifications.sender import notifications_send_due
from accueil.testing.directory_factories import PlaceFactory, ServiceFactory
from accueil.testing.factories import MembershipFactory, OrganisationFactory, RoleAssignmentFactory, UserFactory
from accueil.testing.organisations_factories import coordinator_of
from accueil.testing.pageweight import assert_page_weight


@pytest.fixture
def org(city):
    return OrganisationFactory(city=city, name="Association Exemple", slug="exemple", email="owner@example.org")


@pytest.fixture
def service(org):
    return ServiceFactory(organisation=org, name="Centre de santé", categories=["health-doctor"], languages=["ar"])


@pytest.mark.smoke
@pytest.mark.parametrize("lang", ["fr", "ar", "ti"])
def test_public_pages_render_and_are_light(client, service, lang):
    response = client.get(f"/{lang}/services/?q=doctor")
    assert response.status_code == 200
    assert "Centre de santé" in response.content.decode()
    detail = client.get(f"/{lang}/services/{service.pk}/")
    assert detail.status_code == 200
    assert "geo:" in detail.content.decode() and "openstreetmap.org" in detail.content.decode()
    assert_page_weight(client, f"/{lang}/services/")
    assert_page_weight(client, f"/{lang}/services/{service.pk}/")


def test_bad_filters_never_fail(client, service):
    for query in ["?day=9", "?where=nowhere", "?page=999", "?language=xx", "?q=" + "x" * 500]:
        assert client.get("/fr/services/" + query).status_code == 200


def test_invalid_filters_show_their_error_and_the_valid_ones_still_apply(client, org, service):
    ServiceFactory(organisation=org, name="Bains-douches", categories=["wash"])
    response = client.get("/ar/services/?day=9&category=wash&page=1e309")
    assert response.status_code == 200
    body = response.content.decode()
    assert "field-invalid" in body
    assert "Bains-douches" in body and "Centre de santé" not in body
    unfiltered = client.get("/ar/services/?day=NaN&language=xx")
    assert unfiltered.status_code == 200
    assert "Bains-douches" in unfiltered.content.decode() and "Centre de santé" in unfiltered.content.decode()


def test_a_nul_byte_in_a_filter_is_refused_before_the_search(client, service):
    assert client.get("/ar/services/?day=NaN&language=%00").status_code == 400


def test_json_search(client, service):
    body = client.get("/api/v1/directory/search?q=طبيب&lang=ar").json()
    assert body["count"] == 1
    assert body["results"][0]["id"] == service.pk and body["results"][0]["uuid"] == str(service.uuid)
    assert body["results"][0]["url"] == f"/ar/services/{service.pk}/"
    assert client.get("/api/v1/directory/search?q=x&lang=zz").status_code == 400


def test_report_reaches_owner_and_coordinators_and_is_rate_limited(client, city, org, service):
    cache.clear()
    coordinator = UserFactory(email="coord@example.org")
    RoleAssignmentFactory(user=coordinator, city=city, role=Role.COORDINATOR)
    response = client.post(f"/fr/services/{service.pk}/report/", {"kind": "closed", "comment": "Fermé mardi"})
    assert response.status_code == 302
    mail.outbox.clear()
    assert notifications_send_due() == 2  # one message to each address
    report = Report.objects.get()
    assert (report.kind, report.comment, report.service_id) == ("closed", "Fermé mardi", service.pk)
    assert sorted(m.to[0] for m in mail.outbox) == ["coord@example.org", "owner@example.org"]
    assert client.post(f"/fr/services/{service.pk}/report/", {"kind": "bogus"}).status_code == 400
    for _ in range(5):
        client.post(f"/fr/services/{service.pk}/report/", {"kind": "wrong_info"})
    assert client.post(f"/fr/services/{service.pk}/report/", {"kind": "closed"}).status_code == 429
    assert Report.objects.count() == 5


def test_member_edits_outsider_refused_and_nothing_changes(client, city, org, service):
    member = UserFactory()
    MembershipFactory(user=member, organisation=org)
    outsider = UserFactory()
    MembershipFactory(user=outsider, organisation=OrganisationFactory(city=city))
    client.force_login(outsider)
    assert client.get(f"/fr/services/edit/{service.pk}/").status_code == 403
    assert client.post(f"/fr/services/edit/{service.pk}/verify/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.service_update(acting_user=outsider, service=service, name="Piraté")
    service.refresh_from_db()
    assert service.name == "Centre de santé" and not ServiceChange.objects.exists()
    services.service_update(acting_user=member, service=service, name="Centre de santé Belleville")
    change = ServiceChange.objects.get()
    assert change.actor == member and change.diff == {"name": ["Centre de santé", "Centre de santé Belleville"]}
    assert SearchToken.objects.filter(service=service, token="belleville").exists()


def test_owner_cannot_publish_coordinator_can(client, city, org):
    member = UserFactory()
    MembershipFactory(user=member, organisation=org)
    place = PlaceFactory(organisation=org)
    draft = services.service_create(
        acting_user=member, organisation=org, place=place, name="Nouveau", category_codes=["eat"]
    )
    assert draft.status == "draft"
    client.force_login(member)
    assert client.post(f"/fr/services/moderation/{draft.pk}/publish/").status_code == 403
    draft.refresh_from_db()
    assert draft.status == "draft"
    client.force_login(coordinator_of(city))
    assert client.post(f"/fr/services/moderation/{draft.pk}/publish/").status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"
    assert client.get("/fr/services/gaps/").status_code == 200


def test_staleness_flags_reminds_then_hides(city, org, service):
    now = timezone.now()
    Service.objects.filter(pk=service.pk).update(last_verified_at=now - dt.timedelta(days=100))
    result = services.staleness_run(city=city, now=now)
    assert result == {"flagged": 1, "reminded": 1, "hidden": 0, "reindexed": 0}
    assert notifications_send_due() == 1
    assert mail.outbox[-1].to == ["owner@example.org"]
    assert services.staleness_run(city=city, now=now) == {"flagged": 0, "reminded": 0, "hidden": 0, "reindexed": 0}
    Service.objects.filter(pk=service.pk).update(last_verified_at=now - dt.timedelta(days=200))
    assert services.staleness_run(city=city, now=now)["hidden"] == 1
    assert not SearchToken.objects.filter(service=service).exists()
    from accueil.directory.selectors import public_services

    assert not public_services(city=city).filter(pk=service.pk).exists()
    member = UserFactory()
    MembershipFactory(user=member, organisation=org)
    services.service_verify(acting_user=member, service=service)
    assert public_services(city=city).filter(pk=service.pk).exists()
    assert SearchToken.objects.filter(service=service).exists()


def test_closure_shows_its_reason_in_arabic(client, org, service):
    member = UserFactory()
    MembershipFactory(user=member, organisation=org)
    today = timezone.localdate()
    services.closure_add(acting_user=member, service=service, starts_on=today, ends_on=today, reason="strike")
    page = client.get(f"/ar/services/{service.pk}/").content.decode()
    assert "إضراب" in page


def test_a_published_translation_reaches_the_search_index_with_the_daily_job(city, service):
    from accueil.directory.search import search_scores
    from accueil.translations.services import translation_load_published

    translation_load_published(obj=service, field="name", language="ti", text="ማእከል ጥዕና ቤልቪል")
    assert not search_scores(city=city, query="ቤልቪል")
    assert services.staleness_run(city=city)["reindexed"] == 1
    assert [pk for pk, _score in search_scores(city=city, query="ቤልቪል")] == [service.pk]
    assert services.staleness_run(city=city, now=timezone.now() + dt.timedelta(days=2))["reindexed"] == 0


@pytest.mark.parametrize(("lang", "closed"), [("fr", "Fermé"), ("en", "Closed")])
def test_days_without_hours_read_closed_in_the_hours_table(client, org, lang, closed):
    service = ServiceFactory(city=org.city, organisation=org, place=PlaceFactory(city=org.city, organisation=org))
    html = client.get(f"/{lang}/services/{service.pk}/").content.decode()
    table = html[html.index("<tbody>") : html.index("</tbody>")]
    # The factory opens Monday to Friday: the weekend reads "closed" in the words of opening hours.
    assert table.count(f"<td>{closed}</td>") == 2


def test_a_reviewed_translation_is_searchable_as_soon_as_it_is_published(
    city, service, django_capture_on_commit_callbacks
):
    from accueil.directory.search import search_scores
    from accueil.testing.translations_factories import translator
    from accueil.translations import services as translations

    translations.source_changed_all(service)
    proposer = translator(city=city, languages=["ti"])
    expert = translator(city=city, languages=["ti"], reviewer_for=["ti"])
    proposal = translations.translation_propose(
        acting_user=proposer, obj=service, field="name", language="ti", text="ማእከል ጥዕና ቤልቪል"
    )
    assert not search_scores(city=city, query="ቤልቪል")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        translations.translation_publish(acting_user=expert, translation=proposal)
    assert len(callbacks) == 1
    assert [pk for pk, _score in search_scores(city=city, query="ቤልቪል")] == [service.pk]
