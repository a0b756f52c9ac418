"""XLSX: the benchmark tables as one workbook, one sheet per table (openpyxl).

The weights have their own sheet, in a row whose columns line up with the
`levels` sheet, and the `scores` sheet carries beside each score the formula
that recomputes it from those two sheets: a reader can change a weight and see
the scores move. Dates are date cells, years and ranks integers. Those formulas
are the only ones: every text from records is a text cell (`exchange.cells`).
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from summitkit.exchange.benchmarks import (
    COLUMNS,
    axis_rows,
    benchmark_rows,
    level_matrix,
    score_rows,
)
from summitkit.exchange.cells import Formula, xlsx_row
from summitkit.progress.scores import ScoreTable, published_weights, sensitivity
from summitkit.sources.records.corpus import Corpus

SHEETS = ("scores", "levels", "weights", "benchmarks", "axes", "sensitivity")
"""Sheets of the workbook, in order; `scores` comes first so that converters that
read one sheet read it."""


def workbook(corpus: Corpus, include_preliminary: bool = False) -> bytes:
    """The XLSX workbook's bytes: one sheet per table of SHEETS."""
    table = ScoreTable(corpus, include_preliminary)
    weights = published_weights(corpus)
    book = Workbook()
    sheets = {name: book.create_sheet(name) for name in SHEETS}
    book.remove(book.worksheets[0])

    scores = score_rows(corpus, table)
    header, matrix = level_matrix(corpus, table)
    last = get_column_letter(len(header))
    weights_last = get_column_letter(len(weights) + 1)
    _fill(sheets["scores"], [*COLUMNS["scores"], "recomputed"], [
        [*(row[c] for c in COLUMNS["scores"]),
         Formula(f"=100*SUMPRODUCT(levels!C{i}:{last}{i},weights!B$2:{weights_last}$2)"
                 f"/SUM(weights!B$2:{weights_last}$2)")]
        for i, row in enumerate(scores, start=2)
    ])  # fmt: skip
    _fill(sheets["levels"], header, matrix)
    titles = [corpus.benchmarks[b].title for b in weights]
    _fill(sheets["weights"], ["benchmark", *weights], [["weight", *weights.values()],
                                                       ["title", *titles]])  # fmt: skip
    _table(sheets["benchmarks"], "benchmarks", benchmark_rows(corpus))
    _table(sheets["axes"], "axes", axis_rows(corpus, include_preliminary))
    latest = corpus.rounds()[-1].id if corpus.summits else None
    variants = sensitivity(table, sorted(corpus.states), latest) if latest else []
    _fill(sheets["sensitivity"], ["state", *(v.name for v in variants)],
          [[s, *(v.ranks[s] for v in variants)] for s in sorted(corpus.states)])  # fmt: skip
    for sheet in sheets.values():
        sheet.freeze_panes = "A2"
    for cell in sheets["axes"]["D"][1:]:
        cell.number_format = "yyyy-mm-dd"
    saved = io.BytesIO()
    book.save(saved)
    return saved.getvalue()


def _fill(sheet: Any, header: list[str], rows: list[list[Any]]) -> None:
    """The header and rows, through the one cell writer: record texts stay text."""
    xlsx_row(sheet, header)
    for row in rows:
        xlsx_row(sheet, row)


def _table(sheet: Any, name: str, rows: list[dict[str, Any]]) -> None:
    _fill(sheet, list(COLUMNS[name]), [[row[c] for c in COLUMNS[name]] for row in rows])
