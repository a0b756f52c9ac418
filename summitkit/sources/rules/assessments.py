"""Rules on assessments that span records: benchmark levels that exist and apply,
and self-reports that diverge from an independent assessment.

Divergence follows the summit reports that compare states' own progress reports
with independent findings: where a state's self-report and an independent
assessment of the same commitment, at the same round or date, are more than one
level apart on an axis they both rate, `summit check` warns and names the
sources of both.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from summitkit.sources.core.diagnostics import Diagnostic, error, warning
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import Assessment, Commitment

DIVERGENCE = 1
"""Levels two assessments may differ by before `summit check` warns."""


def check_ratings(corpus: Corpus) -> Iterator[Diagnostic]:
    """Rules benchmark/unknown-level and benchmark/category."""
    for commitment in corpus.commitments.values():
        raw = corpus.origins[("commitment", commitment.id)]
        for a_index, assessment in enumerate(commitment.assessments):
            for r_index, rating in enumerate(assessment.benchmarks):
                benchmark = corpus.benchmarks.get(rating.benchmark)
                if benchmark is None:
                    continue  # an unknown benchmark is reported by the reference check
                loc = ("assessments", a_index, "benchmarks", r_index)
                levels = [level.id for level in benchmark.scale.levels]
                if rating.level not in levels:
                    guess = difflib.get_close_matches(rating.level, levels, n=1)
                    hint = (
                        f"did you mean '{guess[0]}'?"
                        if guess
                        else f"use one of: {', '.join(levels)}"
                    )
                    yield error(
                        raw.position((*loc, "level")),
                        f"benchmark '{benchmark.id}' (scale version {benchmark.scale.version}) "
                        f"has no level '{rating.level}'; {hint}",
                        "benchmark/unknown-level",
                    )
                if commitment.category not in benchmark.categories:
                    yield error(
                        raw.position((*loc, "benchmark")),
                        f"benchmark '{benchmark.id}' applies to {', '.join(benchmark.categories)}, "
                        f"not to this commitment's category '{commitment.category}'; "
                        "add the category to the benchmark or rate another benchmark",
                        "benchmark/category",
                    )


def check_scales(corpus: Corpus) -> Iterator[Diagnostic]:
    """Rule benchmark/duplicate-level: a scale names each level once (a level listed
    twice would shift the rank, and so the score, of every level above it)."""
    for benchmark in corpus.benchmarks.values():
        raw = corpus.origins[("benchmark", benchmark.id)]
        seen: set[str] = set()
        for index, level in enumerate(benchmark.scale.levels):
            if level.id in seen:
                yield error(
                    raw.position(("scale", "levels", index, "id")),
                    f"level '{level.id}' is listed twice in the scale of '{benchmark.id}'; "
                    "each level once, lowest first",
                    "benchmark/duplicate-level",
                )
            seen.add(level.id)


def check_divergence(corpus: Corpus) -> Iterator[Diagnostic]:
    """Rule assessment/divergence: a self-report more than one level from an
    independent assessment of the same commitment at the same round or date."""
    for commitment in corpus.commitments.values():
        raw = corpus.origins[("commitment", commitment.id)]
        indexed = list(enumerate(commitment.assessments))
        for s_index, own in indexed:
            if own.independent:
                continue
            for i_index, other in indexed:
                if not other.independent or (other.round, other.date) != (own.round, own.date):
                    continue
                for axis, loc, ours, theirs in _axes(corpus, own, other):
                    if abs(ours[0] - theirs[0]) <= DIVERGENCE:
                        continue
                    yield warning(
                        raw.position(("assessments", s_index, *loc)),
                        f"self-report and independent assessment of {_when(own)} disagree "
                        f"about {axis}: the self-report ({_cited(own, commitment)}) gives "
                        f"'{ours[1]}', assessment {i_index + 1}{_by(other)} "
                        f"({_cited(other, commitment)}) gives '{theirs[1]}'; "
                        "they are more than one level apart",
                        "assessment/divergence",
                    )


def _axes(
    corpus: Corpus, own: Assessment, other: Assessment
) -> Iterator[tuple[str, tuple[str | int, ...], tuple[int, str], tuple[int, str]]]:
    """(axis, location in the self-report, (rank, label) of each)."""
    yield (
        "completion",
        ("status",),
        (own.status.rank, own.status),
        (other.status.rank, other.status),
    )
    if own.potential_impact and other.potential_impact:
        yield (
            "potential impact",
            ("potential_impact",),
            (own.potential_impact.rank, own.potential_impact),
            (other.potential_impact.rank, other.potential_impact),
        )
    theirs = {r.benchmark: r.level for r in other.benchmarks}
    for index, rating in enumerate(own.benchmarks):
        benchmark = corpus.benchmarks.get(rating.benchmark)
        if benchmark is None or rating.benchmark not in theirs:
            continue
        levels = [level.id for level in benchmark.scale.levels]
        level = theirs[rating.benchmark]
        if rating.level in levels and level in levels:
            yield (
                f"benchmark '{benchmark.id}'",
                ("benchmarks", index, "level"),
                (levels.index(rating.level), rating.level),
                (levels.index(level), level),
            )


def _by(assessment: Assessment) -> str:
    return f" by {assessment.by}" if assessment.by else ""


def _when(assessment: Assessment) -> str:
    if assessment.round is not None:
        return assessment.round
    assert assessment.date is not None  # the schema requires a round or a date
    return assessment.date.isoformat()


def _cited(assessment: Assessment, commitment: Commitment) -> str:
    sources = assessment.sources or commitment.sources
    return ", ".join(c.source for c in sources) or "no source"
