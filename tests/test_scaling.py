"""Structural guard for linear builds (not a timing test): a deliverable's page does
not grow with the number of deliverables, because no page carries the whole table of
contents (no sidebar, no global navigation)."""

from __future__ import annotations

import sys
from pathlib import Path

from click.testing import CliRunner

from summitkit.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from gen_corpus import generate


def build_page(root: Path, statements: int) -> bytes:
    generate(root, states=20, rounds=3, commitments=20, statements=statements, clauses=5,
             baskets=1, reports=1, seed=7)  # fmt: skip
    result = CliRunner().invoke(main, ["build", str(root), "--format", "html", "-q"])
    assert result.exit_code == 0, result.output
    return (root / "build/clear/html/generated/statements/s0001.html").read_bytes()


def test_a_page_is_the_same_size_in_a_small_and_a_ten_times_larger_corpus(tmp_path: Path) -> None:
    small = build_page(tmp_path / "small", 4)
    large = build_page(tmp_path / "large", 40)
    assert len(small) == len(large)
    assert small == large
