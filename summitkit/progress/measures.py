"""Progress measures: the brief's "definable benchmarks for progress".

For a set of commitments and a round, how many were made, how many are
complete, how many substantial or complete, and how statuses moved since the
previous round. A commitment with no assessment at a round counts as
"no evidence" — an honest answer, not a gap in the numbers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from summitkit.progress.scope import commitments_in_scope, states_in_scope
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import Commitment, Report, Status


@dataclass
class Measures:
    """Headline measures for one state or for a report's whole scope."""

    commitments: int = 0
    complete: int = 0
    substantial_or_complete: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    """Commitments per status on the scale, as of the round."""
    moved_up: int = 0
    moved_down: int = 0
    stayed: int = 0
    """Compared with the previous round, for commitments made by then."""

    @property
    def share_complete(self) -> float:
        return self.complete / self.commitments if self.commitments else 0.0

    @property
    def share_substantial_or_complete(self) -> float:
        return self.substantial_or_complete / self.commitments if self.commitments else 0.0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["share_complete"] = round(self.share_complete, 4)
        data["share_substantial_or_complete"] = round(self.share_substantial_or_complete, 4)
        return data


def status_of(corpus: Corpus, commitment: Commitment, round_id: str) -> Status:
    return corpus.status_as_of(commitment, round_id) or Status.NO_EVIDENCE


def made_by_round(corpus: Corpus, commitment: Commitment, round_id: str) -> bool:
    return corpus.summits[commitment.made_at].start <= corpus.summits[round_id].end


def previous_round(corpus: Corpus, round_id: str) -> str | None:
    ids = [s.id for s in corpus.rounds()]
    index = ids.index(round_id)
    return ids[index - 1] if index > 0 else None


def measure(corpus: Corpus, commitments: list[Commitment], round_id: str) -> Measures:
    result = Measures()
    before = previous_round(corpus, round_id)
    counts: Counter[str] = Counter()
    for commitment in commitments:
        if not made_by_round(corpus, commitment, round_id):
            continue
        status = status_of(corpus, commitment, round_id)
        result.commitments += 1
        counts[status.value] += 1
        result.complete += status is Status.COMPLETE
        result.substantial_or_complete += status in (Status.SUBSTANTIAL, Status.COMPLETE)
        if before is not None and made_by_round(corpus, commitment, before):
            earlier = status_of(corpus, commitment, before)
            if status.rank > earlier.rank:
                result.moved_up += 1
            elif status.rank < earlier.rank:
                result.moved_down += 1
            else:
                result.stayed += 1
    result.statuses = {s.value: counts[s.value] for s in Status}
    return result


@dataclass
class ReportMeasures:
    report: str
    as_of: str
    previous: str | None
    scope: Measures
    states: dict[str, Measures]

    def as_dict(self) -> dict[str, Any]:
        return {
            "report": self.report,
            "as_of": self.as_of,
            "previous_round": self.previous,
            "scope": self.scope.as_dict(),
            "states": {state: m.as_dict() for state, m in self.states.items()},
        }


def report_measures(corpus: Corpus, report: Report) -> ReportMeasures:
    """Measures for a report's scope and for each state in it (states with no
    commitments included, with zeros)."""
    states = sorted(
        states_in_scope(corpus, report.scope),
        key=lambda s: corpus.states[s].short_name.casefold() if s in corpus.states else s,
    )
    in_scope = commitments_in_scope(corpus, report.scope)
    per_state = {
        state: measure(corpus, [c for c in in_scope if c.made_by == state], report.as_of)
        for state in states
    }
    return ReportMeasures(
        report=report.id,
        as_of=report.as_of,
        previous=previous_round(corpus, report.as_of),
        scope=measure(corpus, in_scope, report.as_of),
        states=per_state,
    )


def status_by_round(corpus: Corpus, commitments: list[Commitment]) -> dict[str, dict[str, int]]:
    """For each round, commitments made by then per status: the stacked-bar chart's data."""
    return {
        summit.id: measure(corpus, commitments, summit.id).statuses for summit in corpus.rounds()
    }
