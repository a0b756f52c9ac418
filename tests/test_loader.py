"""Load: YAML → raw records whose values know their line and column, and refusals
of what a record may not hold (language tags, alias bombs, deep nesting, bad bytes)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from conftest import write_minimal_repo
from hypothesis import given
from hypothesis import strategies as st

from summitkit.sources.core.diagnostics import Diagnostic, Position
from summitkit.sources.records.loader import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    RawRecord,
    load_file,
    load_tree,
)
from summitkit.sources.records.yaml_loader import RecordLoader

STATEMENT = """\
id: js
title: Joint statement
round: seoul-2012
signatories: [jpn, {organization: iaea}]
clauses:
  - id: pp1
    kind: preambular
    text: Recognising the value of training.
  - id: op1
    text: |
      Work together.
      Report at each round.
"""


def load(tmp_path: Path, text: str | bytes, kind: str = "statement", name: str = "js.yaml"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return load_file(path, kind, name)


def only_problem(result: tuple[RawRecord | None, list[Diagnostic]]) -> Diagnostic:
    record, problems = result
    assert record is None
    assert len(problems) == 1, problems
    return problems[0]


# -- positions -------------------------------------------------------------------


def test_values_know_their_line_and_column(tmp_path: Path) -> None:
    record, problems = load(tmp_path, STATEMENT)
    assert record is not None and problems == []
    assert record.position(("round",)) == Position("js.yaml", 3, 8)
    assert record.position(("signatories", 1)) == Position("js.yaml", 4, 20)
    assert record.position(("signatories", 1, "organization")) == Position("js.yaml", 4, 35)
    assert record.position(("clauses", 0, "text")) == Position("js.yaml", 8, 11)
    assert record.position(("clauses", 1)) == Position("js.yaml", 9, 5)
    assert record.position(("clauses", 1, "text")) == Position("js.yaml", 10, 11)  # the '|'


def test_keys_know_their_line_and_column(tmp_path: Path) -> None:
    record, _ = load(tmp_path, STATEMENT)
    assert record is not None
    assert record.position(("round",), key=True) == Position("js.yaml", 3, 1)
    assert record.position(("clauses", 0, "kind"), key=True) == Position("js.yaml", 7, 5)
    assert record.position(("signatories", 1, "organization"), key=True) == Position(
        "js.yaml", 4, 21
    )


def test_a_missing_value_falls_back_to_its_nearest_parent(tmp_path: Path) -> None:
    record, _ = load(tmp_path, STATEMENT)
    assert record is not None
    assert record.position(("clauses", 1, "sources", 0)) == Position("js.yaml", 9, 5)
    assert record.position(("nowhere",)) == Position("js.yaml", 1, 1)


def test_a_byte_order_mark_is_accepted_and_does_not_shift_columns(tmp_path: Path) -> None:
    record, problems = load(tmp_path, b"\xef\xbb\xbf" + STATEMENT.encode())
    assert record is not None and problems == []
    assert record.data["id"] == "js"
    assert record.position(("id",), key=True) == Position("js.yaml", 1, 1)


def test_yml_files_are_records_too(tmp_path: Path) -> None:
    root = write_minimal_repo(tmp_path, {"content/sources/press.yml": "id: press\ntitle: Press\n"})
    loaded = load_tree(root)
    assert loaded.diagnostics == []
    assert "content/sources/press.yml" in {r.display for r in loaded.records}


# -- values ------------------------------------------------------------------------


def test_dates_stay_text_and_yaml_words_become_values(tmp_path: Path) -> None:
    text = "id: s\ntitle: t\ndate: 2014-02-30\nnote: 0x1F\nflag: yes\nnothing: ~\nratio: 1_000.5\n"
    record, problems = load(tmp_path, text, "source", "s.yaml")
    assert record is not None and problems == []
    assert record.data == {
        "id": "s",
        "title": "t",
        "date": "2014-02-30",  # the schema reports it at its line, strictly
        "note": 31,
        "flag": True,
        "nothing": None,
        "ratio": 1000.5,
    }


def test_a_duplicate_key_is_reported_and_the_first_value_kept(tmp_path: Path) -> None:
    record, problems = load(tmp_path, "id: s\ntitle: First\ntitle: Second\n", "source", "s.yaml")
    assert record is not None
    assert record.data["title"] == "First"
    assert [str(p) for p in problems] == [
        "s.yaml:3:1: error: duplicate key 'title' (first at line 2); keep only one of them "
        "[load/duplicate-key]"
    ]


# -- refusals --------------------------------------------------------------------


def billion_laughs(levels: int = 9) -> str:
    lines = ["id: lol", "title: laughs", 'a: &a ["lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 10)}]")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    started = time.perf_counter()
    problem = only_problem(load(tmp_path, billion_laughs(), "source", "lol.yaml"))
    assert time.perf_counter() - started < 0.5
    assert problem.rule == "load/too-many-values"
    assert "alias bomb" in problem.message
    # The smallest value that expands too far: 5 * 10**5 values, on line 8 ('f').
    assert problem.position == Position("lol.yaml", 8, 4)


def test_aliases_that_stay_small_are_fine(tmp_path: Path) -> None:
    text = "id: s\ntitle: &t Fact sheet\nnote: *t\n"
    record, problems = load(tmp_path, text, "source", "s.yaml")
    assert record is not None and problems == []
    assert record.data["note"] == "Fact sheet"


def test_a_recursive_alias_is_refused(tmp_path: Path) -> None:
    problem = only_problem(load(tmp_path, "id: s\nnote: &a [1, *a]\n", "source", "s.yaml"))
    assert problem.rule == "load/recursive-alias"


def test_deep_block_nesting_is_refused(tmp_path: Path) -> None:
    nested = "".join(f"{'  ' * level}k{level}:\n" for level in range(MAX_DEPTH + 5))
    problem = only_problem(load(tmp_path, "id: s\nnote:\n" + nested, "source", "s.yaml"))
    assert problem.rule == "load/too-deep"
    assert f"deeper than {MAX_DEPTH} levels" in problem.message


def test_flow_nesting_beyond_the_parser_is_refused_without_a_crash(tmp_path: Path) -> None:
    text = "id: s\nnote: " + "[" * 5000 + "]" * 5000 + "\n"
    problem = only_problem(load(tmp_path, text, "source", "s.yaml"))
    assert problem.rule == "load/too-deep"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("!!python/object/apply:os.system ['true']", "!!python/object/apply:os.system"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!custom x", "!custom"),
    ],
)
def test_language_specific_and_custom_tags_are_refused(
    tmp_path: Path, value: str, shown: str
) -> None:
    problem = only_problem(load(tmp_path, f"id: s\ntitle: {value}\n", "source", "s.yaml"))
    assert problem.rule == "load/yaml-tag"
    assert f"'{shown}'" in problem.message
    assert problem.position == Position("s.yaml", 2, 8)


def test_merge_keys_are_refused(tmp_path: Path) -> None:
    problem = only_problem(load(tmp_path, "id: s\n<<: {title: t}\n", "source", "s.yaml"))
    assert problem.rule == "load/yaml-merge"
    assert problem.position == Position("s.yaml", 2, 1)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b"])
def test_control_characters_are_refused_where_they_are(tmp_path: Path, char: str) -> None:
    problem = only_problem(load(tmp_path, f"id: s\ntitle: Fact{char}\n", "source", "s.yaml"))
    assert problem.rule == "load/control-character"
    assert problem.position == Position("s.yaml", 2, 12)
    assert f"U+{ord(char):04X}" in problem.message


def test_not_utf8_points_at_the_byte_counting_characters(tmp_path: Path) -> None:
    text = "id: s\ntitle: Café \xe9t\xe9\n".encode().replace(b"\xc3\xa9t", b"\xe9t")
    problem = only_problem(load(tmp_path, text, "source", "s.yaml"))
    assert problem.rule == "load/encoding"
    assert problem.position == Position("s.yaml", 2, 13)  # after 'title: Café ', é is 1 char
    assert "0xe9" in problem.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "file is empty"),
        ("  \n\n", "file is empty"),
        ("# later\n\n  # much later\n", "file holds only comments"),
    ],
)
def test_empty_files_are_refused(tmp_path: Path, text: str, message: str) -> None:
    problem = only_problem(load(tmp_path, text, "source", "s.yaml"))
    assert problem.rule == "load/empty"
    assert problem.message.startswith(message)


@pytest.mark.parametrize(
    ("text", "found"),
    [("- a\n- b\n", "a list"), ("just text\n", "text ('just text')"), ("42\n", "a number")],
)
def test_a_record_must_be_a_mapping(tmp_path: Path, text: str, found: str) -> None:
    problem = only_problem(load(tmp_path, text, "source", "s.yaml"))
    assert problem.rule == "load/not-a-mapping"
    assert found in problem.message


def test_a_too_large_file_is_refused_before_parsing(tmp_path: Path) -> None:
    text = "id: s\ntitle: t\nnote: " + "x" * MAX_FILE_BYTES + "\n"
    assert only_problem(load(tmp_path, text, "source", "s.yaml")).rule == "load/too-large"


def test_a_symlink_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("id: secret\ntitle: Not for the corpus\n")
    root = write_minimal_repo(tmp_path / "repo")
    (root / "content" / "sources" / "secret.yaml").symlink_to(outside)
    loaded = load_tree(root)
    assert [(d.position.path, d.rule) for d in loaded.diagnostics] == [
        ("content/sources/secret.yaml", "load/symlink")
    ]


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ("id: s\ntitle: [a, b\nnote: x\n", (2, 8), "this '[' is never closed"),
        ("id: s\ntitle: {a: b\nnote: x\n", (2, 8), "this '{' is never closed"),
        ('id: s\ntitle: "Fact\nnote: x\n', (2, 8), "this quoted text is never closed"),
        ("id: s\ntitle: t\n  note: x\n", (3, 3), "start it in column 1, like the line above"),
        ("id: s\ntitle: A: B\n", (2, 9), 'put the whole text in quotes: title: "A: B"'),
        ("id: s\ntitle: [A] B\n", (2, 8), 'in quotes: title: "[A] B"'),
        ("id: s\nl:\n    - a\n  - b\n", (4, 3), "put its '-' in the same column"),
        ("id: s\nl:\n  - a: 1\n   b: 2\n", (4, 4), "inside the list that starts at line 3"),
        ("id: s\ntitle: *A*\n", (2, 8), "put a text that begins with '*' in quotes"),
        ("id: s\nnote:\n\t- x\n", (3, 1), "a tab may not indent YAML"),
        ("id: s\ntitle: @home\n", (2, 8), "'@' cannot start a value"),
    ],
)
def test_syntax_errors_point_where_the_user_must_look(
    tmp_path: Path, text: str, position: tuple[int, int], words: str
) -> None:
    problem = only_problem(load(tmp_path, text, "source", "s.yaml"))
    assert problem.rule == "load/yaml-syntax"
    assert (problem.position.line, problem.position.col) == position
    assert words in problem.message
    assert "\n" not in problem.message


def test_records_outside_the_known_folders_are_reported(tmp_path: Path) -> None:
    root = write_minimal_repo(tmp_path, {"content/states/europe/fra.yaml": "id: fra\n"})
    loaded = load_tree(root)
    assert [(d.position.path, d.rule) for d in loaded.diagnostics] == [
        ("content/states/europe/fra.yaml", "layout/unknown-folder")
    ]
    assert "'content/states/europe' is not a record folder" in loaded.diagnostics[0].message


# -- the one YAML parser ----------------------------------------------------------


def _tags(node: yaml.Node, seen: dict[int, int]) -> object:
    """A node tree as tags and values; an alias (a node met before) by its number, so
    that an alias bomb among the hostile cases is not expanded."""
    if id(node) in seen:
        return ("alias", seen[id(node)])
    seen[id(node)] = len(seen)
    if isinstance(node, yaml.ScalarNode):
        return (node.tag, node.value, node.style)
    if isinstance(node, yaml.SequenceNode):
        return (node.tag, [_tags(item, seen) for item in node.value])
    return (node.tag, [(_tags(k, seen), _tags(v, seen)) for k, v in node.value])


def _composed(text: str, loader: type) -> object:
    try:
        return [_tags(node, {}) for node in yaml.compose_all(text, Loader=loader)]
    except yaml.YAMLError as exc:
        return type(exc).__name__


def test_the_record_loader_tags_every_repository_file_as_the_safe_loader_does() -> None:
    root = Path(__file__).parents[1]
    files = [p for p in root.rglob("*.y*ml") if ".venv" not in p.parts and ".git" not in p.parts]
    assert len(files) > 500
    for path in files:
        text = path.read_text("utf-8", errors="replace")
        assert _composed(text, RecordLoader) == _composed(text, yaml.CSafeLoader), path


#: Plain scalars near YAML 1.1's implicit types: numbers, dates, booleans, nulls.
NEAR_TYPES = st.text(alphabet="0123456789+-._:eExXoObB~yYnNtTfFaAlLsSuU .,", max_size=12)


@given(st.one_of(NEAR_TYPES, st.sampled_from(["", "~", "null", "Yes", "off", "0o17", ".inf"])))
def test_the_record_loader_resolves_a_plain_scalar_as_the_safe_loader_does(value: str) -> None:
    for text in (f"key: {value}\n", f"- {value}\n", f"{{a: [{value}]}}\n"):
        assert _composed(text, RecordLoader) == _composed(text, yaml.CSafeLoader)
