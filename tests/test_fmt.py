"""`summit fmt`: one canonical layout that never changes what the records mean."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import summit

from summitkit.drafting.layout.fmt import format_text, record_key_order
from summitkit.drafting.layout.sentences import split_sentences
from summitkit.exchange.export import corpus_data
from summitkit.sources.check.project import check

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "data" / "mini"
UNORDERED = ("signatories", "participants", "members")


def copy_corpus(source: Path, target: Path) -> Path:
    """The records and configuration of a drafting repository (not its build output)."""
    target.mkdir()
    for name in ("content", "gifts"):
        if (source / name).is_dir():
            shutil.copytree(
                source / name, target / name, ignore=shutil.ignore_patterns("generated")
            )
    for name in ("conf.py", "summitkit.toml"):
        if (source / name).is_file():
            shutil.copy(source / name, target / name)
    return target


def _normalise(value: Any, key: str = "", in_clause: bool = False) -> Any:
    """What fmt may change without changing meaning: whitespace in clause text, and
    the order of lists whose order carries no meaning."""
    if isinstance(value, dict):
        return {k: _normalise(v, k, in_clause or key == "clauses") for k, v in value.items()}
    if isinstance(value, list):
        items = [_normalise(v, key, in_clause) for v in value]
        if key in UNORDERED:
            items.sort(key=lambda item: json.dumps(item, sort_keys=True))
        return items
    if isinstance(value, str) and in_clause:
        return " ".join(value.split())
    return value


def meaning(root: Path) -> tuple[Any, int]:
    checked = check(root)
    return _normalise(corpus_data(checked.corpus)), len(checked.errors)


def record_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for top in ("content", "gifts")
        if (root / top).is_dir()
        for p in sorted((root / top).rglob("*.y*ml"))
    }


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One sentence.", ["One sentence."]),
        ("First.  Second?\nThird! fourth.", ["First.", "Second?", "Third! fourth."]),
        ("The U.S. Government and e.g. Japan agree. Then more.",
         ["The U.S. Government and e.g. Japan agree.", "Then more."]),
        ("See No. 5, Mr. Kim and J. Smith. Done.", ["See No. 5, Mr. Kim and J. Smith.", "Done."]),
        ('He said "Stop." Then left.', ['He said "Stop."', "Then left."]),
        ("Centres agree. 中国 also.", ["Centres agree.", "中国 also."]),
        ("센터가 동의한다. 한국도 동의한다.", ["센터가 동의한다.", "한국도 동의한다."]),
        ("Version 2. 3 states signed.", ["Version 2. 3 states signed."]),
    ],
)  # fmt: skip
def test_sentences_split_at_sentence_ends_only(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_keys_follow_the_schema_with_body_and_sources_last() -> None:
    order = record_key_order("statement")
    assert order[:2] == ["id", "sensitivity"]
    assert order[-6:] == [
        "clauses", "retired_ids", "changes_annex", "sources", "claims", "field_sensitivity",
    ]  # fmt: skip
    assert order.index("title") < order.index("signatories") < order.index("type")


MESSY = """\
# A header comment stays on top.
sources: [facts]
signatories: [usa, {organization: un}, jpn, kor]  # eol on the list
title: "A title"
id: messy
clauses:
  # op1 first in the file, and first it stays
  - text: Work together.   Report on progress. Share material!
    id: op1
  - id: pp1
    kind: preambular
    text: |
      Recognising
      the value of training.
round: seoul-2012
# comment on lead
lead:
  - usa
"""


def test_fmt_lays_out_a_messy_record_and_keeps_its_comments() -> None:
    formatted = format_text(MESSY, "statement")
    assert formatted == (
        "# A header comment stays on top.\n"
        "id: messy\n"
        "title: A title\n"
        "round: seoul-2012\n"
        "# comment on lead\n"
        "lead: [usa]\n"
        "signatories:  # eol on the list\n"
        "  - jpn\n"
        "  - kor\n"
        "  - usa\n"
        "  - {organization: un}\n"
        "clauses:\n"
        "  # op1 first in the file, and first it stays\n"
        "  - id: op1\n"
        "    text: |\n"
        "      Work together.\n"
        "      Report on progress.\n"
        "      Share material!\n"
        "  - id: pp1\n"
        "    kind: preambular\n"
        "    text: |\n"
        "      Recognising the value of training.\n"
        "sources: [facts]\n"
    )
    assert format_text(formatted, "statement") == formatted


def test_a_list_in_a_sources_order_keeps_it_when_the_record_says_so() -> None:
    text = "id: s\ntitle: S\nround: r\nsignatories: [usa, gbr, fra]\n"
    assert "  - fra\n  - gbr\n  - usa\n" in format_text(text, "statement")
    kept = format_text(text + "source_order: true\n", "statement")
    assert "signatories:\n  - usa\n  - gbr\n  - fra\nsource_order: true\n" in kept
    summit_text = "id: r\ntitle: R\ncity: C\nstart: 2012-03-26\nend: 2012-03-27\nhost: kor\n"
    participants = "participants: [kor, dza]\nsource_order: true\n"
    assert "  - kor\n  - dza\n" in format_text(summit_text + participants, "summit")
    network = format_text("id: n\nname: N\nmembers: [kor, chn]\n", "network")
    assert "  - chn\n  - kor\n" in network


def test_comments_inside_values_are_text_not_comments() -> None:
    text = "id: x\ntitle: 'Japan''s # not a comment'\nnote: |\n  # a line of the note\n  Text.\n"
    assert format_text(text, "source") == (
        "id: x\ntitle: 'Japan''s # not a comment'\nnote: |\n  # a line of the note\n  Text.\n"
    )


@pytest.mark.parametrize("source", [MINI, ROOT], ids=["mini", "repository"])
def test_fmt_never_changes_meaning_and_a_second_run_changes_nothing(
    source: Path, tmp_path: Path
) -> None:
    root = copy_corpus(source, tmp_path / "repo")
    before, errors_before = meaning(root)
    first = summit("fmt", str(root))
    assert first.exit_code == 0, first.output
    after, errors_after = meaning(root)
    assert after == before
    assert errors_after == errors_before
    formatted = record_files(root)
    second = summit("fmt", str(root))
    assert second.exit_code == 0, second.output
    assert second.stdout == ""
    assert record_files(root) == formatted


def test_check_lists_files_that_would_change_and_writes_nothing(tmp_path: Path) -> None:
    root = copy_corpus(MINI, tmp_path / "repo")
    files = record_files(root)
    result = summit("fmt", str(root), "--check")
    assert result.exit_code == 1
    listed = result.stdout.split()
    assert "content/statements/mini-2012.yaml" in listed
    assert "content/states/aut.yaml" in listed  # quotes around "Austria" are not needed
    assert "would change" in result.stderr
    assert record_files(root) == files
    assert summit("fmt", str(root)).stdout.split() == listed
    clean = summit("fmt", str(root), "--check")
    assert clean.exit_code == 0, clean.output


def test_fmt_of_one_file_touches_only_that_file(tmp_path: Path) -> None:
    root = copy_corpus(MINI, tmp_path / "repo")
    files = record_files(root)
    target = root / "content" / "statements" / "mini-2014.yaml"
    result = summit("fmt", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["content/statements/mini-2014.yaml"]
    changed = {name for name, data in record_files(root).items() if files[name] != data}
    assert changed == {"content/statements/mini-2014.yaml"}


def test_a_file_that_does_not_parse_is_reported_and_left_alone(tmp_path: Path) -> None:
    root = copy_corpus(MINI, tmp_path / "repo")
    broken = root / "content" / "sources" / "other.yaml"
    broken.write_text("id: other\ntitle: [unclosed\n", encoding="utf-8")
    result = summit("fmt", str(root))
    assert result.exit_code == 1
    # The words and place `summit check` gives: the bracket to close.
    assert (
        "content/sources/other.yaml:2:8: error: malformed YAML: this '[' is never closed; "
        "add the ']' or a missing ','"
    ) in result.stderr
    assert "[fmt/unformattable]" in result.stderr
    assert broken.read_text(encoding="utf-8") == "id: other\ntitle: [unclosed\n"
    assert "content/statements/mini-2012.yaml" in result.stdout  # the others are done
