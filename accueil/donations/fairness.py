"""The fund's published fairness rule, in one place. The transparency page shows RULE_STEPS word for word.

1. Only applications scored by the committee take part; an application's score is the mean of its scores.
2. Applications are ranked by score (highest first); ties go to the earlier submission, then the lower number.
3. Each district keeps its own queue in that order. Districts take turns (round-robin), in the order of their
   best-ranked application: at each turn a district funds its next application.
4. An application receives what it asked for, limited by what its organisation may still receive (the cap per
   organisation for the call) and by what is left of the budget. An organisation at its cap is skipped.
5. Turns go on until the budget is spent or no application is left: the last grant may be partial, so the
   budget is used exactly when the requests exceed it.

No Django here: `services.call_allocate` feeds it and stores the results.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

RULE_STEPS = (
    _("Only applications scored by the committee take part; an application's score is the mean of its scores."),
    _("Applications are ranked by score, highest first; ties go to the earlier submission."),
    _(
        "Districts take turns, in the order of their best-ranked application: at each turn a district funds "
        "its next application, so the money is spread across districts."
    ),
    _(
        "An application receives what it asked for, limited by the cap per organisation and by what is left "
        "of the budget."
    ),
    _("Turns go on until the budget is spent or no application is left; the last grant may be partial."),
)


@dataclass(frozen=True)
class Candidate:
    key: Hashable
    organisation: Hashable
    district: Hashable
    score: Decimal
    requested: Decimal
    submitted: dt.datetime | None = None


@dataclass
class Grant:
    key: Hashable
    amount: Decimal
    rank: int
    reasons: list[list[str]] = field(default_factory=list)


def _order(candidate: Candidate) -> tuple[object, ...]:
    submitted = candidate.submitted.timestamp() if candidate.submitted else 0.0
    return (-candidate.score, submitted, str(candidate.key))


def allocate(*, candidates: Sequence[Candidate], budget: Decimal, cap_per_organisation: Decimal) -> list[Grant]:
    """Grants in the order they were made. Reasons are ``[code, value]`` pairs (see ``reason_text``)."""
    ranked = sorted(candidates, key=_order)
    rank_of = {candidate.key: position + 1 for position, candidate in enumerate(ranked)}
    queues: OrderedDict[Hashable, list[Candidate]] = OrderedDict()
    for candidate in ranked:
        queues.setdefault(candidate.district, []).append(candidate)
    left = Decimal(budget)
    received: dict[Hashable, Decimal] = {}
    grants: list[Grant] = []
    turn = 0
    while left > 0 and any(queues.values()):
        turn += 1
        for queue in queues.values():
            if left <= 0:
                break
            while queue:
                candidate = queue.pop(0)
                room = Decimal(cap_per_organisation) - received.get(candidate.organisation, Decimal(0))
                if room <= 0:
                    continue
                amount = min(Decimal(candidate.requested), room, left)
                reasons = [
                    ["rank", str(rank_of[candidate.key])],
                    ["score", f"{candidate.score.quantize(Decimal('0.01'))}"],
                    ["turn", str(turn)],
                    ["requested", f"{Decimal(candidate.requested):.2f}"],
                ]
                if amount < candidate.requested:
                    reasons.append(["capped_by_organisation" if room < left else "capped_by_budget", f"{amount:.2f}"])
                received[candidate.organisation] = received.get(candidate.organisation, Decimal(0)) + amount
                left -= amount
                grants.append(Grant(key=candidate.key, amount=amount, rank=rank_of[candidate.key], reasons=reasons))
                break
    return grants


def reason_text(code: str, value: str) -> str:
    """One reason in the reader's language."""
    texts = {
        "rank": _("rank %(value)s by committee score"),
        "score": _("mean committee score %(value)s / 10"),
        "turn": _("funded at district turn %(value)s"),
        "requested": _("requested €%(value)s"),
        "capped_by_organisation": _("limited to €%(value)s by the cap per organisation"),
        "capped_by_budget": _("limited to €%(value)s: the rest of the budget"),
    }
    template = texts.get(code)
    return str(template) % {"value": value} if template else f"{code}: {value}"
