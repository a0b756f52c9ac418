"""Benchmark tables for analysts: scores, benchmark scales and assessment axes.

The same rows feed `summit export csv --what scores|benchmarks|axes` and the
sheets of `summit export xlsx`. Values keep their types here (dates as dates,
years and ranks as integers, scores as floats); the CSV writer turns them into
text, the XLSX writer into typed cells.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from summitkit.progress.scores import ScoreTable, published_weights, ranking
from summitkit.sources.records.corpus import Corpus

Row = dict[str, Any]

COLUMNS: dict[str, tuple[str, ...]] = {
    "scores": ("state", "name", "round", "year", "score", "rank", "previous_round", "trend"),
    "benchmarks": (
        "benchmark", "title", "weight", "scale_version", "scale_since", "position", "level",
        "level_title", "value", "categories", "sources",
    ),
    "axes": (
        "commitment", "state", "round", "date", "year", "by", "review", "axis", "value",
        "position", "sources",
    ),
}  # fmt: skip
"""Columns of each benchmark table."""


def states(corpus: Corpus) -> list[str]:
    return sorted(corpus.states, key=lambda s: corpus.states[s].short_name.casefold())


def score_rows(corpus: Corpus, table: ScoreTable) -> list[Row]:
    """One row per state and round: the score, its rank at that round, the trend."""
    rows: list[Row] = []
    everyone = states(corpus)
    previous: dict[str, float] = {}
    before: str | None = None
    for summit in corpus.rounds():
        scores = table.scores(everyone, summit.id)
        ranks = ranking(scores)
        for state in everyone:
            trend = scores[state] - previous[state] if before else None
            rows.append({
                "state": state, "name": corpus.party_name(state), "round": summit.id,
                "year": summit.start.year, "score": round(scores[state], 2),
                "rank": ranks[state], "previous_round": before or "",
                "trend": None if trend is None else round(trend, 2),
            })  # fmt: skip
        previous, before = scores, summit.id
    return rows


def benchmark_rows(corpus: Corpus) -> list[Row]:
    """One row per level of every benchmark's scale, with the benchmark's weight."""
    rows: list[Row] = []
    for benchmark in sorted(corpus.benchmarks.values(), key=lambda b: b.id):
        top = len(benchmark.scale.levels) - 1
        for position, level in enumerate(benchmark.scale.levels):
            rows.append({
                "benchmark": benchmark.id, "title": benchmark.title, "weight": benchmark.weight,
                "scale_version": benchmark.scale.version,
                "scale_since": benchmark.scale.since or "", "position": position,
                "level": level.id, "level_title": level.title, "value": position / top,
                "categories": ";".join(benchmark.categories),
                "sources": ";".join(c.source for c in benchmark.sources),
            })  # fmt: skip
    return rows


def axis_rows(corpus: Corpus, include_preliminary: bool = False) -> list[Row]:
    """One row per assessment and axis it rates: completion, verifiability,
    potential impact, and each benchmark (`benchmark:<id>`)."""
    rows: list[Row] = []
    for commitment in sorted(corpus.commitments.values(), key=lambda c: c.id):
        for a in commitment.assessments:
            if not include_preliminary and a.review.value != "published":
                continue
            if a.round is not None and a.round not in corpus.summits:
                continue
            when: dt.date = corpus.assessment_date(a.round, a.date)
            base = {
                "commitment": commitment.id, "state": commitment.made_by, "round": a.round or "",
                "date": when, "year": when.year, "by": a.by or "", "review": a.review.value,
                "sources": ";".join(c.source for c in a.sources),
            }  # fmt: skip
            axes: list[tuple[str, str, int]] = [("completion", a.status.value, a.status.rank)]
            if a.verifiability is not None:
                axes.append(("verifiability", a.verifiability.value, a.verifiability.rank))
            if a.potential_impact is not None:
                impact = a.potential_impact
                axes.append(("potential-impact", impact.value, impact.rank))
            for rating in a.benchmarks:
                benchmark = corpus.benchmarks.get(rating.benchmark)
                levels = [level.id for level in benchmark.scale.levels] if benchmark else []
                if rating.level in levels:
                    axes.append(
                        (f"benchmark:{rating.benchmark}", rating.level, levels.index(rating.level))
                    )
            for axis, value, position in axes:
                rows.append({**base, "axis": axis, "value": value, "position": position})
    return rows


def rows_for(corpus: Corpus, what: str, include_preliminary: bool = False) -> list[Row]:
    if what == "scores":
        return score_rows(corpus, ScoreTable(corpus, include_preliminary))
    if what == "benchmarks":
        return benchmark_rows(corpus)
    if what == "axes":
        return axis_rows(corpus, include_preliminary)
    raise ValueError(f"unknown benchmark table '{what}'")


def level_matrix(corpus: Corpus, table: ScoreTable) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of (state, round, value per benchmark): what a spreadsheet
    multiplies by the weights to recompute each score."""
    weights = published_weights(corpus)
    header = ["state", "round", *weights]
    rows: list[list[Any]] = []
    for summit in corpus.rounds():
        for state in states(corpus):
            values = table.values(state, summit.id)
            rows.append([state, summit.id, *(values[b] for b in weights)])
    return header, rows
