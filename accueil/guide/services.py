"""Writes of the rights guide. Every change of French text is passed to the translation workflow."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accueil.audit.services import audit_record
from accueil.translations.services import source_changed_all

from . import policies
from .models import Article


@transaction.atomic
def article_save(*, acting_user: Any, article: Article) -> Article:
    """Create or update an article; published translations of changed fields become outdated."""
    if acting_user is not None and not policies.can_edit_guide(acting_user, article.city):
        raise PermissionDenied
    article.full_clean()
    article.save()
    for step in article.steps.all():
        source_changed_all(step, acting_user=acting_user)
    source_changed_all(article, acting_user=acting_user)
    audit_record(action="guide.article_saved", actor=acting_user, city=article.city, target=article)
    return article
