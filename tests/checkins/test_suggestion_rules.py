"""The suggestion rules walked over every answer pattern of the library: every active practice
is reachable, and none comes back while another that fits has waited longer."""

from datetime import timedelta
from itertools import product

import pytest

from checkins.models import Answer, Suggestion
from checkins.suggestions import MAX_SUGGESTIONS, _Candidate, choose_practices
from content.models import Dimension, Practice
from tests.checkins.helpers import open_round, submit

pytestmark = pytest.mark.django_db

ROUNDS = 8
# A score on each point, or none: "does not apply" on the pulse item with the reflection
# question skipped, which leaves the dimension without a score.
POINTS = (None, 1, 2, 3, 4, 5)
# A partner's shared score two or more away from each of one's own (a gap on every dimension).
FAR_FROM = {1: 4, 2: 5, 3: 1, 4: 1, 5: 2}


def active_practices() -> list[_Candidate]:
    return [
        _Candidate(*values)
        for values in Practice.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("pk", "dimension_id", "suggest_when", "score_min", "score_max")
    ]


def fitting(practices, answer: Answer, gap: bool) -> set[int]:
    """The practices that fit one answer: with a gap the gap's, if it has any (not for a high
    obligation score: those are the person's own); else those whose band holds the score
    (before the rule on owed closeness, which only removes)."""
    gap = gap and (answer.dimension.higher_is_better or answer.score < 4)
    gap_ones = {
        p.pk
        for p in practices
        if gap
        and p.dimension_id == answer.dimension_id
        and p.suggest_when == Practice.SuggestWhen.GAP
    }
    return gap_ones or {
        p.pk
        for p in practices
        if p.dimension_id == answer.dimension_id
        and p.suggest_when != Practice.SuggestWhen.GAP
        and p.score_min <= answer.score <= p.score_max
    }


def more_closeness_practices() -> set[int]:
    """Practices for when wanting runs high, which offer more closeness."""
    return set(
        Practice.objects.filter(
            suggest_when=Practice.SuggestWhen.HIGH, dimension__higher_is_better=True
        ).values_list("pk", flat=True)
    )


def gap_patterns(dimensions) -> list[frozenset[int]]:
    """Where the partner's shared score is far from one's own: nowhere, on one dimension, or
    on all of them."""
    ids = [dimension.pk for dimension in dimensions]
    return [frozenset(), *(frozenset([pk]) for pk in ids), frozenset(ids)]


def answers(dimensions, scores) -> list[Answer]:
    """A shared answer per dimension, to a question of that dimension (its id is the prompt's:
    both partners answer the same questions)."""
    return [
        Answer(dimension=dimension, prompt_id=dimension.pk, score=score, is_shared=True)
        for dimension, score in zip(dimensions, scores, strict=True)
    ]


def walk(practices, own: list[Answer], gaps: frozenset[int]):
    """The same answers in ROUNDS rounds one after another; yields each round's choice."""
    partner_scores = {
        a.prompt_id: FAR_FROM[a.score] for a in own if a.dimension_id in gaps and a.score
    }
    last_suggested = {}
    for round_number in range(1, ROUNDS + 1):
        chosen = choose_practices(own, partner_scores, practices, last_suggested)
        for practice, _reason in chosen:
            last_suggested[practice.pk] = round_number
        yield chosen


def test_every_active_practice_is_suggested_by_some_answers(library):
    practices, dimensions = active_practices(), list(Dimension.objects.order_by("order"))

    reached = set()
    for scores in product(POINTS, repeat=len(dimensions)):
        for gaps in gap_patterns(dimensions):
            for chosen in walk(practices, answers(dimensions, scores), gaps):
                reached |= {practice.pk for practice, _ in chosen}

    never = Practice.objects.filter(is_active=True).exclude(pk__in=reached)
    assert not never.exists(), f"never suggested: {list(never.values_list('slug', flat=True))}"


def test_no_practice_comes_back_while_another_that_fits_has_waited_longer(library):
    practices, dimensions = active_practices(), list(Dimension.objects.order_by("order"))

    # Left out while closeness feels owed: the walk's windows count the others.
    pressing = more_closeness_practices()
    loops = []
    for scores in product(POINTS, repeat=len(dimensions)):
        for gaps in gap_patterns(dimensions):
            by_dimension, own = {}, answers(dimensions, scores)
            for chosen in walk(practices, own, gaps):
                assert len(chosen) <= MAX_SUGGESTIONS
                for practice, _ in chosen:
                    by_dimension.setdefault(practice.dimension_id, []).append(practice.pk)
            for answer in own:
                seen = by_dimension.get(answer.dimension_id, [])
                if answer.score is None:
                    assert not seen, "a dimension with no score brought a practice"
                    continue
                owed = any(not a.dimension.higher_is_better and (a.score or 0) >= 4 for a in own)
                fits = fitting(practices, answer, answer.dimension_id in gaps)
                fits = len(fits - pressing if owed else fits)
                # Any run of as many rounds as there are practices that fit holds each once.
                for start in range(len(seen) - fits + 1):
                    window = seen[start : start + fits]
                    if len(set(window)) != len(window):
                        loops.append((scores, sorted(gaps), answer.dimension_id, seen))
                        break
    assert not loops, loops[:5]


def test_four_rounds_of_the_same_answers_bring_four_different_practices(couple):
    alex, _ = couple
    rounds = [open_round(alex, opened=timedelta(hours=hours)) for hours in (5, 4, 3, 2)]
    # Low connection only: five practices fit it.
    scores = {"connection": 2, "communication": 5, "desire": 5, "obligation": 1}

    for round_ in rounds:
        submit(round_, alex, score=scores)

    connection = [
        s.practice.slug
        for s in Suggestion.objects.filter(person=alex, practice__dimension__slug="connection")
        .select_related("practice")
        .order_by("round__opens_at")
    ]
    assert len(connection) == 4
    assert len(set(connection)) == 4


def test_an_obligation_answer_in_the_middle_of_the_scale_brings_a_gentle_practice(couple):
    alex, _ = couple
    round_ = open_round(alex)

    submit(round_, alex, score={"connection": 5, "communication": 5, "desire": 5, "obligation": 3})

    suggested = {s.practice.slug for s in Suggestion.objects.filter(person=alex)}
    assert "a-smaller-yes" in suggested


def test_nothing_offers_more_closeness_to_press_a_partner_or_while_closeness_feels_owed(library):
    practices, dimensions = active_practices(), list(Dimension.objects.order_by("order"))
    more_closeness = more_closeness_practices()
    assert more_closeness  # "something new to try together", when wanting runs high

    pressing = []
    for scores in product(POINTS, repeat=len(dimensions)):
        own = answers(dimensions, scores)
        obligation = next(a for a in own if not a.dimension.higher_is_better)
        for gaps in gap_patterns(dimensions):
            for chosen in walk(practices, own, gaps):
                for practice, _ in chosen:
                    if practice.pk not in more_closeness:
                        continue
                    if (obligation.score or 0) >= 4 or practice.dimension_id in gaps:
                        pressing.append((scores, sorted(gaps), practice.pk))
    assert not pressing, pressing[:5]


def test_high_obligation_keeps_its_own_practices_across_a_gap_and_the_partner_reads_together(
    library,
):
    practices, dimensions = active_practices(), list(Dimension.objects.order_by("order"))
    obligation = next(d for d in dimensions if not d.higher_is_better)
    own_practices = {
        p.pk for p in practices if p.dimension_id == obligation.pk and p.suggest_when == "high"
    }
    together = Practice.objects.get(slug="duty-read-together").pk

    def chosen_for(score: int) -> set[int]:
        own = answers(dimensions, (5, 5, 5, score))
        partner = {a.prompt_id: FAR_FROM[a.score] for a in own if a.dimension_id == obligation.pk}
        return {p.pk for p, _ in choose_practices(own, partner, practices, {})}

    # Obligation at 5 shared, the partner's at 2: the person's own practice, not the one to
    # read with the partner.
    assert chosen_for(5) & own_practices and together not in chosen_for(5)
    # The partner who scored low is the one offered the text to read together.
    assert together in chosen_for(1)
