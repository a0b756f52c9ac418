"""The command line as a user meets it: exit codes, output formats, skeletons, the schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import summit, write_minimal_repo

from summitkit import __version__
from summitkit.sources.core.layout import KIND_FOLDERS

BROKEN_STATE = "id: jpn\niso3: JPN\nname: Japan\nshortname: Japan\n"
CONFLICT = {
    "content/sources/press.yaml": "id: press\ntitle: Press report\n",
    "content/statements/js.yaml": (
        "id: js\ntitle: Joint statement\nround: seoul-2012\nsignatories: [jpn, kor]\n"
        "sources: [fact-sheet]\n"
        "claims:\n  - field: signatories.kor\n    value: false\n    sources: [press]\n"
    ),
}


def test_version() -> None:
    result = summit("--version")
    assert result.exit_code == 0
    assert result.stdout == f"summit, version {__version__}\n"


def test_help_lists_the_commands() -> None:
    result = summit("--help")
    assert result.exit_code == 0
    for command in ("check", "new", "schema", "export", "build"):
        assert re.search(rf"^  {command}\s", result.stdout, re.M), command


def test_check_passes_a_valid_repository(minimal_repo: Path) -> None:
    result = summit("check", minimal_repo)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("ok: 5 files, 1 category, 1 source, 2 states, 1 summit;")
    assert result.stderr.rstrip().endswith("0 errors, 0 warnings")


def test_check_finds_the_repository_from_the_current_folder(
    minimal_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(minimal_repo / "content" / "states")
    result = summit("check")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("ok: 5 files")


def test_check_reports_every_problem_and_fails(minimal_repo: Path) -> None:
    (minimal_repo / "content" / "states" / "jpn.yaml").write_text(BROKEN_STATE)
    (minimal_repo / "content" / "sources" / "bad.yaml").write_text("id: bad\ntitle: [x\n")
    result = summit("check", minimal_repo)
    assert result.exit_code == 1
    assert [line.split(": error: ")[0] for line in result.stdout.splitlines()] == [
        "content/sources/bad.yaml:2:8",
        "content/states/jpn.yaml:4:1",
    ]
    assert "Traceback" not in result.output


def test_check_format_json(minimal_repo: Path) -> None:
    (minimal_repo / "content" / "states" / "jpn.yaml").write_text(BROKEN_STATE)
    result = summit("check", "--format", "json", minimal_repo)
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "path": "content/states/jpn.yaml",
            "line": 4,
            "col": 1,
            "severity": "error",
            "message": "unknown field 'shortname'; did you mean 'short_name'?",
            "rule": "schema/unknown-field",
        }
    ]


def test_check_format_json_prints_an_empty_list_when_clean(minimal_repo: Path) -> None:
    result = summit("check", "--format", "json", minimal_repo)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_check_format_github(minimal_repo: Path) -> None:
    (minimal_repo / "content" / "states" / "jpn.yaml").write_text(BROKEN_STATE)
    result = summit("check", "--format", "github", minimal_repo)
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=content/states/jpn.yaml,line=4,col=1::unknown field 'shortname'; "
        "did you mean 'short_name'? [schema/unknown-field]\n"
    )


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    root = write_minimal_repo(tmp_path, CONFLICT)
    plain = summit("check", root)
    assert plain.exit_code == 0
    assert ": warning: " in plain.stdout
    assert plain.stderr.rstrip().endswith("0 errors, 1 warning")
    strict = summit("check", "--strict", root)
    assert strict.exit_code == 1
    assert strict.stdout == plain.stdout


def test_an_unknown_option_is_a_usage_error() -> None:
    result = summit("check", "--no-such-option")
    assert result.exit_code == 2
    assert "Error: No such option '--no-such-option'" in result.stderr
    assert result.stderr.startswith("Usage: summit check")


def test_no_repository_is_a_usage_error_with_a_clear_message(tmp_path: Path) -> None:
    result = summit("check", tmp_path)
    assert result.exit_code == 2
    assert f"no drafting repository at {tmp_path}" in result.stderr
    assert "expected a folder with content/" in result.stderr


# -- new ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(KIND_FOLDERS))
def test_new_writes_a_skeleton_that_validates(minimal_repo: Path, kind: str) -> None:
    record_id = "fra" if kind == "state" else f"new-{kind}"
    if kind in ("proposal", "comment"):  # a proposal or comment is about a document
        assert summit("new", "statement", "draft", "--path", minimal_repo).exit_code == 0
    # (a comment's skeleton names a clause of it: the statement skeleton has one)
    result = summit("new", kind, record_id, "--path", minimal_repo)
    assert result.exit_code == 0, result.output
    written = f"{KIND_FOLDERS[kind]}/{record_id}.yaml"
    assert result.stdout == f"wrote {written}\n"
    text = (minimal_repo / written).read_text(encoding="utf-8")
    article = "An" if kind[0] in "aeiou" else "A"
    assert text.startswith(f"# {article} {kind} record.")
    assert not [line for line in text.splitlines() if line != line.rstrip()], "trailing space"
    checked = summit("check", minimal_repo)
    assert checked.exit_code == 0, checked.stdout
    # Every placeholder left is a warning, so that --strict stops it being published.
    lines = checked.stdout.splitlines()
    skeleton = ("[content/placeholder]", "[proposal/no-changes]")  # a proposal lists none yet
    assert all(line.endswith(skeleton) for line in lines), checked.stdout
    assert summit("check", "--strict", minimal_repo).exit_code == (1 if lines else 0)


def test_new_refuses_an_existing_file(minimal_repo: Path) -> None:
    before = (minimal_repo / "content" / "states" / "jpn.yaml").read_bytes()
    result = summit("new", "state", "jpn", "--path", minimal_repo)
    assert result.exit_code == 1
    assert result.stderr == "error: content/states/jpn.yaml exists already\n"
    assert (minimal_repo / "content" / "states" / "jpn.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("kind", "record_id", "message"),
    [
        ("source", "Fact_Sheet", "'Fact_Sheet' is not a valid id"),
        ("source", "../escape", "'../escape' is not a valid id"),
        ("state", "france", "'france' is not a state id"),
    ],
)
def test_new_refuses_a_bad_id(minimal_repo: Path, kind: str, record_id: str, message: str) -> None:
    result = summit("new", kind, record_id, "--path", minimal_repo)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {message}")
    assert not list(minimal_repo.rglob(f"*{record_id.strip('./')}*"))


# -- schema and export ------------------------------------------------------------------------


def test_schema_prints_json_schema_of_all_records() -> None:
    result = summit("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"State", "Statement", "Basket", "Report"} <= set(schema["$defs"])


def test_schema_of_one_kind_describes_its_fields() -> None:
    result = summit("schema", "state")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert "ISO 3166-1 alpha-3" in schema["properties"]["iso3"]["description"]
    assert set(schema["required"]) >= {"id", "iso3", "name", "short_name"}


def test_export_json_prints_the_records(minimal_repo: Path) -> None:
    result = summit("export", "json", minimal_repo)
    assert result.exit_code == 0, result.output
    corpus = json.loads(result.stdout)
    assert [state["id"] for state in corpus["state"]] == ["jpn", "kor"]
    assert corpus["summit"][0]["start"] == "2012-03-26"
    assert corpus["source"][0]["title"] == "Seoul summit fact sheet"


def test_export_json_refuses_a_broken_repository(minimal_repo: Path) -> None:
    (minimal_repo / "content" / "states" / "jpn.yaml").write_text(BROKEN_STATE)
    result = summit("export", "json", minimal_repo)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "[schema/unknown-field]" in result.stderr
