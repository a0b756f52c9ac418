"""Charts for progress reports, as PNG bytes that are the same for the same data.

Fonts are the DejaVu family that matplotlib ships and PNG metadata carries no
software or date, so one commit always gives the same image bytes. Drawn
charts are kept in `.summit-cache/charts/` under a hash of what they show (and
of this module): matplotlib is imported only to draw one that is not there.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import math
import os
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summitkit.progress.measures import made_by_round, status_by_round
from summitkit.progress.scope import commitments_in_scope
from summitkit.sources.check.cache import cache_folder
from summitkit.sources.records.corpus import Corpus
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
    table: tuple[tuple[str, ...], ...] = ()
    """The chart's data as rows (the first a header), printed beside it."""


# Ten colour-blind-safe line colours (Okabe–Ito, then Tol's muted); line styles
# repeat them for more states.
TREND_COLOURS = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
    "#56B4E9", "#332288", "#882255", "#117733", "#999933",
)  # fmt: skip


#: Faces for a chart's CJK words, Korean's first (Han characters are drawn in it too).
CJK_FACES = ("Noto Serif CJK KR", "Noto Serif CJK JP", "Noto Serif CJK SC")


def _figure() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    # DejaVu Sans, which matplotlib ships, for Latin text; the Noto CJK faces the PDF
    # printer needs too (`printed.pdf.check_fonts`) for a chart's words in Korean,
    # Japanese or Chinese, which DejaVu lacks.
    pyplot.rcParams.update(
        {"font.family": ["DejaVu Sans", *CJK_FACES], "font.size": 9, "svg.hashsalt": "summitkit"}
    )
    return pyplot


def _png(figure: object) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=120, metadata={"Software": None})  # type: ignore[attr-defined]
    return buffer.getvalue()


#: A message catalogue's gettext: the words a chart draws, in the report's language.
Say = Callable[[str], str]


def _as_written(message: str) -> str:
    return message


def status_chart(corpus: Corpus, report: Report, say: Say = _as_written) -> Chart:
    """Stacked bars: commitments in scope per status, at each round up to the report's;
    its title, axis and key in the language of `say`."""
    commitments = commitments_in_scope(corpus, report.scope)
    cutoff = corpus.summits[report.as_of].start
    data = {r: counts for r, counts in status_by_round(corpus, commitments).items()}
    rounds = [s for s in corpus.rounds() if s.start <= cutoff]
    labels = [r.title for r in rounds]
    bars = [(status, [data[r.id][status.value] for r in rounds]) for status in Status]
    title = f"{say('Status of commitments by round')} — {report.title}"
    words = (say("commitments"), *(say(status.value) for status in Status))
    png = cached_png(corpus.root, ("status", labels, bars, title, words),
                     lambda: _draw_status(labels, bars, title, words))  # fmt: skip
    parts = []
    for r in rounds:
        counts = ", ".join(f"{n} {s}" for s, n in data[r.id].items() if n)
        parts.append(f"{r.title}: {counts or 'none'}")
    alt = "Stacked bar chart of commitment status by round. " + "; ".join(parts) + "."
    # The chart's data beside it: what a reader of a small screen or of print reads.
    table = (
        (say("Round"), *words[1:]),
        *((r.title, *(str(data[r.id][s.value]) for s in Status)) for r in rounds),
    )
    return Chart(f"{report.id}-status.png", png, alt, table)


def title_inside(figure: Any, title: str) -> None:
    """The chart's title centred on the figure, not on the axes (which long tick labels
    push aside), and wrapped, so that no title runs past the figure's edge."""
    figure.suptitle(textwrap.fill(title, 64), fontsize=10)


def _draw_status(
    labels: list[str], bars: list[tuple[Status, list[int]]], title: str, words: tuple[str, ...]
) -> bytes:
    """`words`: the y axis's label, then each status's name, in the report's language."""
    names = dict(zip(Status, words[1:], strict=True))
    pyplot = _figure()
    from matplotlib.ticker import MaxNLocator

    figure, axes = pyplot.subplots(figsize=(6.4, 3.4), layout="constrained")
    bottoms = [0] * len(labels)
    # Round titles are long; wrapped, neighbouring labels cannot run into each other.
    wrapped = [textwrap.fill(label, 16) for label in labels]
    for status, values in bars:
        axes.bar(wrapped, values, bottom=bottoms, label=names[status],
                 color=STATUS_COLOURS[status], edgecolor="white", linewidth=0.5)  # fmt: skip
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel(words[0])
    title_inside(figure, title)
    figure.legend(frameon=False, fontsize=7, ncols=5, loc="outside lower center")
    axes.tick_params(axis="x", labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    png = _png(figure)
    pyplot.close(figure)
    return png


def category_chart(corpus: Corpus, report: Report, say: Say = _as_written) -> Chart:
    """Horizontal bars: commitments in scope per category, as of the report's round."""
    counts: dict[str, int] = {}
    for commitment in commitments_in_scope(corpus, report.scope):
        if made_by_round(corpus, commitment, report.as_of):
            category = corpus.categories.get(commitment.category)
            title = category.title if category else commitment.category
            counts[title] = counts.get(title, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    title = f"{say('Commitments by category')} — {report.title}"
    axis = say("commitments")
    png = cached_png(corpus.root, ("categories", ordered, title, axis),
                     lambda: _draw_categories(ordered, title, axis))  # fmt: skip
    described = "; ".join(f"{t}: {n}" for t, n in ordered) or "no commitments in scope"
    table = ((say("Category"), say("Commitments")), *((t, str(n)) for t, n in ordered))
    alt = f"Bar chart of commitments by category. {described}."
    return Chart(f"{report.id}-categories.png", png, alt, table)


def _draw_categories(ordered: list[tuple[str, int]], title: str, axis: str) -> bytes:
    pyplot = _figure()
    from matplotlib.ticker import MaxNLocator

    figure, axes = pyplot.subplots(
        figsize=(6.4, 0.4 * max(len(ordered), 2) + 1.2), layout="constrained"
    )
    labels = [textwrap.fill(t, 32) for t, _ in ordered][::-1]
    axes.barh(labels, [n for _, n in ordered][::-1], color="#4575b4")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel(axis)
    title_inside(figure, title)
    axes.spines[["top", "right"]].set_visible(False)
    png = _png(figure)
    pyplot.close(figure)
    return png


def trend_chart(
    root: Path,
    name: str,
    title: str,
    rounds: list[str],
    series: dict[str, list[float]],
    say: Say = _as_written,
) -> Chart:
    """Lines: each state's score (0–100) at each round, from the chart cache of the
    repository at `root` when these data were drawn before."""
    axis = say("score (0–100)")
    png = cached_png(root, ("trend", title, rounds, series, axis),
                     lambda: _draw_trend(title, rounds, series, axis))  # fmt: skip
    described = "; ".join(
        f"{label}: " + ", ".join(f"{r} {v:.0f}" for r, v in zip(rounds, values, strict=True))
        for label, values in series.items()
    )
    rows = [(label, *(f"{v:.2f}" for v in values)) for label, values in series.items()]
    table = (("State", *rounds), *rows)
    alt = f"Line chart of benchmark scores by round. {described or 'No state in scope'}."
    return Chart(name, png, alt, table)


#: Marker shapes, one per series, so that a line drawn over another stays told apart.
TREND_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")


def _draw_trend(
    title: str, rounds: list[str], series: dict[str, list[float]], axis: str = "score (0–100)"
) -> bytes:
    """Each state's line, with a marker shape of its own. A state whose scores equal an
    earlier state's is drawn dashed over it, so that both colours show, and the names of
    states with the same scores share one label at the lines' right end: no series is
    hidden under another."""
    pyplot = _figure()
    figure, axes = pyplot.subplots(figsize=(6.4, 3.4))
    styles = ("-", "--", ":", "-.")
    same: dict[tuple[float, ...], list[str]] = {}
    for index, (label, values) in enumerate(series.items()):
        earlier = same.setdefault(tuple(values), [])
        style: Any = (index * 2 % 6, (3, 3)) if earlier else styles[index // 10 % 4]
        axes.plot(rounds, values, marker=TREND_MARKERS[index % 10], markersize=3.5,
                  linewidth=1.2, label=label, linestyle=style,
                  color=TREND_COLOURS[index % 10], zorder=2 + len(earlier))  # fmt: skip
        earlier.append(label)
    if rounds and len(series) <= 12:
        for scores, names in same.items():
            axes.annotate(" = ".join(names), (len(rounds) - 1, scores[-1]), xytext=(6, 0),
                          textcoords="offset points", fontsize=6, va="center")  # fmt: skip
        axes.set_xlim(-0.2, len(rounds) - 1 + 0.8)
    axes.set_ylim(-2, 102)
    axes.set_ylabel(axis)
    axes.set_title(title, fontsize=9, loc="left")
    axes.tick_params(axis="x", labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    if series:
        axes.legend(frameon=False, fontsize=7, ncols=4, loc="upper center",
                    bbox_to_anchor=(0.5, -0.15))  # fmt: skip
    figure.tight_layout()
    png = _png(figure)
    pyplot.close(figure)
    return png


#: States on one heat map: few enough that every row is labelled with its name.
HEAT_MAP_ROWS = 40


def participation_charts(
    root: Path,
    stem: str,
    title: str,
    states: list[str],
    documents: list[str],
    cells: list[list[str]],
    columns: list[str] | None = None,
    say: Say = _as_written,
) -> list[Chart]:
    """The heat map of `participation_chart` in parts of at most `HEAT_MAP_ROWS` states,
    so that every row is named (one map of 190 states could name every fifth), each
    part titled "(1/5)" ...; `stem` names the files (`stem.png`, or `stem-1.png` ...)."""
    parts = max(1, math.ceil(len(states) / HEAT_MAP_ROWS))
    size = math.ceil(len(states) / parts) if states else 0
    charts = []
    for part in range(parts):
        rows = slice(part * size, (part + 1) * size)
        name = f"{stem}.png" if parts == 1 else f"{stem}-{part + 1}.png"
        named = title if parts == 1 else f"{title} ({part + 1}/{parts})"
        charts.append(
            participation_chart(
                root, name, named, states[rows], documents, cells[rows], columns, say
            )
        )
    return charts


def participation_chart(
    root: Path,
    name: str,
    title: str,
    states: list[str],
    documents: list[str],
    cells: list[list[str]],
    columns: list[str] | None = None,
    say: Say = _as_written,
) -> Chart:
    """Heat map: states (rows) × joint statements and gift baskets (columns); each
    cell empty, signed or lead. `columns` labels the columns on the map (the numbers
    of the matrix's key), else the documents do. From the chart cache of the repository
    at `root` when these data were drawn before."""
    drawn = columns or documents
    key = (say("signed"), say("lead"))
    png = cached_png(root, ("participation", title, states, drawn, cells, key),
                     lambda: _draw_participation(title, states, drawn, cells, key))  # fmt: skip
    parts = []
    for column, document in enumerate(documents):
        joined = [
            f"{state} (lead)" if row[column] == "lead" else state
            for state, row in zip(states, cells, strict=True)
            if row[column]
        ]
        parts.append(f"{document}: {', '.join(joined) or 'none in scope'}")
    alt = (
        "Heat map of which states joined which joint statements and gift baskets. "
        + ("; ".join(parts) or "No documents up to this round")
        + "."
    )
    rows = [(state, *row) for state, row in zip(states, cells, strict=True)]
    table = (("State", *documents), *rows)
    return Chart(name, png, alt, table)


# The heat map's geometry, in inches: a cell's natural size, the largest figure (no
# taller than an A4 page's text block, 9.7 inches, in Word, where the picture is
# shrunk only to the page's width), and how close two 7-point labels may sit.
_CELL_WIDTH, _CELL_HEIGHT = 0.45, 0.22
_PAGE_WIDTH, _PAGE_HEIGHT = 9.0, 9.5
_LABEL_PITCH = 0.14
_CHARACTER = 0.065
"""The width of a wide DejaVu Sans letter at 7 points (a capital: names may be acronyms)."""


def label_every(count: int, room: float, pitch: float = _LABEL_PITCH) -> int:
    """Label every k-th of `count` rows or columns sharing `room` inches: 1 when each
    label fits, more when they would overlap (the table beside the map names them all)."""
    return max(1, math.ceil(count * pitch / room))


def _label(name: str, longest: int = 40) -> str:
    """A row's or column's label, cut short with an ellipsis past `longest` characters
    (the matrix beside the map has the whole name)."""
    return name if len(name) <= longest else name[: longest - 1] + "…"


def _draw_participation(
    title: str,
    states: list[str],
    documents: list[str],
    cells: list[list[str]],
    key: tuple[str, str] = ("signed", "lead"),
) -> bytes:
    pyplot = _figure()
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    codes = {"": 0, "signed": 1, "lead": 2}
    values = [[codes[c] for c in row] for row in cells] or [[0]]
    rows, columns = max(len(states), 1), max(len(documents), 1)
    # Margins for the state names, the document ids turned 45 degrees, title and key,
    # worked out here rather than by tight_layout, which lays every label out again.
    states, documents = [_label(s) for s in states], [_label(d) for d in documents]
    left = 0.2 + _CHARACTER * max((len(s) for s in states), default=0)
    bottom = 0.2 + 0.65 * _CHARACTER * max((len(d) for d in documents), default=0)
    top, right = 0.6, 0.15
    width = min(_CELL_WIDTH * columns, _PAGE_WIDTH - left - right)
    height = min(_CELL_HEIGHT * rows, _PAGE_HEIGHT - top - bottom)
    # As wide as the title (9 points) and the key above the cells, however few columns.
    across = left + max(width, 0.075 * len(title), 1.4) + right
    width, down = across - left - right, bottom + height + top
    figure, axes = pyplot.subplots(figsize=(across, down))
    figure.subplots_adjust(
        left=left / across, right=1 - right / across, bottom=bottom / down, top=1 - top / down
    )
    colours = ListedColormap(["#f0f0f0", "#74add1", "#313695"])
    axes.imshow(values, cmap=colours, vmin=0, vmax=2, aspect="auto", interpolation="nearest")
    # The labels are texts placed beside the cells, not ticks: a tick is two lines and
    # two texts, and making a hundred of them cost more than drawing the map.
    axes.set_xticks([])
    axes.set_yticks([])
    step = label_every(len(documents), width, _LABEL_PITCH * math.sqrt(2))  # turned 45°
    for column in range(0, len(documents), step):
        x = (left + (column + 0.5) * width / columns) / across
        figure.text(x, (bottom - 0.05) / down, documents[column], fontsize=7, rotation=45,
                    ha="right", va="top", rotation_mode="anchor")  # fmt: skip
    step = label_every(len(states), height)
    for row in range(0, len(states), step):
        y = (bottom + height - (row + 0.5) * height / rows) / down
        figure.text((left - 0.05) / across, y, states[row], fontsize=7, ha="right", va="center")
    # White lines between the cells, so that neighbouring signatures stay apart: two line
    # collections, not a minor tick (with its own text and lines) per row and column;
    # thinner when the cells are small.
    line = min(1.0, 72 * width / columns / 6, 72 * height / rows / 6)
    axes.vlines([x - 0.5 for x in range(1, columns)], -0.5, rows - 0.5, colors="white", lw=line)
    axes.hlines([y - 0.5 for y in range(1, rows)], -0.5, columns - 0.5, colors="white", lw=line)
    # The title, and the key on a line of its own below it, in the top margin.
    figure.text(left / across, 1 - 0.08 / down, title, fontsize=9, ha="left", va="top")
    figure.legend(
        handles=[Patch(color="#74add1", label=key[0]), Patch(color="#313695", label=key[1])],
        frameon=False, fontsize=7, ncols=2, loc="upper left", borderaxespad=0,
        bbox_to_anchor=(left / across - 0.05 / across, 1 - 0.28 / down),
    )  # fmt: skip
    png = _png(figure)
    pyplot.close(figure)
    return png


@functools.cache
def _drawn_by() -> tuple[bytes, str]:
    """This module and the matplotlib that draws: a chart's key, once per run (reading
    the distribution's metadata costs more than the lookup it keys)."""
    from importlib.metadata import version

    return Path(__file__).read_bytes(), version("matplotlib")


#: Charts drawn in this process, by key, the latest DRAWN_KEPT: a process that builds
#: several repositories, audiences or languages (`summit serve`, a test run) draws
#: each chart once; the files under .summit-cache/ keep them from one run to the next.
_DRAWN: dict[str, bytes] = {}
DRAWN_KEPT = 128


def cached_png(root: Path, shown: object, draw: Callable[[], bytes]) -> bytes:
    """The chart showing `shown`, from the chart cache, or drawn (and kept) on a miss."""
    folder = cache_folder(root)
    if folder is None:
        return draw()
    key = hashlib.sha256(repr((_drawn_by(), shown)).encode()).hexdigest()[:32]
    path = folder / "charts" / f"{key}.png"
    with contextlib.suppress(OSError):
        return path.read_bytes()
    png = _DRAWN.get(key)
    if png is None:
        png = _DRAWN[key] = draw()
        if len(_DRAWN) > DRAWN_KEPT:
            del _DRAWN[next(iter(_DRAWN))]
    with contextlib.suppress(OSError):  # a cache that cannot be written is not kept
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(png)
        os.replace(name, path)
    return png
