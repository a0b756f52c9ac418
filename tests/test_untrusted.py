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
