"""Scores: a state's standing on the benchmarks at a round, computed so that a
reader can audit it.

The one scoring function is `score`. The inputs it takes are made by
`ScoreTable`, which reads every assessment once:

1. Only published assessments count, unless preliminary ones are asked for
   (`include_preliminary`); then every review state counts.
2. For each commitment and benchmark, the level that holds at a round is the one
   of the latest counting assessment at or before the round's last day. On the
   same day an independent assessment holds over a self-report, and a later
   entry in the file over an earlier one.
3. A state's level on a benchmark is the highest level any of its commitments
   holds. A benchmark no assessment rates for the state is "no evidence" and
   counts as the lowest level, 0.
4. A level's value is its position on the benchmark's scale divided by the
   position of the top level: 0 for the lowest, 1 for the highest.
5. score = 100 × Σ weight × value / Σ weight, over the benchmarks weighed.

The sensitivity view recomputes the ranking with equal weights and with each
benchmark left out (its weight set aside, the others renormalised), so that a
reader sees how much the weights decide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import SELF_REPORT, Benchmark, Review


@dataclass(frozen=True)
class Held:
    """The level one state holds on one benchmark as of one round, and why."""

    benchmark: str
    level: str | None
    """Level id; None for no evidence."""
    position: int
    """0 for the lowest level (and for no evidence) up to `top`."""
    top: int
    commitment: str | None = None
    by: str = ""
    """self-report, an assessor id, or empty for the corpus's editors."""
    review: str = ""
    sources: tuple[str, ...] = ()

    @property
    def value(self) -> float:
        return self.position / self.top


def score(values: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """100 × Σ weight × value / Σ weight over the benchmarks in `weights`; a
    benchmark missing from `values` counts 0 (no evidence)."""
    total = sum(weights.values())
    if total == 0:
        return 0.0
    return 100 * sum(w * values.get(b, 0.0) for b, w in weights.items()) / total


def ranking(scores: Mapping[str, float]) -> dict[str, int]:
    """Competition ranking (1, 2, 2, 4) by score, highest first; scores are
    compared at two decimals, as printed."""
    rounded = {state: round(value, 2) for state, value in scores.items()}
    ordered = sorted(rounded.values(), reverse=True)
    return {state: ordered.index(value) + 1 for state, value in rounded.items()}


def published_weights(corpus: Corpus) -> dict[str, float]:
    return {b.id: b.weight for b in sorted(corpus.benchmarks.values(), key=lambda b: b.id)}


_Rated = tuple[tuple[dt.date, bool, int], str, int, Held]
"""(when: (day, independent, order in the file), commitment, position, the level held)."""


@dataclass
class ScoreTable:
    """Every counting benchmark level in a corpus, read once, for any state and round."""

    corpus: Corpus
    include_preliminary: bool = False
    _ratings: dict[str, dict[str, list[_Rated]]] = field(default_factory=dict)
    """state → benchmark → levels, as rated by each assessment."""
    _none: dict[str, Held] = field(default_factory=dict)
    """benchmark → its no-evidence level."""
    _order: list[str] = field(default_factory=list)
    """Benchmark ids in order."""

    def __post_init__(self) -> None:
        positions = {
            b.id: {level.id: i for i, level in enumerate(b.scale.levels)}
            for b in self.corpus.benchmarks.values()
        }
        self._none = {b.id: _no_evidence(b) for b in self.corpus.benchmarks.values()}
        summits = self.corpus.summits
        for commitment in self.corpus.commitments.values():
            by_state = self._ratings.setdefault(commitment.made_by, {})
            for order, assessment in enumerate(commitment.assessments):
                if not assessment.benchmarks:
                    continue
                if not self.include_preliminary and assessment.review is not Review.PUBLISHED:
                    continue
                if assessment.round is not None and assessment.round not in summits:
                    continue  # a round hidden from this audience
                when = self.corpus.assessment_date(assessment.round, assessment.date)
                key = (when, assessment.by != SELF_REPORT, order)
                sources = tuple(c.source for c in assessment.sources)
                for rating in assessment.benchmarks:
                    position = positions.get(rating.benchmark, {}).get(rating.level)
                    if position is None:
                        continue  # hidden from this audience, or reported by check
                    top = len(positions[rating.benchmark]) - 1
                    held = Held(
                        rating.benchmark, rating.level, position, top, commitment.id,
                        assessment.by or "", assessment.review.value, sources,
                    )  # fmt: skip
                    rated = (key, commitment.id, position, held)
                    by_state.setdefault(rating.benchmark, []).append(rated)
        self._order = sorted(self._none)

    def held(self, state: str, round_id: str) -> dict[str, Held]:
        """The level the state holds on every benchmark as of the round (steps 2–3)."""
        cutoff = self.corpus.summits[round_id].end
        rated_by_benchmark = self._ratings.get(state, {})
        result: dict[str, Held] = {}
        for benchmark in self._order:
            latest: dict[str, _Rated] = {}
            for rated in rated_by_benchmark.get(benchmark, ()):
                if rated[0][0] > cutoff:
                    continue
                current = latest.get(rated[1])
                if current is None or rated[0] >= current[0]:
                    latest[rated[1]] = rated
            if latest:
                best = max(latest.values(), key=lambda r: (r[2], r[0]))
                result[benchmark] = best[3]
            else:
                result[benchmark] = self._none[benchmark]
        return result

    def values(self, state: str, round_id: str) -> dict[str, float]:
        return {b: h.value for b, h in self.held(state, round_id).items()}

    def scores(
        self, states: Iterable[str], round_id: str, weights: Mapping[str, float] | None = None
    ) -> dict[str, float]:
        if weights is None:
            weights = published_weights(self.corpus)
        return {state: score(self.values(state, round_id), weights) for state in states}


def _no_evidence(benchmark: Benchmark) -> Held:
    return Held(benchmark.id, None, 0, len(benchmark.scale.levels) - 1)


@dataclass(frozen=True)
class Variant:
    """One way of weighing the benchmarks, and the ranking it gives."""

    name: str
    weights: dict[str, float]
    scores: dict[str, float]
    ranks: dict[str, int]


def sensitivity(table: ScoreTable, states: Iterable[str], round_id: str) -> list[Variant]:
    """The ranking under the published weights, under equal weights, and with each
    benchmark left out in turn."""
    states = list(states)
    weights = published_weights(table.corpus)
    values = {state: table.values(state, round_id) for state in states}
    variants = [("published weights", weights), ("equal weights", dict.fromkeys(weights, 1.0))]
    variants += [
        (f"without {b}", {other: w for other, w in weights.items() if other != b}) for b in weights
    ]
    result = []
    for name, chosen in variants:
        scores = {state: score(values[state], chosen) for state in states}
        result.append(Variant(name, chosen, scores, ranking(scores)))
    return result
