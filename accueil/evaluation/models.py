"""Assessment frameworks, cities' assessment cycles with answers and evidence, peer review, frozen scores,
practices shared between cities and requests for a peer exchange.

A framework is reference content shared by every city: a versioned tree (block → objective → question, with
answer options carrying points, and weights on every node) loaded by the operator from a data file
(``manage.py load_framework``). Its texts come with the file in each language it carries (``texts``), the
languages nobody has checked listed in ``needs_review``; a version is never edited once loaded.

An assessment is one city's cycle against one framework version. Its answers and evidence are the city's own;
drafts are visible to that city's coordinators only (and, once submitted, to the peer reviewer from another
city). Publication freezes every live figure of the evidence and writes the scores (``NodeScore``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accueil.core.models import Authored, CityRecord, Timestamped
from accueil.translations.shown import ShownTexts

SOURCE_LANGUAGE = "fr"


class Framework(models.Model):
    key = models.SlugField(_("key"), max_length=60)
    version = models.CharField(_("version"), max_length=20)
    publisher = models.CharField(_("publisher"), max_length=200)
    source_url = models.URLField(_("source"), blank=True)
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    texts = models.JSONField(default=dict, blank=True)  # {lang: {"title", "summary", "rule"}}
    level_names = models.JSONField(
        default=dict, blank=True
    )  # {"block": {lang: text}, "objective": {...}, "question": {...}}
    needs_review = models.JSONField(default=list, blank=True)  # languages whose texts no native speaker has checked
    digest = models.CharField(max_length=64)  # sha256 of the loaded data file: the same version loads once
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["key", "-loaded_at"]
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="evaluation_framework_version")]

    def __str__(self) -> str:
        return f"{self.key} {self.version}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:framework", args=[self.key, self.version])


class NodeKind(models.TextChoices):
    BLOCK = "block", _("Block")
    OBJECTIVE = "objective", _("Objective")
    QUESTION = "question", _("Question")


class FrameworkNode(models.Model):
    """One block, objective or question of a framework version, with its weight in its parent's score."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    kind = models.CharField(max_length=10, choices=NodeKind.choices)
    code = models.CharField(max_length=20)
    position = models.PositiveSmallIntegerField(default=0)
    weight = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal("1"))
    texts = models.JSONField(default=dict, blank=True)  # {lang: {"title", "short", "help"}}

    class Meta:
        ordering = ["framework", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="evaluation_node_code"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="evaluation_node_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code}"


class AnswerOption(models.Model):
    question = models.ForeignKey(FrameworkNode, on_delete=models.CASCADE, related_name="options")
    code = models.CharField(max_length=20)
    position = models.PositiveSmallIntegerField(default=0)
    points = models.DecimalField(max_digits=6, decimal_places=2)
    texts = models.JSONField(default=dict, blank=True)  # {lang: {"label"}}

    class Meta:
        ordering = ["question", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="evaluation_option_code"),
            models.CheckConstraint(condition=Q(points__gte=0), name="evaluation_option_points"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}:{self.code}"


class Crosswalk(models.Model):
    """How a node of one framework counts toward a node of another (an OECD objective and a charter
    commitment), loaded with the frameworks."""

    source = models.ForeignKey(FrameworkNode, on_delete=models.CASCADE, related_name="crosswalk_out")
    target = models.ForeignKey(FrameworkNode, on_delete=models.CASCADE, related_name="crosswalk_in")
    texts = models.JSONField(default=dict, blank=True)  # {lang: {"note"}}

    class Meta:
        ordering = ["source", "target"]
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="evaluation_crosswalk_pair")]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}"


class CityProfile(CityRecord, Timestamped):
    """What peer groups are drawn from besides the population the city already records."""

    city = models.OneToOneField("territories.City", on_delete=models.CASCADE, related_name="evaluation_profile")
    foreign_born_percent = models.DecimalField(
        _("foreign-born residents (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    source = models.CharField(_("source of the figure"), max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.city_id}: {self.foreign_born_percent}"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SELF_ASSESSED = "self_assessed", _("Self-assessed")
    PEER_REVIEWED = "peer_reviewed", _("Peer-reviewed")
    PUBLISHED = "published", _("Published")


class Assessment(CityRecord, Authored, Timestamped):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="assessments")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    cycle = models.PositiveSmallIntegerField(
        _("cycle (year)"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(max_length=16, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer_city = models.ForeignKey(
        "territories.City", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_summary = models.TextField(_("review summary"), blank=True, max_length=5000)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    reviewed_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["city", "framework", "-cycle"]
        constraints = [
            models.UniqueConstraint(fields=["city", "framework", "cycle"], name="evaluation_one_cycle_per_year"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False, score__isnull=False),
                name="evaluation_published_has_score",
            ),
            models.CheckConstraint(
                condition=Q(reviewer_city__isnull=True) | ~Q(reviewer_city=models.F("city")),
                name="evaluation_reviewer_from_another_city",
            ),
        ]
        indexes = [models.Index(fields=["framework", "status", "cycle"], name="evaluation_compare")]

    def __str__(self) -> str:
        return f"{self.city} · {self.framework} · {self.cycle}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:assessment", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == AssessmentStatus.PUBLISHED


class Answer(Timestamped):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(FrameworkNode, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(AnswerOption, on_delete=models.PROTECT, related_name="+")
    justification = models.TextField(_("justification"), max_length=5000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True, max_length=5000)
    review_option = models.ForeignKey(
        AnswerOption,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("answer the reviewer would give"),
    )

    class Meta:
        ordering = ["assessment", "question__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="evaluation_one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}:{self.question_id}"

    @property
    def is_challenged(self) -> bool:
        return self.review_option_id is not None and self.review_option_id != self.option_id


class EvidenceKind(models.TextChoices):
    FIGURE = "figure", _("A live figure of the platform")
    DOCUMENT = "document", _("A document")
    LINK = "link", _("A link")


class Evidence(models.Model):
    """What backs an answer. A figure is read live from the platform (a plan indicator or a registered source)
    until the assessment is published, then frozen with its date."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    url = models.URLField(_("address"), blank=True, max_length=500)
    source_key = models.CharField(_("figure"), max_length=80, blank=True)
    indicator = models.ForeignKey("plan.Indicator", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    frozen_value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    frozen_on = models.DateField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answer", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="figure") | Q(source_key__gt="") | Q(indicator__isnull=False),
                name="evaluation_figure_has_source",
            ),
            models.CheckConstraint(condition=~Q(kind="link") | Q(url__gt=""), name="evaluation_link_has_url"),
        ]

    def __str__(self) -> str:
        return self.title or self.source_key


class NodeScore(models.Model):
    """The score of one node of a published assessment, written once at publication: the city's own, and the
    one the peer reviewer's answers would give."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="node_scores")
    node = models.ForeignKey(FrameworkNode, on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(max_digits=6, decimal_places=2)
    reviewed_score = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["assessment", "node__position"]
        constraints = [models.UniqueConstraint(fields=["assessment", "node"], name="evaluation_one_score_per_node")]

    def __str__(self) -> str:
        return f"{self.assessment_id}:{self.node_id} = {self.score}"


class Practice(ShownTexts, CityRecord, Authored, Timestamped):
    """A practice a city shares with others: what it is, for whom, its results, whom to ask."""

    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="practices")
    title = models.CharField(_("title (French)"), max_length=200)
    summary = models.TextField(_("what it is (French)"), max_length=4000)
    audience = models.CharField(_("for whom (French)"), max_length=300)
    results = models.TextField(_("results (French)"), max_length=4000, blank=True)
    contact_name = models.CharField(_("contact"), max_length=120)
    contact_email = models.EmailField(_("contact email"))
    objectives = models.ManyToManyField(FrameworkNode, blank=True, related_name="practices")
    measures = models.ManyToManyField("plan.Measure", blank=True, related_name="+")
    published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["city", "title"]

    def __str__(self) -> str:
        return str(self.shown.title)

    def get_absolute_url(self) -> str:
        return reverse("evaluation:practice", args=[self.pk])


class ExchangeStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ExchangeRequest(models.Model):
    """A city asks the owner of a practice for a peer exchange."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="exchange_requests")
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")  # who asks
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message"), max_length=3000)
    status = models.CharField(max_length=10, choices=ExchangeStatus.choices, default=ExchangeStatus.OPEN)
    answer = models.TextField(_("answer"), blank=True, max_length=3000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "city"], condition=Q(status="open"), name="evaluation_one_open_exchange"
            )
        ]

    def __str__(self) -> str:
        return f"{self.city_id} → {self.practice_id} ({self.status})"


TRANSLATED: dict[type[models.Model], list[str]] = {Practice: ["title", "summary", "audience", "results"]}


def text_of(texts: dict[str, Any], field: str, language: str) -> tuple[str, str]:
    """A framework text in ``language``, else French, else English: (text, language it is in)."""
    for lang in (language, SOURCE_LANGUAGE, "en"):
        value = (texts.get(lang) or {}).get(field)
        if value:
            return str(value), lang
    return "", language
