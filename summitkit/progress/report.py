"""Report: what a progress report shows, computed from the corpus for one scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from summitkit.progress.charts import (
    Chart,
    category_chart,
    participation_charts,
    status_chart,
    trend_chart,
)
from summitkit.progress.measures import made_by_round, report_measures, status_of
from summitkit.progress.scope import cited_commitments, commitments_in_scope, states_in_scope
from summitkit.progress.scorecard import (
    StateCard,
    participation,
    roll_up,
    scorecards,
    starred,
    themes,
)
from summitkit.progress.scores import Held
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import (
    SELF_REPORT,
    Benchmark,
    Commitment,
    Report,
    ReportSection,
    Review,
)

TREND_LINES = 10
"""At most this many states get a line in the trend chart: the highest scores."""


def scope_label(corpus: Corpus, report: Report) -> str:
    scope = report.scope
    if scope.all:
        return "every state in the corpus"
    if scope.region:
        return f"the region {scope.region.replace('-', ' ')}"
    if scope.network:
        return f"the members of {corpus.party_name(scope.network)}"
    if scope.basket:
        basket = corpus.baskets.get(scope.basket)
        title = basket.title if basket else scope.basket
        return f"the commitments cited by the action items of {title}"
    if scope.commitments:
        count = len(cited_commitments(corpus, scope))
        return f"{count} chosen commitment{'' if count == 1 else 's'}"
    return ", ".join(corpus.party_name(s) for s in scope.states)


def report_context(
    corpus: Corpus, report: Report, say: Callable[[str], str] = str
) -> dict[str, Any]:
    """The template's data: measures, national tables, centres, statements, charts;
    `say` puts the words summitkit writes itself (chart titles, axes, keys) into the
    report's language (a message catalogue's gettext)."""
    sections = {s.value for s in report.sections}
    measures = report_measures(corpus, report)
    states = list(measures.states)
    previous = corpus.summits.get(measures.previous) if measures.previous else None
    rows = [{"name": say("All states in scope"), "m": measures.scope}]
    rows += [{"name": corpus.party_name(s), "m": m} for s, m in measures.states.items()]
    made_by: dict[str, list[Commitment]] = {}  # grouped once, not scanned once per state
    for commitment in commitments_in_scope(corpus, report.scope):
        made_by.setdefault(commitment.made_by, []).append(commitment)
    charts: list[Chart] = []
    if ReportSection.CHARTS.value in sections:
        charts = [status_chart(corpus, report, say), category_chart(corpus, report, say)]
    return {
        "sections": sections,
        "scope_label": scope_label(corpus, report),
        "previous": previous,
        "measure_rows": rows,
        "charts": charts,
        "national": [_national(corpus, report, state, made_by) for state in states],
        "centres": _centres(corpus, report),
        "signed": _signed(corpus, states, report),
        **benchmark_context(corpus, report, say),
    }


def _national(
    corpus: Corpus, report: Report, state: str, made_by: dict[str, list[Commitment]]
) -> dict[str, Any]:
    rows = []
    commitments = sorted(
        made_by.get(state, []), key=lambda c: (corpus.summits[c.made_at].start, c.id)
    )
    for commitment in commitments:
        if not made_by_round(corpus, commitment, report.as_of):
            continue
        latest = [
            a
            for a in commitment.assessments
            if corpus.assessment_date(a.round, a.date) <= corpus.summits[report.as_of].end
        ]
        last = max(
            latest, key=lambda a: (corpus.assessment_date(a.round, a.date), a.independent),
            default=None,
        )  # fmt: skip
        category = corpus.categories.get(commitment.category)
        cited = [c.source for c in (last.sources if last else [])] or [
            c.source for c in commitment.sources
        ]
        rows.append(
            {
                "text": commitment.text,
                "category": category.title if category else commitment.category,
                "made_at": corpus.summits[commitment.made_at].title,
                "target": str(commitment.target or "—"),
                "status": status_of(corpus, commitment, report.as_of).value,
                "evidence": last.evidence if last else "No assessment recorded.",
                "sources": "; ".join(
                    corpus.sources[s].title if s in corpus.sources else s for s in cited
                ),
            }
        )
    return {"name": corpus.party_name(state), "rows": rows}


def _centres(corpus: Corpus, report: Report) -> list[dict[str, str]]:
    states = states_in_scope(corpus, report.scope)
    return [
        {
            "name": centre.name,
            "host": corpus.party_name(centre.host),
            "networks": ", ".join(corpus.party_name(n) for n in centre.networks) or "—",
            "focus": ", ".join(centre.focus) or "—",
            "roles": ", ".join(r.value.replace("-", " ") for r in centre.policy_roles) or "—",
        }
        for centre in sorted(corpus.centres.values(), key=lambda c: (c.host, c.id))
        if centre.host in states
    ]


def _signed(corpus: Corpus, states: list[str], report: Report) -> list[dict[str, Any]]:
    summits = corpus.summits
    cutoff = summits[report.as_of].start
    documents = sorted(
        (d for d in corpus.documents.values() if summits[d.round].start <= cutoff),
        key=lambda d: (summits[d.round].start, d.id),
    )
    # Sorted once and grouped by signatory, not once per state.
    titles: dict[str | None, list[str]] = {}
    for d in documents:
        label = f"{d.title} ({summits[d.round].title})"
        for state in {s.state for s in d.signatories}:
            titles.setdefault(state, []).append(label)
    return [
        {"name": corpus.party_name(state), "titles": "; ".join(titles.get(state, []))}
        for state in states
    ]


def benchmark_context(
    corpus: Corpus, report: Report, say: Callable[[str], str] = str
) -> dict[str, Any]:
    """The scorecard, roll-up, participation, themes and starred sections' data."""
    sections = {s.value for s in report.sections}
    states = sorted(states_in_scope(corpus, report.scope), key=lambda s: _sort_name(corpus, s))
    benchmarks = sorted(corpus.benchmarks.values(), key=lambda b: b.id)
    cards = scorecards(corpus, report.as_of, states, report.include_preliminary)
    charts: list[Chart] = []
    trend = None
    if ReportSection.SCORECARD.value in sections and benchmarks and states:
        rounds = [r for r in corpus.rounds() if r.start <= corpus.summits[report.as_of].start]
        # States that scored at some round, the highest first: a flat line at 0 says nothing.
        scored = [c for c in cards.cards if any(cards.trends[c.state])]
        shown = sorted(scored, key=lambda c: (-c.score, c.name.casefold()))[:TREND_LINES]
        if shown:
            trend = trend_chart(
                corpus.root,
                f"{report.id}-scores.png",
                f"{say('Benchmark scores by round')} — {report.title}",
                [f"{r.city.split(',')[0]} {r.start.year}" for r in rounds],
                {c.name: cards.trends[c.state] for c in shown},
                say,
            )
            charts.append(trend)
    documents, cells = participation(corpus, states, report.as_of)
    heat_maps: list[Chart] = []
    if ReportSection.PARTICIPATION.value in sections and documents and states:
        # Columns numbered as the matrix's key numbers them; rows in parts, each named.
        heat_maps = participation_charts(
            corpus.root,
            f"{report.id}-participation",
            say("Joint statements and gift baskets joined"),
            [corpus.party_name(s) for s in states],
            [_document_title(corpus, d) for d in documents],
            cells,
            [str(number) for number in range(1, len(documents) + 1)],
            say,
        )
        charts += heat_maps
    return {
        "benchmarks": [
            {
                "id": b.id,
                "title": b.title,
                "weight": f"{b.weight:g}",
                "scale": _scale_label(corpus, b),
                "levels": " < ".join(level.title for level in b.scale.levels),
                "definition": b.definition,
            }
            for b in benchmarks
        ],
        "include_preliminary": report.include_preliminary,
        "scorecard": [_card_row(corpus, card, benchmarks) for card in cards.cards],
        "details": [d for card in cards.cards if (d := _card_detail(corpus, card, report))],
        "variants": [v.name for v in cards.variants],
        "sensitivity": [
            {"name": card.name, "ranks": [v.ranks[card.state] for v in cards.variants]}
            for card in cards.cards
        ],
        "roll_up": roll_up(corpus, cards.cards),
        "documents": [_document_title(corpus, d) for d in documents],
        "matrix": [
            {
                "name": corpus.party_name(s),
                "cells": [{"lead": "lead", "signed": "✓"}.get(c, "") for c in row],
            }
            for s, row in zip(states, cells, strict=True)
        ],
        "themes": themes(corpus, states, report.as_of),
        "starred": [
            {
                "state": corpus.party_name(c.made_by),
                "text": c.text,
                "status": a.status.value,
                "by": corpus.party_name(a.by) if a.by else "the corpus's editors",
                "sources": _titles(corpus, [s.source for s in a.sources]),
            }
            for c, a in starred(corpus, states, report.as_of)
        ],
        "trend_chart": trend,
        "participation_charts": heat_maps,
        "benchmark_charts": charts,
    }


def _scale_label(corpus: Corpus, benchmark: Benchmark) -> str:
    since = corpus.summits.get(benchmark.scale.since or "")
    return f"version {benchmark.scale.version}" + (f", since the {since.title}" if since else "")


def _sort_name(corpus: Corpus, state: str) -> str:
    return corpus.states[state].short_name.casefold() if state in corpus.states else state


def _titles(corpus: Corpus, ids: list[str] | tuple[str, ...]) -> str:
    return "; ".join(corpus.sources[s].title if s in corpus.sources else s for s in ids) or "—"


def _level_title(corpus: Corpus, held: Held) -> str:
    benchmark = corpus.benchmarks[held.benchmark]
    titles = {level.id: level.title for level in benchmark.scale.levels}
    return titles.get(held.level, held.level) if held.level else "no evidence"


def _assessor(corpus: Corpus, by: str | None) -> str:
    if not by:
        return "the corpus's editors"
    return "self-report" if by == SELF_REPORT else corpus.party_name(by)


def _card_row(corpus: Corpus, card: StateCard, benchmarks: list[Benchmark]) -> dict[str, Any]:
    return {
        "name": card.name,
        "score": f"{card.score:.2f}",
        "trend": "—" if card.trend is None else f"{card.trend:+.2f}",
        "rank": card.rank,
        "levels": [_level_title(corpus, card.held[b.id]) for b in benchmarks],
    }


def _card_detail(corpus: Corpus, card: StateCard, report: Report) -> dict[str, Any] | None:
    """A state's levels with who assessed them and the sources, and the axes of
    the latest counting assessment of each of its commitments."""
    levels = [
        {
            "benchmark": corpus.benchmarks[h.benchmark].title,
            "level": _level_title(corpus, h),
            "commitment": h.commitment or "—",
            "by": _assessor(corpus, h.by),
            "review": h.review,
            "sources": _titles(corpus, h.sources),
        }
        for h in card.held.values()
        if h.level is not None
    ]
    cutoff = corpus.summits[report.as_of].end
    axes = []
    for commitment in sorted(corpus.commitments.values(), key=lambda c: c.id):
        if commitment.made_by != card.state or not made_by_round(corpus, commitment, report.as_of):
            continue
        counted = [
            (corpus.assessment_date(a.round, a.date), a)
            for a in commitment.assessments
            if (report.include_preliminary or a.review is Review.PUBLISHED)
            and corpus.assessment_date(a.round, a.date) <= cutoff
        ]
        # Every counting assessment of the latest day: an independent one and a
        # self-report of the same round stand side by side.
        latest = max((when for when, _ in counted), default=None)
        for when, a in counted:
            if when != latest:
                continue
            axes.append({
                "commitment": commitment.id,
                "when": corpus.summits[a.round].title if a.round else when.isoformat(),
                "completion": a.status.value,
                "verifiability": a.verifiability.value if a.verifiability else "—",
                "impact": a.potential_impact.value if a.potential_impact else "—",
                "by": _assessor(corpus, a.by),
                "review": a.review.value,
                "response": " ".join(a.response.text.split()) if a.response else "—",
            })  # fmt: skip
    if not levels and not axes:
        return None
    return {"name": card.name, "levels": levels, "axes": axes}


def _document_title(corpus: Corpus, document_id: str) -> str:
    document = corpus.document(document_id)
    return f"{document.title} ({corpus.summits[document.round].title})"
