"""Report: what a progress report shows, computed from the corpus for one scope."""

from __future__ import annotations

from typing import Any

from summitkit.progress.charts import Chart, category_chart, status_chart
from summitkit.progress.measures import made_by_round, report_measures, status_of
from summitkit.progress.scope import states_in_scope
from summitkit.sources.corpus import Corpus
from summitkit.sources.schema import Report, ReportSection


def scope_label(corpus: Corpus, report: Report) -> str:
    scope = report.scope
    if scope.all:
        return "every state in the corpus"
    if scope.region:
        return f"the region {scope.region.replace('-', ' ')}"
    if scope.network:
        return f"the members of {corpus.party_name(scope.network)}"
    return ", ".join(corpus.party_name(s) for s in scope.states)


def report_context(corpus: Corpus, report: Report) -> dict[str, Any]:
    """The template's data: measures, national tables, centres, statements, charts."""
    sections = {s.value for s in report.sections}
    measures = report_measures(corpus, report)
    states = list(measures.states)
    previous = corpus.summits.get(measures.previous) if measures.previous else None
    rows = [{"name": "All states in scope", "m": measures.scope}]
    rows += [{"name": corpus.party_name(s), "m": m} for s, m in measures.states.items()]
    charts: list[Chart] = []
    if ReportSection.CHARTS.value in sections:
        charts = [status_chart(corpus, report), category_chart(corpus, report)]
    return {
        "sections": sections,
        "scope_label": scope_label(corpus, report),
        "previous": previous,
        "measure_rows": rows,
        "charts": charts,
        "national": [_national(corpus, report, state) for state in states],
        "centres": _centres(corpus, report),
        "signed": _signed(corpus, states, report),
    }


def _national(corpus: Corpus, report: Report, state: str) -> dict[str, Any]:
    rows = []
    commitments = sorted(
        (c for c in corpus.commitments.values() if c.made_by == state),
        key=lambda c: (corpus.summits[c.made_at].start, c.id),
    )
    for commitment in commitments:
        if not made_by_round(corpus, commitment, report.as_of):
            continue
        latest = [
            a
            for a in commitment.assessments
            if corpus.assessment_date(a.round, a.date) <= corpus.summits[report.as_of].end
        ]
        last = max(latest, key=lambda a: corpus.assessment_date(a.round, a.date), default=None)
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
    cutoff = corpus.summits[report.as_of].start
    documents = [d for d in corpus.documents.values() if corpus.summits[d.round].start <= cutoff]
    result = []
    for state in states:
        titles = [
            f"{d.title} ({corpus.summits[d.round].title})"
            for d in sorted(documents, key=lambda d: (corpus.summits[d.round].start, d.id))
            if any(s.state == state for s in d.signatories)
        ]
        result.append({"name": corpus.party_name(state), "titles": "; ".join(titles)})
    return result
