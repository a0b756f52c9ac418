"""The last circulated version, as `summit compile` reads it from git to number the
paragraphs added since (2bis): a tagged text that cannot be read is an error the
user sees, never a silent change of numbering."""

from __future__ import annotations

import json
from pathlib import Path

from diffkit import Drafts, summit

TAG = "joint-2012/rev2"
RELATIVE = "content/statements/joint-2012.yaml"
CIRCULATED = (
    "id: joint-2012\ntitle: Joint statement\nround: seoul-2012\nstatus: circulated\n"
    "revision: 2\nclauses:\n  - id: op1\n    text: Work together.\n"
    "  - id: op2\n    text: Share material.\n"
)
#: The same document with a paragraph added after op1 since it was circulated.
NOW = CIRCULATED.replace("  - id: op2\n", "  - id: op1a\n    text: Train together.\n  - id: op2\n")


def tagged(tmp_path: Path, circulated: str, file: str = RELATIVE) -> Drafts:
    """A repository whose tag TAG holds `circulated` at `file` (tagged by hand, as
    `summit release` would not), and whose working tree holds NOW."""
    drafts = Drafts(tmp_path / "repo")
    (drafts.root / RELATIVE).unlink()
    (drafts.root / file).write_text(circulated, "utf-8")
    drafts.commit("Circulate revision 2", tag=TAG)
    (drafts.root / file).unlink()
    (drafts.root / RELATIVE).write_text(NOW, "utf-8")
    drafts.commit("Add op1a")
    return drafts


def compile_json(drafts: Drafts) -> tuple[int, list[tuple[str, str]], str]:
    result = summit("compile", "joint-2012", "--format", "json", "--path", str(drafts.root))
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit | None), result.exception
    if result.exit_code:
        return result.exit_code, [], result.stderr
    paragraphs = json.loads(result.stdout)["paragraphs"]
    return 0, [(p["id"], p["number"]) for p in paragraphs], result.stderr


def test_a_readable_circulated_version_numbers_the_new_paragraph_bis(tmp_path: Path) -> None:
    code, numbers, err = compile_json(tagged(tmp_path, CIRCULATED))
    assert code == 0, err
    assert numbers == [("op1", "1"), ("op1a", "1bis"), ("op2", "2")]


def test_a_circulated_version_that_is_not_yaml_is_an_error(tmp_path: Path) -> None:
    broken = CIRCULATED.replace("title: Joint statement\n", "title: Joint statement: rev 2\n")
    code, _, err = compile_json(tagged(tmp_path, broken))
    assert code == 1
    assert err.splitlines() == [
        f"{TAG}:{RELATIVE}:2:23: error: malformed YAML: this ':' inside the text of "
        "'title' would start another field; put the whole text in quotes: "
        'title: "Joint statement: rev 2" [load/yaml-syntax]',
        "error: the named versions of joint-2012 cannot be read, so the paragraphs added "
        "since the last circulated one cannot be numbered (bis, ter); nothing compiled",
    ]


def test_a_circulated_version_the_loader_refuses_is_an_error(tmp_path: Path) -> None:
    """PyYAML alone keeps the last of two equal keys; the record loader refuses them,
    as `summit check` does."""
    doubled = CIRCULATED.replace("status: circulated\n", "status: draft\nstatus: circulated\n")
    code, _, err = compile_json(tagged(tmp_path, doubled))
    assert code == 1
    assert err.splitlines()[0] == (
        f"{TAG}:{RELATIVE}:5:1: error: duplicate key 'status' (first at line 4); "
        "keep only one of them [load/duplicate-key]"
    )


def test_a_tag_without_the_document_file_is_an_error(tmp_path: Path) -> None:
    moved = "content/statements/joint-2012.yml"
    code, _, err = compile_json(tagged(tmp_path, CIRCULATED, file=moved))
    assert code == 1
    assert err.splitlines()[0] == (
        f"{TAG}:{RELATIVE}: error: tag {TAG} holds no file {RELATIVE}: the document's "
        "file was moved or renamed since it was released [release/circulated-unreadable]"
    )
