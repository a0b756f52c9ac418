"""Scorecards: what a progress report shows of the benchmarks for its scope.

A scorecard per state (score, trend since the previous round, level on each
benchmark with who assessed it and the sources), a roll-up per region and per
network, the states × joint statements participation matrix, a tally of
commitments by theme, and the starred commitments. Plain data: the report page,
`summit report` and the exports draw from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from summitkit.progress.measures import made_by_round, previous_round, status_of
from summitkit.progress.scope import states_in_scope
from summitkit.progress.scores import Held, ScoreTable, Variant, ranking, sensitivity
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import (
    Assessment,
    Commitment,
    Impact,
    Report,
    ReportScope,
    Review,
    StatementKind,
    Status,
    Verifiability,
)

JOINED = (StatementKind.JOINT_STATEMENT, StatementKind.GIFT_BASKET)
"""Statement types that states join by signing, as the participation matrix counts them."""


@dataclass(frozen=True)
class StateCard:
    """One state's scorecard at the report's round."""

    state: str
    name: str
    score: float
    previous: float | None
    """Score at the previous round, where there is one."""
    rank: int
    held: dict[str, Held]

    @property
    def trend(self) -> float | None:
        return None if self.previous is None else self.score - self.previous


@dataclass(frozen=True)
class RollUp:
    """Scores of the states of one region or network in scope."""

    group: str
    kind: str
    """region or network."""
    states: int
    rated: int
    """States with a level above the lowest on some benchmark."""
    mean: float
    low: float
    high: float


@dataclass
class Scorecards:
    round: str
    previous: str | None
    include_preliminary: bool
    benchmarks: list[str]
    cards: list[StateCard]
    variants: list[Variant]
    trends: dict[str, list[float]] = field(default_factory=dict)
    """State → score at every round up to the report's."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "round": self.round,
            "previous_round": self.previous,
            "include_preliminary": self.include_preliminary,
            "states": {
                c.state: {
                    "score": round(c.score, 2),
                    "previous": None if c.previous is None else round(c.previous, 2),
                    "rank": c.rank,
                    "levels": {b: h.level for b, h in c.held.items()},
                }
                for c in self.cards
            },
            "sensitivity": {v.name: v.ranks for v in self.variants},
        }


def scorecards(
    corpus: Corpus, round_id: str, states: list[str], include_preliminary: bool = False
) -> Scorecards:
    """Scorecards of `states` (in the order given) at a round."""
    table = ScoreTable(corpus, include_preliminary)
    before = previous_round(corpus, round_id)
    now = table.scores(states, round_id)
    then = table.scores(states, before) if before else {}
    ranks = ranking(now)
    cards = [
        StateCard(s, corpus.party_name(s), now[s], then.get(s), ranks[s], table.held(s, round_id))
        for s in states
    ]
    cutoff = corpus.summits[round_id].start
    rounds = [r.id for r in corpus.rounds() if r.start <= cutoff]
    per_round = {r: table.scores(states, r) for r in rounds}
    return Scorecards(
        round=round_id,
        previous=before,
        include_preliminary=include_preliminary,
        benchmarks=sorted(corpus.benchmarks),
        cards=cards,
        variants=sensitivity(table, states, round_id),
        trends={s: [per_round[r][s] for r in rounds] for s in states},
    )


def report_scorecards(corpus: Corpus, report: Report, include_preliminary: bool) -> Scorecards:
    states = sorted(states_in_scope(corpus, report.scope), key=lambda s: _sort_name(corpus, s))
    return scorecards(corpus, report.as_of, states, include_preliminary)


def _sort_name(corpus: Corpus, state: str) -> str:
    return corpus.states[state].short_name.casefold() if state in corpus.states else state


def roll_up(corpus: Corpus, cards: list[StateCard]) -> list[RollUp]:
    """One row per region of the states in scope, then one per network with members in scope."""
    by_state = {c.state: c for c in cards}
    groups: dict[tuple[str, str], list[StateCard]] = {}
    for card in cards:
        state = corpus.states.get(card.state)
        for region in state.regions if state else []:
            groups.setdefault(("region", region), []).append(card)
    for network in sorted(corpus.networks.values(), key=lambda n: n.id):
        member_ids = states_in_scope(corpus, ReportScope(network=network.id))
        inside = [by_state[s] for s in sorted(member_ids) if s in by_state]
        if inside:
            groups[("network", network.id)] = inside
    rows = []
    for (kind, group), members in groups.items():
        scores = [c.score for c in members]
        rated = sum(any(h.position > 0 for h in c.held.values()) for c in members)
        name = group.replace("-", " ") if kind == "region" else corpus.party_name(group)
        rows.append(RollUp(name, kind, len(members), rated, sum(scores) / len(scores),
                           min(scores), max(scores)))  # fmt: skip
    return sorted(rows, key=lambda r: (r.kind != "region", r.group.casefold()))


def participation(
    corpus: Corpus, states: list[str], round_id: str
) -> tuple[list[str], list[list[str]]]:
    """Joint statements and gift baskets up to the round (titles), and for each
    state a row of 'lead', 'signed' or '' per document."""
    cutoff = corpus.summits[round_id].start
    documents = sorted(
        (
            d
            for d in corpus.documents.values()
            if corpus.summits[d.round].start <= cutoff
            and (d.kind == "basket" or getattr(d, "type", None) in JOINED)
        ),
        key=lambda d: (corpus.summits[d.round].start, d.id),
    )
    # Who signed and who leads each document, once: not again for every state.
    parties = [({s.state for s in d.signatories}, set(d.lead)) for d in documents]
    rows = []
    for state in states:
        row = []
        for signed, lead in parties:
            row.append("lead" if state in lead else "signed" if state in signed else "")
        rows.append(row)
    return [d.id for d in documents], rows


def themes(corpus: Corpus, states: list[str], round_id: str) -> list[dict[str, Any]]:
    """Commitments in scope per category, with states, completion and starred counts."""
    tally: dict[str, dict[str, Any]] = {}
    for commitment in _in_scope(corpus, states, round_id):
        category = corpus.categories.get(commitment.category)
        title = category.title if category else commitment.category
        row = tally.setdefault(title, {"theme": title, "commitments": 0, "states": set(),
                                       "substantial_or_complete": 0, "starred": 0})  # fmt: skip
        row["commitments"] += 1
        row["states"].add(commitment.made_by)
        done = status_of(corpus, commitment, round_id) in (Status.SUBSTANTIAL, Status.COMPLETE)
        row["substantial_or_complete"] += done
        row["starred"] += starred_assessment(corpus, commitment, round_id) is not None
    rows = sorted(tally.values(), key=lambda r: (-r["commitments"], r["theme"]))
    return [{**r, "states": len(r["states"])} for r in rows]


def starred_assessment(corpus: Corpus, commitment: Commitment, round_id: str) -> Assessment | None:
    """The latest published independent assessment at or before the round, if it
    stars the commitment: verifiable, transformative potential impact, and
    substantial or complete (the OGP IRM's starred commitments)."""
    cutoff = corpus.summits[round_id].end
    counted = [
        a
        for a in commitment.assessments
        if a.independent
        and a.review is Review.PUBLISHED
        and corpus.assessment_date(a.round, a.date) <= cutoff
    ]
    latest = max(counted, key=lambda a: corpus.assessment_date(a.round, a.date), default=None)
    if (
        latest is not None
        and latest.verifiability is Verifiability.VERIFIABLE
        and latest.potential_impact is Impact.TRANSFORMATIVE
        and latest.status in (Status.SUBSTANTIAL, Status.COMPLETE)
    ):
        return latest
    return None


def starred(
    corpus: Corpus, states: list[str], round_id: str
) -> list[tuple[Commitment, Assessment]]:
    found = []
    for commitment in _in_scope(corpus, states, round_id):
        assessment = starred_assessment(corpus, commitment, round_id)
        if assessment is not None:
            found.append((commitment, assessment))
    return found


def _in_scope(corpus: Corpus, states: list[str], round_id: str) -> list[Commitment]:
    wanted = set(states)
    return [
        c
        for c in sorted(corpus.commitments.values(), key=lambda c: c.id)
        if c.made_by in wanted and made_by_round(corpus, c, round_id)
    ]
