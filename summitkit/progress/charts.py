"""Charts for progress reports, as PNG bytes that are the same for the same data.

matplotlib is imported here only, when a report is rendered. Fonts are the
DejaVu family that matplotlib ships and PNG metadata carries no software or
date, so one commit always gives the same image bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from summitkit.progress.measures import made_by_round, status_by_round
from summitkit.progress.scope import states_in_scope
from summitkit.sources.corpus import Corpus
from summitkit.sources.schema import Report, Status

# Colour-blind-safe steps from "no evidence" (grey) to "complete" (dark blue).
STATUS_COLOURS = {
    Status.NO_EVIDENCE: "#bdbdbd",
    Status.NOT_STARTED: "#fdae61",
    Status.LIMITED: "#fee090",
    Status.SUBSTANTIAL: "#74add1",
    Status.COMPLETE: "#313695",
}


@dataclass(frozen=True)
class Chart:
    name: str
    png: bytes
    alt: str


def _figure() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    pyplot.rcParams.update(
        {"font.family": "DejaVu Sans", "font.size": 9, "svg.hashsalt": "summitkit"}
    )
    return pyplot


def _png(figure: object) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=120, metadata={"Software": None})  # type: ignore[attr-defined]
    return buffer.getvalue()


def status_chart(corpus: Corpus, report: Report) -> Chart:
    """Stacked bars: commitments in scope per status, at each round up to the report's."""
    pyplot = _figure()
    from matplotlib.ticker import MaxNLocator

    states = states_in_scope(corpus, report.scope)
    commitments = [c for c in corpus.commitments.values() if c.made_by in states]
    cutoff = corpus.summits[report.as_of].start
    data = {r: counts for r, counts in status_by_round(corpus, commitments).items()}
    rounds = [s for s in corpus.rounds() if s.start <= cutoff]
    figure, axes = pyplot.subplots(figsize=(6.4, 3.2))
    bottoms = [0] * len(rounds)
    for status in Status:
        values = [data[r.id][status.value] for r in rounds]
        axes.bar([r.title for r in rounds], values, bottom=bottoms, label=status.value,
                 color=STATUS_COLOURS[status], edgecolor="white", linewidth=0.5)  # fmt: skip
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel("commitments")
    axes.set_title(f"Status of commitments by round — {report.title}")
    axes.legend(frameon=False, fontsize=7, ncols=5, loc="upper center",
                bbox_to_anchor=(0.5, -0.18))  # fmt: skip
    axes.tick_params(axis="x", labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    png = _png(figure)
    pyplot.close(figure)
    parts = []
    for r in rounds:
        counts = ", ".join(f"{n} {s}" for s, n in data[r.id].items() if n)
        parts.append(f"{r.title}: {counts or 'none'}")
    alt = "Stacked bar chart of commitment status by round. " + "; ".join(parts) + "."
    return Chart(f"{report.id}-status.png", png, alt)


def category_chart(corpus: Corpus, report: Report) -> Chart:
    """Horizontal bars: commitments in scope per category, as of the report's round."""
    pyplot = _figure()
    from matplotlib.ticker import MaxNLocator

    states = states_in_scope(corpus, report.scope)
    counts: dict[str, int] = {}
    for commitment in corpus.commitments.values():
        if commitment.made_by in states and made_by_round(corpus, commitment, report.as_of):
            category = corpus.categories.get(commitment.category)
            title = category.title if category else commitment.category
            counts[title] = counts.get(title, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    figure, axes = pyplot.subplots(figsize=(6.4, 0.4 * max(len(ordered), 2) + 1))
    axes.barh([t for t, _ in ordered][::-1], [n for _, n in ordered][::-1], color="#4575b4")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel("commitments")
    axes.set_title(f"Commitments by category — {report.title}")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    png = _png(figure)
    pyplot.close(figure)
    described = "; ".join(f"{t}: {n}" for t, n in ordered) or "no commitments in scope"
    return Chart(
        f"{report.id}-categories.png", png, f"Bar chart of commitments by category. {described}."
    )
