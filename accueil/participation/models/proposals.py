"""Public proposals about the reception scheme: submitted by anyone with an account, moderated by the City's
coordinators (pending → published | rejected with a reason), answered officially with a status, and linked to
the plan measures they feed, so that each proposal shows what became of it and each measure its proposals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accueil.core.models import CityRecord


class ProposalModeration(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class ProposalAnswerStatus(models.TextChoices):
    UNDER_STUDY = "under_study", _("Under study")
    ACCEPTED = "accepted", _("Accepted")
    PARTIALLY_ACCEPTED = "partially_accepted", _("Partially accepted")
    NOT_RETAINED = "not_retained", _("Not retained")
    IMPLEMENTED = "implemented", _("Implemented")


class Proposal(CityRecord):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("proposal"), max_length=5000)
    district = models.ForeignKey(
        "territories.District",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
        verbose_name=_("district"),
    )
    measures = models.ManyToManyField(
        "plan.Measure", blank=True, related_name="proposals", verbose_name=_("plan measures")
    )
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=ProposalModeration.choices, default=ProposalModeration.PENDING
    )
    rejection_reason = models.TextField(_("reason for rejection"), max_length=1000, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    answer_status = models.CharField(
        _("status"), max_length=20, choices=ProposalAnswerStatus.choices, blank=True, default=""
    )
    answer = models.TextField(_("official answer"), max_length=5000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["city", "moderation", "-created_at"], name="proposal_city_moderation"),
            models.Index(fields=["author", "created_at"], name="proposal_author_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(moderation="rejected") | ~Q(rejection_reason=""), name="proposal_rejection_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:proposal_detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.moderation == ProposalModeration.PUBLISHED
