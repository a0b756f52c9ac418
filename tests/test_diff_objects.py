"""`summit diff` reads only what changed: git objects of the records that differ
and of what they cite, never a blob of any other record."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from diffkit import Drafts, clauses_with, summit
from gitkit import GIT_ENV, git

from summitkit.sources.core import git as wrapper

#: Unchanged records that the edited statement does not cite.
UNRELATED = [
    "gifts/trilateral.yaml",
    "content/commitments/jpn-coe.yaml",
    "content/states/chn.yaml",
    "content/states/ita.yaml",
    "content/summits/hague-2014.yaml",
    "content/categories/coe.yaml",
    "content/sources/facts.yaml",
]
#: What the statement cites: read for names and references, as blobs of v2.
CITED = [
    "content/states/usa.yaml",
    "content/states/jpn.yaml",
    "content/states/aut.yaml",
    "content/summits/seoul-2012.yaml",
]
STATEMENT = "content/statements/joint-2012.yaml"


@pytest.fixture
def history(tmp_path: Path) -> Path:
    drafts = Drafts(tmp_path / "repo")
    drafts.commit("first draft", tag="v1")
    drafts.statement(clauses=clauses_with(("op2", "Pool course material between the centres.")))
    drafts.commit("one clause edited", tag="v2")
    return drafts.root


def blob(repo: Path, revision: str, path: str) -> str:
    return git(repo, "rev-parse", f"{revision}:{path}")


def requested_by(*args: str | Path) -> tuple[list[str], dict[str, object]]:
    wrapper.REQUESTED.clear()
    result = summit(*(str(a) for a in args))
    assert result.exit_code == 0, result.output
    return list(wrapper.REQUESTED), json.loads(result.stdout)


def test_a_diff_of_two_revisions_reads_no_blob_of_an_unchanged_record(history: Path) -> None:
    requested, report = requested_by("diff", "v1", "v2", "--format", "json", "--path", history)

    assert [r["new_id"] for r in report["records"]] == ["joint-2012"]  # type: ignore[attr-defined, index]
    assert report["summary"]["records_unchanged"] == 12  # type: ignore[index]
    unrelated = {blob(history, "v2", path) for path in UNRELATED}
    assert not unrelated & set(requested)
    cited = {blob(history, "v2", path) for path in CITED}
    assert set(requested) - cited == {
        blob(history, "v1", STATEMENT),
        blob(history, "v2", STATEMENT),
    }
    assert len(requested) == len(set(requested)), "a blob was read twice"


def test_a_second_diff_reads_no_blob_at_all(history: Path) -> None:
    first, report = requested_by("diff", "v1", "v2", "--format", "json", "--path", history)
    second, again = requested_by("diff", "v1", "v2", "--format", "json", "--path", history)

    assert first and second == []  # every record comes from the record cache
    assert again == report


def test_a_record_diff_reads_that_record_and_what_it_cites(history: Path) -> None:
    # A broken record elsewhere is neither read nor reported.
    (history / "content/states/ita.yaml").write_text("id: ita\nname: [\n", "utf-8")
    git(history, "commit", "-q", "-am", "break an unrelated record", "--no-verify")

    requested, report = requested_by(
        "diff", "v1:joint-2012", "HEAD:joint-2012", "--format", "json", "--path", history
    )

    assert report["summary"]["words_inserted"] == 1  # type: ignore[index]
    assert blob(history, "HEAD", "content/states/ita.yaml") not in requested
    assert not {blob(history, "v2", path) for path in UNRELATED} & set(requested)


def test_the_working_tree_side_reads_files_directly(history: Path) -> None:
    (history / STATEMENT).write_text(
        (history / STATEMENT).read_text("utf-8").replace("Pool", "Share"), "utf-8"
    )

    requested, report = requested_by("diff", "v2", "--format", "json", "--path", history)

    assert [r["new_id"] for r in report["records"]] == ["joint-2012"]  # type: ignore[attr-defined, index]
    assert blob(history, "v2", STATEMENT) in requested
    assert not {blob(history, "v2", path) for path in UNRELATED} & set(requested)


#: Runs `summit diff v1 v2` in a fresh interpreter and names the heavy packages it imported.
IMPORTS_PROBE = """
import sys
from click.testing import CliRunner
from summitkit.cli import main
result = CliRunner().invoke(main, ["diff", "v1", "v2"])
assert result.exit_code == 0, result.output
assert "1 modified" in result.output, result.output
heavy = {"docutils", "sphinx", "jinja2", "yaml", "tomllib"}
print(sorted({m.split(".")[0] for m in sys.modules} & heavy))
"""


def test_a_diff_imports_only_what_it_uses(history: Path) -> None:
    """docutils (a tenth of a diff's time) is imported for a text that may hold
    markup, not at start-up: neither side's clauses here hold any. The YAML parser
    is imported to read a file the record cache does not know, so not at all the
    second time; TOML only for a corpus with a summitkit.toml (this one has none)."""

    def imported() -> str:
        done = subprocess.run(
            [sys.executable, "-c", IMPORTS_PROBE],
            cwd=history,
            capture_output=True,
            text=True,
            env={**os.environ, **GIT_ENV},
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert imported() == "['yaml']"  # the first diff parses both sides' files
    assert imported() == "[]"
