"""The translation workflow: propose → publish, French change → outdated, re-validation, rejection, permissions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from accueil.audit.models import AuditEvent
from accueil.testing.factories import RoleAssignmentFactory, UserFactory
from accueil.testing.guide_factories import ArticleFactory
from accueil.testing.translations_factories import translator
from accueil.translations import services
from accueil.translations.models import SourceVersion, Translation, TranslationStatus
from accueil.translations.selectors import translated_text


@pytest.fixture
def article(city):
    article = ArticleFactory(city=city, title="Se soigner", body="Texte français.")
    services.source_changed_all(article)
    return article


@pytest.fixture
def proposer(city):
    return translator(city=city, languages=["ar"])


@pytest.fixture
def expert(city):
    return translator(city=city, languages=["ar"], reviewer_for=["ar"])


def _publish_ar(article, proposer, expert, text="العلاج"):
    proposal = services.translation_propose(acting_user=proposer, obj=article, field="title", language="ar", text=text)
    return services.translation_publish(acting_user=expert, translation=proposal)


@pytest.mark.smoke
def test_propose_then_publish_shows_translation(article, proposer, expert):
    proposal = services.translation_propose(
        acting_user=proposer, obj=article, field="title", language="ar", text="العلاج"
    )
    assert proposal.status == TranslationStatus.PROPOSED
    assert translated_text(article, "title", "ar").text == "Se soigner"  # not published yet
    services.translation_publish(acting_user=expert, translation=proposal)
    shown = translated_text(article, "title", "ar")
    assert (shown.text, shown.language_shown, shown.status, shown.outdated) == ("العلاج", "ar", "published", False)
    assert shown.translated_at is not None
    assert shown.source_changed_at is not None
    assert AuditEvent.objects.filter(action="translations.published").count() == 1


def test_french_reader_sees_source(article):
    shown = translated_text(article, "title", "fr")
    assert (shown.text, shown.status, shown.outdated) == ("Se soigner", "source", False)


def test_missing_translation_falls_back_to_french(article):
    shown = translated_text(article, "title", "ti")
    assert (shown.text, shown.language_shown, shown.status, shown.is_fallback) == ("Se soigner", "fr", "missing", True)


def test_source_change_marks_published_outdated_and_reader_is_told(article, proposer, expert):
    _publish_ar(article, proposer, expert)
    article.title = "Se soigner à Paris"
    article.save()
    version = services.source_changed(article, "title")
    assert version is not None and version.version == 2
    assert Translation.objects.get().status == TranslationStatus.OUTDATED
    shown = translated_text(article, "title", "ar")
    assert (shown.text, shown.status, shown.outdated) == ("العلاج", "outdated", True)
    assert shown.source_changed_at > shown.translated_at


def test_unchanged_source_records_nothing(article, proposer, expert):
    _publish_ar(article, proposer, expert)
    assert services.source_changed(article, "title") is None
    assert SourceVersion.objects.filter(field="title").count() == 1
    assert Translation.objects.get().status == TranslationStatus.PUBLISHED


def test_revalidation_publishes_against_new_source(article, proposer, expert):
    translation = _publish_ar(article, proposer, expert)
    article.title = "Se soigner à Paris"
    article.save()
    services.source_changed(article, "title")
    services.translation_revalidate(acting_user=expert, translation=translation)
    translation.refresh_from_db()
    assert translation.status == TranslationStatus.PUBLISHED
    assert translation.source_version.version == 2
    assert translated_text(article, "title", "ar").outdated is False


def test_proposal_on_old_source_cannot_be_published(article, proposer, expert):
    proposal = services.translation_propose(acting_user=proposer, obj=article, field="title", language="ar", text="x")
    article.title = "Nouveau titre"
    article.save()
    services.source_changed(article, "title")
    with pytest.raises(ValidationError):
        services.translation_publish(acting_user=expert, translation=proposal)
    proposal.refresh_from_db()
    assert proposal.status == TranslationStatus.PROPOSED


def test_new_publication_replaces_previous_one(article, proposer, expert):
    first = _publish_ar(article, proposer, expert, "أول")
    second = _publish_ar(article, proposer, expert, "ثاني")
    first.refresh_from_db()
    assert first.status == TranslationStatus.OUTDATED
    assert Translation.objects.filter(status="published").get() == second
    assert translated_text(article, "title", "ar").text == "ثاني"


def test_rejection_needs_a_comment_and_keeps_french(article, proposer, expert):
    proposal = services.translation_propose(acting_user=proposer, obj=article, field="title", language="ar", text="x")
    with pytest.raises(ValidationError):
        services.translation_reject(acting_user=expert, translation=proposal, comment="  ")
    proposal.refresh_from_db()
    assert proposal.status == TranslationStatus.PROPOSED
    services.translation_reject(acting_user=expert, translation=proposal, comment="Mot incorrect.")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.review_comment, proposal.reviewer) == ("rejected", "Mot incorrect.", expert)
    assert translated_text(article, "title", "ar").status == "missing"


def test_translator_without_reviewer_rights_cannot_publish(article, proposer):
    proposal = services.translation_propose(acting_user=proposer, obj=article, field="title", language="ar", text="x")
    with pytest.raises(PermissionDenied):
        services.translation_publish(acting_user=proposer, translation=proposal)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.reviewer, proposal.published_at) == ("proposed", None, None)


def test_reviewer_of_another_language_cannot_publish(city, article, proposer):
    ti_expert = translator(city=city, languages=["ti"], reviewer_for=["ti"])
    proposal = services.translation_propose(acting_user=proposer, obj=article, field="title", language="ar", text="x")
    with pytest.raises(PermissionDenied):
        services.translation_publish(acting_user=ti_expert, translation=proposal)
    assert Translation.objects.get().status == TranslationStatus.PROPOSED


def test_other_city_translator_cannot_act(article, proposer, other_city):
    foreign = translator(city=other_city, languages=["ar"], reviewer_for=["ar"])
    with pytest.raises(PermissionDenied):
        services.translation_propose(acting_user=foreign, obj=article, field="title", language="ar", text="x")
    assert Translation.objects.count() == 0
    proposal = services.translation_propose(acting_user=proposer, obj=article, field="title", language="ar", text="x")
    with pytest.raises(PermissionDenied):
        services.translation_publish(acting_user=foreign, translation=proposal)
    proposal.refresh_from_db()
    assert proposal.status == TranslationStatus.PROPOSED


def test_non_translator_cannot_propose(city, article):
    user = UserFactory()
    RoleAssignmentFactory(user=user, city=city, role="volunteer")
    with pytest.raises(PermissionDenied):
        services.translation_propose(acting_user=user, obj=article, field="title", language="ar", text="x")
    assert Translation.objects.count() == 0


def test_french_cannot_be_proposed(article, proposer):
    with pytest.raises(ValidationError):
        services.translation_propose(acting_user=proposer, obj=article, field="title", language="fr", text="x")
    assert Translation.objects.count() == 0


def test_coordinator_grants_reviewer_rights(city, article, proposer):
    coordinator = UserFactory()
    RoleAssignmentFactory(user=coordinator, city=city, role="coordinator")
    services.translator_language_set(acting_user=coordinator, city=city, user=proposer, language="ar", is_reviewer=True)
    proposal = services.translation_propose(acting_user=proposer, obj=article, field="title", language="ar", text="x")
    services.translation_publish(acting_user=proposer, translation=proposal)
    assert translated_text(article, "title", "ar").text == "x"


def test_translator_cannot_grant_reviewer_rights(city, proposer, expert):
    with pytest.raises(PermissionDenied):
        services.translator_language_set(acting_user=expert, city=city, user=proposer, language="ar", is_reviewer=True)
    assert proposer.translator_languages.get().is_reviewer is False


class ExplodingProvider:
    calls = 0

    def translate(self, text: str, *, source: str, target: str) -> str:
        ExplodingProvider.calls += 1
        return "machine"


def test_no_machine_provider_is_called_by_default(article, proposer, monkeypatch):
    import accueil.translations.machine as machine

    def forbidden(path: str):  # pragma: no cover - would fail the test
        raise AssertionError("no provider must be loaded")

    monkeypatch.setattr(machine, "import_string", forbidden)
    assert services.machine_prefill(acting_user=proposer, obj=article, field="title", language="ar") is None
    assert Translation.objects.count() == 0


@override_settings(MACHINE_TRANSLATION_PROVIDER="accueil.translations.tests.test_workflow.ExplodingProvider")
def test_configured_provider_only_prefills_a_machine_proposal(article, proposer):
    proposal = services.machine_prefill(acting_user=proposer, obj=article, field="title", language="ar")
    assert (proposal.status, proposal.is_machine, proposal.text) == ("proposed", True, "machine")
    assert translated_text(article, "title", "ar").status == "missing"
