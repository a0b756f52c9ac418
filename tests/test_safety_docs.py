"""docs/explanation/safety.rst names, under each promise, the tests that hold it to
its word (`tested by:` lines); every test named there must exist, and every hostile
case family it names must have cases."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "explanation" / "safety.rst"
CASES = ROOT / "tests" / "data"


def promises() -> list[str]:
    """The text of each `tested by:` paragraph."""
    text = PAGE.read_text(encoding="utf-8")
    return re.findall(r"tested by: (.+?)(?:\n\n|\Z)", text, re.S)


def functions_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}


def test_every_promise_names_tests_that_exist() -> None:
    found = promises()
    assert len(found) >= 10
    for paragraph in found:
        named = re.findall(r"(tests/[\w/]+\.py)::(\w+)", paragraph)
        assert named, paragraph
        for file, function in named:
            assert function in functions_of(ROOT / file), f"{file}::{function}"


def test_every_case_family_named_has_cases() -> None:
    for paragraph in promises():
        for family in re.findall(r"``([\w*-]+)``", paragraph):
            matches = [*CASES.glob(f"hostile/{family}"), *CASES.glob(f"invalid/{family}")]
            assert matches, f"no case matches {family!r}"
