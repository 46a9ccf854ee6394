"""Every write of the evaluation app: frameworks loaded by the operator, assessment cycles and their answers and
evidence, the peer review, publication (figures frozen, scores written), city profiles, practices and
requests for an exchange.

A cycle moves draft → self-assessed → peer-reviewed → published and never back; every transition locks the
assessment row first (`locks.py`), checks the policy inside the lock, and is audited. A refusal changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.core.errors import Refused
from accueil.plan import sources

from . import events, figures, policies, selectors
from .errors import EvaluationError
from .locks import lock_assessment, lock_exchange
from .models import (
    Answer,
    AnswerOption,
    Assessment,
    AssessmentStatus,
    CityProfile,
    Crosswalk,
    Evidence,
    EvidenceKind,
    ExchangeRequest,
    ExchangeStatus,
    Framework,
    FrameworkNode,
    NodeKind,
    NodeScore,
    Practice,
)

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.plan.models import Indicator, Measure
    from accueil.territories.models import City

LANGUAGE_CODES = ("fr", "en", "ar", "fa", "ps", "ti", "am")


def _forbidden() -> Refused:
    return Refused(EvaluationError.FORBIDDEN, _("You are not allowed to do this."), status=403)


def _invalid(code: EvaluationError, message: str) -> Refused:
    return Refused(code, message, status=422)


# --- Frameworks ----------------------------------------------------------------------------------------------


def _texts(value: Any, *, where: str) -> dict[str, dict[str, str]]:
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("fr"), dict)
        or not value["fr"].get("title", value["fr"].get("label"))
    ):
        raise _invalid(EvaluationError.BAD_FRAMEWORK, _("%(where)s needs a French text.") % {"where": where})
    clean: dict[str, dict[str, str]] = {}
    for lang, fields in value.items():
        if not isinstance(fields, dict):
            raise _invalid(EvaluationError.BAD_FRAMEWORK, _("%(where)s: bad texts.") % {"where": where})
        clean[str(lang)] = {str(k): str(v)[:2000] for k, v in fields.items()}
    return clean


def _decimal(value: Any, *, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise _invalid(EvaluationError.BAD_FRAMEWORK, _("%(where)s: not a number.") % {"where": where}) from None
    if not number.is_finite() or number < 0 or number > 9999:
        raise _invalid(EvaluationError.BAD_FRAMEWORK, _("%(where)s: out of range.") % {"where": where})
    return number


def framework_digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


@transaction.atomic
def framework_load(*, raw: bytes, acting_user: User | None) -> tuple[Framework, bool]:
    """Load one framework version from its data file (JSON). Returns (framework, created).

    The same file loads once (a second load is a no-op); another file with an existing key and version is
    refused: a published version is never changed, a new one gets a new version."""
    if acting_user is not None and not policies.can_load_frameworks(user=acting_user):
        raise _forbidden()
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _invalid(EvaluationError.BAD_FRAMEWORK, _("The file is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise _invalid(EvaluationError.BAD_FRAMEWORK, _("The file is not valid JSON."))
    key, version = str(data.get("key", "")), str(data.get("version", ""))
    digest = framework_digest(raw)
    existing = Framework.objects.filter(key=key, version=version).first()
    if existing is not None:
        if existing.digest == digest:
            return existing, False
        raise Refused(
            EvaluationError.FRAMEWORK_VERSION_EXISTS,
            _("Version %(version)s of %(key)s is already loaded with other contents; give the file a new version.")
            % {"version": version, "key": key},
        )
    framework = Framework(
        key=key,
        version=version,
        publisher=str(data.get("publisher", ""))[:200],
        source_url=str(data.get("source_url", "")),
        licence=str(data.get("licence", ""))[:200],
        texts=_texts(data.get("texts"), where=key or "framework"),
        level_names=data.get("level_names") if isinstance(data.get("level_names"), dict) else {},
        needs_review=[lang for lang in data.get("needs_review", []) if lang in LANGUAGE_CODES],
        digest=digest,
        loaded_by=acting_user,
    )
    try:
        framework.full_clean()
    except ValidationError:
        raise _invalid(EvaluationError.BAD_FRAMEWORK, _("The framework needs a key and a version.")) from None
    framework.save()
    option_sets = data.get("options") or {}
    position = 0
    blocks = data.get("blocks")
    if not isinstance(blocks, list) or not blocks:
        raise _invalid(EvaluationError.BAD_FRAMEWORK, _("The framework has no block."))
    for block_data in blocks:
        block = _node(framework, None, NodeKind.BLOCK, block_data, position := position + 1)
        for objective_data in block_data.get("objectives") or []:
            objective = _node(framework, block, NodeKind.OBJECTIVE, objective_data, position := position + 1)
            questions = objective_data.get("questions") or []
            if not questions:
                raise _invalid(
                    EvaluationError.BAD_FRAMEWORK, _("%(where)s has no question.") % {"where": objective.code}
                )
            for question_data in questions:
                question = _node(framework, objective, NodeKind.QUESTION, question_data, position := position + 1)
                options = question_data.get("options")
                if isinstance(options, str):
                    options = option_sets.get(options)
                if not isinstance(options, list) or len(options) < 2:
                    raise _invalid(
                        EvaluationError.BAD_FRAMEWORK,
                        _("%(where)s needs at least two answers.") % {"where": question.code},
                    )
                for index, option_data in enumerate(options):
                    AnswerOption.objects.create(
                        question=question,
                        code=str(option_data.get("code", index))[:20],
                        position=index,
                        points=_decimal(option_data.get("points"), where=question.code),
                        texts=_texts(option_data.get("texts"), where=question.code),
                    )
                if not any(option.points > 0 for option in question.options.all()):
                    raise _invalid(
                        EvaluationError.BAD_FRAMEWORK,
                        _("%(where)s: one answer at least must score points.") % {"where": question.code},
                    )
    _crosswalk_load(framework, data.get("crosswalk") or [])
    audit_record(
        action=events.FRAMEWORK_LOADED, actor=acting_user, target=framework, data={"key": key, "version": version}
    )
    return framework, True


def _node(framework: Framework, parent: FrameworkNode | None, kind: str, data: Any, position: int) -> FrameworkNode:
    if not isinstance(data, dict) or not data.get("code"):
        raise _invalid(EvaluationError.BAD_FRAMEWORK, _("A node has no code."))
    code = str(data["code"])[:20]
    weight = _decimal(data.get("weight", 1), where=code)
    if weight <= 0:
        raise _invalid(EvaluationError.BAD_FRAMEWORK, _("%(where)s: a weight must be positive.") % {"where": code})
    node = FrameworkNode(
        framework=framework,
        parent=parent,
        kind=kind,
        code=code,
        position=position,
        weight=weight,
        texts=_texts(data.get("texts"), where=code),
    )
    try:
        node.full_clean()
        node.save()
    except (ValidationError, IntegrityError):
        raise _invalid(EvaluationError.BAD_FRAMEWORK, _("%(where)s appears twice.") % {"where": code}) from None
    return node


def _crosswalk_load(framework: Framework, links: list[Any]) -> None:
    """Links toward frameworks already loaded; a link to a framework not loaded yet is skipped (the reverse file
    may carry it)."""
    for link in links:
        if not isinstance(link, dict) or not isinstance(link.get("to"), dict):
            raise _invalid(EvaluationError.BAD_FRAMEWORK, _("A crosswalk link is malformed."))
        source = FrameworkNode.objects.filter(framework=framework, code=str(link.get("code", ""))).first()
        if source is None:
            raise _invalid(EvaluationError.BAD_FRAMEWORK, _("A crosswalk link names an unknown node."))
        to = link["to"]
        target = FrameworkNode.objects.filter(
            framework__key=str(to.get("key", "")),
            framework__version=str(to.get("version", "")),
            code=str(to.get("code", "")),
        ).first()
        if target is not None:
            Crosswalk.objects.get_or_create(source=source, target=target, defaults={"texts": link.get("texts") or {}})


# --- City profile --------------------------------------------------------------------------------------------


@transaction.atomic
def city_profile_save(
    *, city: City, foreign_born_percent: Decimal | None, source: str, acting_user: User
) -> CityProfile:
    if not policies.can_run_assessments(user=acting_user, city=city):
        raise _forbidden()
    profile, _created = CityProfile.objects.get_or_create(city=city)
    profile.foreign_born_percent = foreign_born_percent
    profile.source = source
    profile.full_clean()
    profile.save()
    audit_record(action=events.PROFILE_SAVED, actor=acting_user, city=city, target=profile)
    return profile


# --- Assessments ---------------------------------------------------------------------------------------------


@transaction.atomic
def assessment_create(*, city: City, framework: Framework, cycle: int, acting_user: User) -> Assessment:
    if not policies.can_run_assessments(user=acting_user, city=city):
        raise _forbidden()
    if Assessment.objects.filter(city=city, framework=framework, cycle=cycle).exists():
        raise Refused(
            EvaluationError.DUPLICATE_CYCLE,
            _("This city already has a %(cycle)s cycle for this framework.") % {"cycle": cycle},
        )
    assessment = Assessment(city=city, framework=framework, cycle=cycle, created_by=acting_user)
    try:
        assessment.full_clean()
    except ValidationError as exc:
        raise _invalid(EvaluationError.BAD_TRANSITION, " ".join(exc.messages)) from None
    try:
        with transaction.atomic():
            assessment.save()
    except IntegrityError:
        raise Refused(
            EvaluationError.DUPLICATE_CYCLE,
            _("This city already has a %(cycle)s cycle for this framework.") % {"cycle": cycle},
        ) from None
    audit_record(action=events.ASSESSMENT_CREATED, actor=acting_user, city=city, target=assessment)
    return assessment


def _editable(assessment_id: int, acting_user: User) -> Assessment:
    assessment = lock_assessment(assessment_id)
    if not policies.can_edit_answers(user=acting_user, assessment=assessment):
        if assessment.status != AssessmentStatus.DRAFT and policies.can_run_assessments(
            user=acting_user, city=assessment.city
        ):
            raise Refused(EvaluationError.FROZEN, _("This cycle was submitted: its answers can no longer change."))
        raise _forbidden()
    return assessment


@transaction.atomic
def answer_save(
    *, assessment: Assessment, question: FrameworkNode, option_code: str, justification: str, acting_user: User
) -> Answer:
    assessment = _editable(assessment.pk, acting_user)
    if question.framework_id != assessment.framework_id or question.kind != NodeKind.QUESTION:
        raise _invalid(EvaluationError.BAD_OPTION, _("This question is not part of the cycle's framework."))
    option = AnswerOption.objects.filter(question=question, code=option_code).first()
    if option is None:
        raise _invalid(EvaluationError.BAD_OPTION, _("Choose one of the answers offered."))
    justification = justification.strip()
    if not justification:
        raise _invalid(EvaluationError.BAD_OPTION, _("Say why: a justification is required."))
    answer = Answer.objects.filter(assessment=assessment, question=question).first() or Answer(
        city=assessment.city, assessment=assessment, question=question
    )
    answer.option = option
    answer.justification = justification
    answer.answered_by = acting_user
    try:
        answer.full_clean()
    except ValidationError as exc:
        raise _invalid(EvaluationError.BAD_OPTION, " ".join(exc.messages)) from None
    answer.save()
    audit_record(
        action=events.ANSWER_SAVED,
        actor=acting_user,
        city=assessment.city,
        target=answer,
        data={"question": question.code, "option": option.code},
    )
    return answer


@transaction.atomic
def evidence_add(
    *,
    answer: Answer,
    kind: str,
    acting_user: User,
    title: str = "",
    url: str = "",
    source_key: str = "",
    indicator: Indicator | None = None,
) -> Evidence:
    assessment = _editable(answer.assessment_id, acting_user)
    evidence = Evidence(
        city=assessment.city, answer=answer, kind=kind, title=title.strip(), url=url.strip(), added_by=acting_user
    )
    if kind == EvidenceKind.FIGURE:
        if indicator is not None:
            if indicator.city_id != assessment.city_id:
                raise _invalid(EvaluationError.BAD_EVIDENCE, _("Choose one of your city's indicators."))
            evidence.indicator = indicator
        elif source_key in sources.SOURCES:
            evidence.source_key = source_key
        else:
            raise _invalid(EvaluationError.BAD_EVIDENCE, _("Choose a figure of the platform."))
    elif kind == EvidenceKind.LINK:
        if not evidence.url:
            raise _invalid(EvaluationError.BAD_EVIDENCE, _("A link needs its address."))
    elif kind == EvidenceKind.DOCUMENT:
        if not evidence.title:
            raise _invalid(EvaluationError.BAD_EVIDENCE, _("A document needs its title."))
    else:
        raise _invalid(EvaluationError.BAD_EVIDENCE, _("Choose what kind of evidence this is."))
    try:
        evidence.full_clean()
    except ValidationError as exc:
        raise _invalid(EvaluationError.BAD_EVIDENCE, " ".join(exc.messages)) from None
    evidence.save()
    audit_record(action=events.EVIDENCE_ADDED, actor=acting_user, city=assessment.city, target=evidence)
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, acting_user: User) -> None:
    assessment = _editable(evidence.answer.assessment_id, acting_user)
    audit_record(action=events.EVIDENCE_REMOVED, actor=acting_user, city=assessment.city, target=evidence)
    evidence.delete()


@transaction.atomic
def assessment_submit(*, assessment: Assessment, acting_user: User) -> Assessment:
    assessment = lock_assessment(assessment.pk)
    if not policies.can_run_assessments(user=acting_user, city=assessment.city):
        raise _forbidden()
    if assessment.status != AssessmentStatus.DRAFT:
        raise Refused(EvaluationError.BAD_TRANSITION, _("Only a draft can be submitted."))
    missing = selectors.unanswered_questions(assessment=assessment)
    if missing:
        raise Refused(
            EvaluationError.INCOMPLETE,
            _("Questions not answered yet: %(count)s.") % {"count": len(missing)},
            details={"questions": [q.code for q in missing]},
        )
    assessment.status = AssessmentStatus.SELF_ASSESSED
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(action=events.ASSESSMENT_SUBMITTED, actor=acting_user, city=assessment.city, target=assessment)
    return assessment


@transaction.atomic
def review_take(*, assessment: Assessment, reviewer_city: City, acting_user: User) -> Assessment:
    assessment = lock_assessment(assessment.pk)
    if reviewer_city.pk == assessment.city_id:
        raise Refused(EvaluationError.SAME_CITY_REVIEWER, _("A peer reviewer comes from another city."), status=403)
    if not policies.can_take_review(user=acting_user, assessment=assessment, reviewer_city=reviewer_city):
        if assessment.status != AssessmentStatus.SELF_ASSESSED or assessment.reviewer_id is not None:
            raise Refused(EvaluationError.BAD_TRANSITION, _("This cycle is not waiting for a reviewer."))
        raise _forbidden()
    assessment.reviewer = acting_user
    assessment.reviewer_city = reviewer_city
    assessment.full_clean()
    assessment.save(update_fields=["reviewer", "reviewer_city", "updated_at"])
    audit_record(
        action=events.REVIEW_CLAIMED,
        actor=acting_user,
        city=assessment.city,
        target=assessment,
        data={"reviewer_city": reviewer_city.slug},
    )
    return assessment


@transaction.atomic
def review_comment(*, answer: Answer, comment: str, option_code: str, acting_user: User) -> Answer:
    """The reviewer's comment on one answer; naming another answer challenges the city's score."""
    assessment = lock_assessment(answer.assessment_id)
    if not policies.can_review(user=acting_user, assessment=assessment):
        raise _forbidden()
    answer = Answer.objects.select_related("question").get(pk=answer.pk)
    option = None
    if option_code:
        option = AnswerOption.objects.filter(question=answer.question, code=option_code).first()
        if option is None:
            raise _invalid(EvaluationError.BAD_OPTION, _("Choose one of the answers offered."))
    comment = comment.strip()
    if not comment:
        raise _invalid(EvaluationError.BAD_OPTION, _("Write a comment."))
    answer.review_comment = comment
    answer.review_option = option
    answer.full_clean()
    answer.save(update_fields=["review_comment", "review_option", "updated_at"])
    audit_record(
        action=events.REVIEW_COMMENTED,
        actor=acting_user,
        city=assessment.city,
        target=answer,
        data={"challenged": answer.is_challenged},
    )
    return answer


@transaction.atomic
def review_complete(*, assessment: Assessment, summary: str, acting_user: User) -> Assessment:
    assessment = lock_assessment(assessment.pk)
    if not policies.can_review(user=acting_user, assessment=assessment):
        if policies.is_reviewer(user=acting_user, assessment=assessment):
            raise Refused(EvaluationError.BAD_TRANSITION, _("This review is already closed."))
        raise _forbidden()
    summary = summary.strip()
    if not summary:
        raise _invalid(EvaluationError.INCOMPLETE, _("Write the review's summary."))
    assessment.review_summary = summary
    assessment.status = AssessmentStatus.PEER_REVIEWED
    assessment.reviewed_at = timezone.now()
    assessment.full_clean()
    assessment.save(update_fields=["review_summary", "status", "reviewed_at", "updated_at"])
    audit_record(action=events.REVIEW_COMPLETED, actor=acting_user, city=assessment.city, target=assessment)
    return assessment


@transaction.atomic
def assessment_publish(*, assessment: Assessment, acting_user: User) -> Assessment:
    """Freeze every live figure of the evidence at today's value and write the scores: the cycle is final."""
    assessment = lock_assessment(assessment.pk)
    if not policies.can_publish(user=acting_user, assessment=assessment):
        if assessment.status != AssessmentStatus.PEER_REVIEWED and policies.can_run_assessments(
            user=acting_user, city=assessment.city
        ):
            raise Refused(EvaluationError.BAD_TRANSITION, _("Only a peer-reviewed cycle can be published."))
        raise _forbidden()
    today = timezone.localdate()
    for evidence in Evidence.objects.filter(answer__assessment=assessment, kind=EvidenceKind.FIGURE).select_related(
        "city", "indicator"
    ):
        value, on = figures.live_value(evidence, on_date=today)
        evidence.frozen_value = value
        evidence.frozen_on = on or today
        evidence.save(update_fields=["frozen_value", "frozen_on"])
    own, reviewed = selectors.assessment_scores(assessment=assessment)
    NodeScore.objects.bulk_create(
        NodeScore(assessment=assessment, node_id=node_id, score=value, reviewed_score=reviewed.get(node_id, value))
        for node_id, value in own.items()
        if node_id is not None
    )
    assessment.score = own.get(None)
    assessment.reviewed_score = reviewed.get(None)
    assessment.status = AssessmentStatus.PUBLISHED
    assessment.published_at = timezone.now()
    assessment.full_clean()
    assessment.save(update_fields=["score", "reviewed_score", "status", "published_at", "updated_at"])
    audit_record(
        action=events.ASSESSMENT_PUBLISHED,
        actor=acting_user,
        city=assessment.city,
        target=assessment,
        data={"score": str(assessment.score)},
    )
    return assessment


# --- Practices and exchanges ---------------------------------------------------------------------------------


@transaction.atomic
def practice_save(
    *,
    city: City,
    acting_user: User,
    title: str,
    summary: str,
    audience: str,
    results: str,
    contact_name: str,
    contact_email: str,
    objectives: list[FrameworkNode],
    measures: list[Measure],
    practice: Practice | None = None,
    is_demo: bool = False,
) -> Practice:
    if not policies.can_manage_practices(user=acting_user, city=city):
        raise _forbidden()
    if practice is not None and practice.city_id != city.pk:
        raise _forbidden()
    if any(m.city_id != city.pk for m in measures):
        raise _invalid(EvaluationError.BAD_EVIDENCE, _("Choose measures of your own plan."))
    if any(o.kind != NodeKind.OBJECTIVE for o in objectives):
        raise _invalid(EvaluationError.BAD_EVIDENCE, _("Choose objectives of a framework."))
    practice = practice or Practice(city=city, created_by=acting_user, is_demo=is_demo)
    practice.title, practice.summary, practice.audience, practice.results = title, summary, audience, results
    practice.contact_name, practice.contact_email = contact_name, contact_email
    try:
        practice.full_clean()
    except ValidationError as exc:
        raise _invalid(EvaluationError.BAD_EVIDENCE, " ".join(exc.messages)) from None
    practice.save()
    practice.objectives.set(objectives)
    practice.measures.set(measures)
    audit_record(action=events.PRACTICE_SAVED, actor=acting_user, city=city, target=practice)
    return practice


@transaction.atomic
def exchange_request(
    *, practice: Practice, city: City, message: str, acting_user: User, is_demo: bool = False
) -> ExchangeRequest:
    if practice.city_id == city.pk:
        raise Refused(EvaluationError.OWN_PRACTICE, _("This practice is your own city's."), status=403)
    if not policies.can_request_exchange(user=acting_user, practice=practice, city=city):
        raise _forbidden()
    message = message.strip()
    if not message:
        raise _invalid(EvaluationError.INCOMPLETE, _("Say what you would like to learn."))
    exchange = ExchangeRequest(practice=practice, city=city, requested_by=acting_user, message=message, is_demo=is_demo)
    exchange.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            exchange.save()
    except IntegrityError:
        raise Refused(
            EvaluationError.REQUEST_ANSWERED, _("Your city already has a request waiting for an answer.")
        ) from None
    audit_record(action=events.EXCHANGE_REQUESTED, actor=acting_user, city=practice.city, target=exchange)
    return exchange


@transaction.atomic
def exchange_answer(*, exchange: ExchangeRequest, accept: bool, answer: str, acting_user: User) -> ExchangeRequest:
    exchange = lock_exchange(exchange.pk)
    if not policies.can_answer_exchange(user=acting_user, exchange=exchange):
        raise _forbidden()
    if exchange.status != ExchangeStatus.OPEN:
        raise Refused(EvaluationError.REQUEST_ANSWERED, _("This request was already answered."))
    exchange.status = ExchangeStatus.ACCEPTED if accept else ExchangeStatus.DECLINED
    exchange.answer = answer.strip()
    exchange.answered_by = acting_user
    exchange.answered_at = timezone.now()
    exchange.full_clean(validate_constraints=False)
    exchange.save()
    audit_record(
        action=events.EXCHANGE_ANSWERED,
        actor=acting_user,
        city=exchange.practice.city,
        target=exchange,
        data={"status": exchange.status},
    )
    return exchange
