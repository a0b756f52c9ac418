"""Word's own revision markup, one construct at a time (tests/data/word/constructs/).

Each fixture is a piece of WordprocessingML written from the ECMA-376 Part 1
clause its comment cites; it replaces clause paragraphs of a DOCX that `summit
build` printed, and the YAML beside it says exactly which proposals (by
delegation, with their changes) and positions come back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import wordkit
import yaml
from conftest import summit
from test_import_docx import EPOCH, clone, print_statement

CASES = sorted(wordkit.CONSTRUCTS.glob("*.xml"))


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A committed repository and the DOCX `summit build` printed from it."""
    return print_statement(tmp_path_factory.mktemp("word"))


@pytest.fixture
def repo(printed: tuple[Path, Path], tmp_path: Path) -> Path:
    return clone(printed[0], tmp_path / "clone")


def records(root: Path, folder: str) -> list[dict[str, Any]]:
    return [
        yaml.safe_load(path.read_text("utf-8"))
        for path in sorted((root / "content" / folder).glob("*.yaml"))
    ]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_a_word_construct_comes_back_exactly(
    case: Path,
    repo: Path,
    printed: tuple[Path, Path],
    tmp_path: Path,
) -> None:
    expected = yaml.safe_load(case.with_suffix(".yaml").read_text("utf-8"))
    received = wordkit.transplant(printed[1], case, tmp_path / f"{case.stem}.docx", "python-docx")
    result = summit("import", "docx", received, "--path", repo, env=EPOCH)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    proposals = records(repo, "proposals")
    found = {p["by"][0]: p["changes"] for p in proposals}
    assert found == expected["proposals"], result.output
    for proposal in proposals:
        receipt = proposal["received_from"]
        assert receipt["file"] == received.name and len(receipt["sha256"]) == 64
    ids = {p["by"][0]: p["id"] for p in proposals}
    positions = [
        {"by": p["by"], "proposal": p["proposal"], "stance": p["stance"]}
        for p in records(repo, "positions")
    ]
    wanted = [{**p, "proposal": ids[p["proposal"]]} for p in expected.get("positions", [])]
    assert positions == wanted
    # The id `summit proposal oppose` gives a position on the whole proposal.
    assert [p["id"] for p in records(repo, "positions")] == [
        f"{p['by']}-on-{p['proposal']}" for p in positions
    ]
    for warning in expected.get("warnings", []):
        assert warning in result.stderr
    if not expected["proposals"]:
        assert f"{received.name}: no changes against joint-2012" in result.stdout
    check = summit("check", repo)
    assert check.exit_code == 0, check.output
