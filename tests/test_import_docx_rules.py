"""The import validates a staged proposal or position by its schema and the rules that
can fail for one (`exchange/word/records.RECORD_RULES`), not by the whole check:
on every test case holding proposals or positions, that gives the very errors the
whole check gives on those files."""

from __future__ import annotations

from pathlib import Path

import pytest

from summitkit.exchange.word.records import Staging
from summitkit.sources.core.diagnostics import display_path, sort_diagnostics
from summitkit.sources.records.loader import load_file, load_tree
from summitkit.sources.records.raw import Loaded
from summitkit.sources.rules.validate import validate

DATA = Path(__file__).parent / "data"
NEGOTIATION = ("proposals", "positions")


def staged_files(root: Path) -> list[Path]:
    return sorted(p for folder in NEGOTIATION for p in (root / "content" / folder).glob("*.yaml"))


CASES = sorted(
    path
    for path in [*(DATA / "invalid").iterdir(), DATA / "mini", DATA / "output"]
    if path.is_dir() and staged_files(path)
)


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_a_staged_record_gets_the_errors_the_whole_check_gives_it(case: Path) -> None:
    staged = staged_files(case)
    shown = {display_path(path, case) for path in staged}
    loaded = load_tree(case, load_file)
    _, diagnostics = validate(loaded, case)
    whole = sort_diagnostics(d for d in diagnostics if d.is_error and d.position.path in shown)
    rest = Loaded(
        [raw for raw in loaded.records if raw.display not in shown],
        [d for d in loaded.diagnostics if d.position.path not in shown],
        loaded.files,
        set(loaded.failed),
    )
    corpus, _ = validate(rest, case)
    files = [(path, path.read_text("utf-8")) for path in staged]
    assert [str(d) for d in Staging(case, corpus).check(files)] == [str(d) for d in whole]


def test_the_cases_hold_errors_on_proposals_and_positions() -> None:
    """The comparison above is not vacuous: the cases give the staged files errors of
    the schema, of references and of the negotiation rules."""
    rules = set()
    for case in CASES:
        loaded = load_tree(case, load_file)
        shown = {display_path(path, case) for path in staged_files(case)}
        _, diagnostics = validate(loaded, case)
        rules |= {d.rule for d in diagnostics if d.is_error and d.position.path in shown}
    assert {"ref/unknown-document", "proposal/unknown-change", "rst/forbidden"} <= rules
