"""Interpreting: the hard rules never broken (property test of the fast edge builder against the plain rule), the
optimum exact, the count shown before asking, the fallback to a professional service, unmet counted by language."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from accueil.outreach import services
from accueil.outreach.figures import figure_total
from accueil.outreach.interpreting_rules import (
    Credential,
    InterpreterFacts,
    RequestFacts,
    breaks_hard_rule,
    build_edges,
    criteria,
    match,
)
from accueil.outreach.models import (
    Interpreter,
    InterpreterExclusion,
    InterpreterKind,
    InterpreterLanguage,
    InterpretingRequest,
    Metric,
)
from accueil.testing.mentoring_factories import language

from .conftest import met

LANGS = ["ti", "am", "ar"]
credential = st.builds(Credential, st.sampled_from(LANGS), st.integers(1, 3), st.sampled_from(["", "d1"]))
interpreter = st.builds(
    InterpreterFacts,
    id=st.integers(0, 10**6),
    capacity=st.integers(0, 2),
    credentials=st.lists(credential, max_size=3).map(tuple),
    modes=st.frozensets(st.sampled_from(["on_site", "phone", "video"])),
    domains=st.frozensets(st.sampled_from(["asylum", "medical", "legal", "everyday"])),
    gender=st.sampled_from(["", "woman", "man"]),
    weekdays=st.frozensets(st.integers(0, 6), max_size=3),
    position=st.one_of(st.none(), st.tuples(st.floats(48.8, 48.9), st.floats(2.25, 2.45))),
    district=st.integers(0, 3),
    conflict_organisations=st.frozensets(st.integers(1, 3), max_size=2),
    excluded_persons=st.frozensets(st.integers(1, 4), max_size=2),
    served_persons=st.frozensets(st.integers(1, 4), max_size=2),
)
request = st.builds(
    RequestFacts,
    id=st.integers(0, 10**6),
    language=st.sampled_from(LANGS),
    level=st.integers(1, 3),
    mode=st.sampled_from(["on_site", "phone", "video"]),
    weekday=st.integers(0, 6),
    domain=st.sampled_from(["asylum", "medical", "legal", "everyday"]),
    dialect=st.sampled_from(["", "d1"]),
    urgency=st.integers(1, 3),
    gender=st.sampled_from(["", "woman", "man"]),
    organisation=st.one_of(st.none(), st.integers(1, 3)),
    person=st.one_of(st.none(), st.integers(1, 4)),
    position=st.one_of(st.none(), st.tuples(st.floats(48.8, 48.9), st.floats(2.25, 2.45))),
    district=st.integers(0, 3),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(interpreter, min_size=1, max_size=6), st.lists(request, min_size=1, max_size=5))
def test_edges_are_exactly_the_pairs_the_hard_rules_allow_with_their_criteria(pool, asks):
    edges = build_edges(pool, asks)
    built = {(int(r), int(i)): float(s) for r, i, s in zip(edges.request, edges.interpreter, edges.score, strict=True)}
    for (r, req), (i, interp) in itertools.product(enumerate(asks), enumerate(pool)):
        allowed = breaks_hard_rule(interp, req) is None
        assert ((r, i) in built) == allowed
        if allowed:
            assert built[(r, i)] == pytest.approx(sum(criteria(interp, req).values()), abs=2e-3)


@settings(max_examples=150, deadline=None)
@given(st.lists(interpreter, min_size=1, max_size=4), st.lists(request, min_size=1, max_size=4))
def test_the_match_breaks_no_rule_and_is_optimal(pool, asks):
    matches, _edges = match(pool, asks)
    load: dict[int, int] = {}
    for m in matches:
        assert breaks_hard_rule(pool[m.interpreter], asks[m.request]) is None
        load[m.interpreter] = load.get(m.interpreter, 0) + 1
    assert all(load[i] <= pool[i].capacity for i in load)
    assert len({m.request for m in matches}) == len(matches)
    # brute force: every way to give each request one allowed interpreter or none
    options = [[None] + [i for i, interp in enumerate(pool) if breaks_hard_rule(interp, req) is None] for req in asks]
    best = 0.0
    for choice in itertools.product(*options):
        counts: dict[int, int] = {}
        for i in choice:
            if i is not None:
                counts[i] = counts.get(i, 0) + 1
        if any(counts[i] > pool[i].capacity for i in counts):
            continue
        total = sum(round(sum(criteria(pool[i], asks[r]).values()), 3) for r, i in enumerate(choice) if i is not None)
        best = max(best, total)
    assert sum(m.score for m in matches) == pytest.approx(best, abs=1e-6)


@pytest.mark.django_db
def test_count_before_asking_fallback_and_unmet(world):
    city = world.city
    person = met(world).encounter.person
    volunteer = Interpreter.objects.create(
        city=city, kind=InterpreterKind.VOLUNTEER, display_name="V", modes=["phone"], capacity=1
    )
    InterpreterLanguage.objects.create(interpreter=volunteer, language=language("ti"), level=3)
    InterpreterExclusion.objects.create(interpreter=volunteer, person=person)
    professional = Interpreter.objects.create(
        city=city, kind=InterpreterKind.PROFESSIONAL, display_name="Pro", modes=["phone"], capacity=10
    )
    InterpreterLanguage.objects.create(interpreter=professional, language=language("ti"), level=3)

    def ask(**fields):  # type: ignore[no-untyped-def]
        base = {
            "city": city,
            "acting_user": world.worker,
            "language": language("ti"),
            "starts_at": timezone.now(),
            "level_needed": 2,
            "domain": "medical",
            "mode": "phone",
            "urgency": 2,
            "team": world.team,
        }
        return services.interpreting_request_create(**(base | fields))

    free = ask(urgency=3)
    barred = ask(person=person)  # the volunteer must not serve this person
    second = ask()  # the volunteer's capacity is 1
    unmet = ask(language=language("am"))
    assert (free.possible_at_request, barred.possible_at_request, unmet.possible_at_request) == (1, 0, 0)
    report = services.interpreting_match_run(city=city, acting_user=world.coordinator)
    statuses = dict(InterpretingRequest.objects.values_list("pk", "status"))
    assert statuses[free.pk] == "matched" and statuses[barred.pk] == "professional"
    assert statuses[second.pk] == "professional" and statuses[unmet.pk] == "unmet"
    assert InterpretingRequest.objects.get(pk=free.pk).interpreter == volunteer
    assert (report.matched, report.professional, report.unmet) == (1, 2, 1)
    assert figure_total(city=city, metric=Metric.INTERPRETING_UNMET, key="am") == 1
