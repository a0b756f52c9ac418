"""`summit merge-driver` run by real git: what two branches' edits of one record merge into."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import summit
from gitkit import GIT_ENV, git

from summitkit.drafting.merge import merge_texts

MINI = Path(__file__).parent / "data" / "mini"
DOC = "content/statements/mini-2012.yaml"
DRIVER = f"{sys.executable} -m summitkit merge-driver %O %A %B %P"


def merge(repo: Path, branch: str) -> subprocess.CompletedProcess[str]:
    """`git merge BRANCH` as the test drafter; the result is returned, not checked."""
    return subprocess.run(
        ["git", "merge", "--no-edit", branch],
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV},
        check=False,
    )


def edit(repo: Path, old: str, new: str, path: str = DOC) -> None:
    file = repo / path
    text = file.read_text(encoding="utf-8")
    assert old in text, text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(repo: Path, message: str) -> None:
    git(repo, "commit", "--quiet", "-am", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The mini corpus, laid out by `summit fmt`, committed on main, driver registered."""
    root = tmp_path / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    assert summit("fmt", root).exit_code == 0
    git(root, "init", "--quiet", "--initial-branch=main")
    assert summit("init", "--hooks", root).exit_code == 0
    git(root, "config", "merge.summit.driver", DRIVER)  # this interpreter, not one on PATH
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "start")
    return root


def test_two_branches_signing_different_states_merge_cleanly_and_sorted(repo: Path) -> None:
    git(repo, "checkout", "--quiet", "-b", "austria")
    assert summit("sign", "mini-2012", "aut", "--path", repo).exit_code == 0
    commit(repo, "aut signs")
    git(repo, "checkout", "--quiet", "main")
    assert summit("sign", "mini-2012", "chn", "--path", repo).exit_code == 0
    commit(repo, "chn signs")

    done = merge(repo, "austria")

    assert done.returncode == 0, done.stdout + done.stderr
    text = (repo / DOC).read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    block = text.split("signatories:\n")[1].split("\n")
    assert [line for line in block if line.startswith("  - ")][:6] == [
        f"  - {p}" for p in ("aut", "chn", "jpn", "kor", "usa")
    ] + ["  - {organization: un}"]
    assert summit("check", repo).exit_code == 0
    assert summit("fmt", "--check", repo).exit_code == 0


def test_adding_op3_and_deleting_op2_on_two_branches_merges_cleanly(repo: Path) -> None:
    git(repo, "checkout", "--quiet", "-b", "add")
    edit(
        repo,
        "sources: [facts]\nclaims:",
        "  - id: op3\n    text: |\n      Meet again.\nsources: [facts]\nclaims:",
    )
    commit(repo, "add op3")
    git(repo, "checkout", "--quiet", "main")
    edit(repo, "  - id: op2\n    text: |\n      Share course material.\n    sources: [facts]\n", "")
    commit(repo, "delete op2")

    done = merge(repo, "add")

    assert done.returncode == 0, done.stdout + done.stderr
    text = (repo / DOC).read_text(encoding="utf-8")
    assert "id: op2" not in text
    assert text.index("id: op1") < text.index("id: op3") < text.index("\nsources: [facts]\n")
    result = summit("check", repo)
    assert result.exit_code == 0, result.output


def test_comments_of_untouched_parts_survive_the_merge(repo: Path) -> None:
    edit(repo, "  - id: op1\n", "  # Agreed at the first reading.\n  - id: op1\n")
    edit(repo, "title:", "# The title is the host's.\ntitle:")
    commit(repo, "comments")
    git(repo, "checkout", "--quiet", "-b", "other")
    edit(repo, "Share course material.", "Share course material and trainers.")
    commit(repo, "reword op2")
    git(repo, "checkout", "--quiet", "main")
    edit(repo, "revision: 2", "revision: 3")
    commit(repo, "revision 3")

    done = merge(repo, "other")

    assert done.returncode == 0, done.stderr
    text = (repo / DOC).read_text(encoding="utf-8")
    assert "  # Agreed at the first reading.\n  - id: op1\n" in text
    assert "# The title is the host's.\ntitle:" in text
    assert "revision: 3" in text and "Share course material and trainers." in text


@pytest.fixture(scope="module")
def jpn_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Japan's SSH signing key, made by ssh-keygen."""
    key = tmp_path_factory.mktemp("keys") / "jpn"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
    return key


def test_one_clause_reworded_differently_becomes_an_open_clause_with_two_alternatives(
    repo: Path, jpn_key: Path
) -> None:
    # Japan signs its commits; Korea's drafter is known by name in [word_authors].
    public = (jpn_key.parent / "jpn.pub").read_text().strip()
    settings = f'[parties]\njpn = ["{public}"]\n[word_authors]\n"Min-ji Kim" = "kor"\n'
    (repo / "summitkit.toml").write_text(settings, encoding="utf-8")
    git(repo, "add", "summitkit.toml")
    commit(repo, "keys")
    git(repo, "checkout", "--quiet", "-b", "japan")
    edit(repo, "Share course material.", "Share course material among centres.")
    signed = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={jpn_key}", "commit", "-S"]
    git(repo, *signed, "--quiet", "-am", "jpn wording", "--author=Kenji Sato <ks@example.org>")
    git(repo, "checkout", "--quiet", "main")
    edit(repo, "Share course material.", "Share course material and trainers.")
    git(repo, "commit", "--quiet", "-am", "kor wording", "--author=Min-ji Kim <mk@example.org>")

    done = merge(repo, "japan")

    assert done.returncode == 0, done.stderr
    assert (
        "summit merge-driver: content/statements/mini-2012.yaml: clause op2 was reworded on "
        "both branches; both wordings are now alternatives of an open clause"
    ) in done.stderr
    text = (repo / DOC).read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    assert (
        "  - id: op2\n"
        "    text: |\n"
        "      Share course material.\n"
        "    sources: [facts]\n"
        "    status: open\n"
        "    alternatives:\n"
        "      - text: |\n"
        "          Share course material and trainers.\n"
        "        by: [kor]\n"
        "      - text: |\n"
        "          Share course material among centres.\n"
        "        by: [jpn]\n"
    ) in text
    assert "Kenji Sato" not in text and "Min-ji Kim" not in text
    result = summit("check", repo)
    assert result.exit_code == 0, result.output
    assert summit("fmt", "--check", repo).exit_code == 0
    compiled = summit("compile", "mini-2012", "--path", repo)
    assert compiled.exit_code == 0, compiled.output
    assert (
        "2 [open]\n"
        "  Alt 1: Share course material.\n"
        "  Alt 2 — KOR: [Share course material and trainers.]\n"
        "  Alt 3 — JPN: [Share course material among centres.]\n"
    ) in compiled.stdout


def test_an_alternative_of_an_unknown_delegation_is_left_unattributed_and_said(
    repo: Path,
) -> None:
    git(repo, "checkout", "--quiet", "-b", "other")
    edit(repo, "Share course material.", "Share course material among centres.")
    git(repo, "commit", "--quiet", "-am", "a wording", "--author=Kenji Sato <ks@example.org>")
    git(repo, "checkout", "--quiet", "main")
    edit(repo, "Share course material.", "Share course material and trainers.")
    commit(repo, "another wording")

    done = merge(repo, "other")

    assert done.returncode == 0, done.stderr
    assert (
        f"{DOC}: no delegation is known for the ours and theirs wording (no commit signed with "
        "a key in [parties], no [word_authors] entry for its author): say whose it is with "
        "the alternative's by"
    ) in done.stderr
    text = (repo / DOC).read_text(encoding="utf-8")
    assert "Kenji Sato" not in text and "author:" not in text


def test_one_field_changed_differently_is_a_conflict_for_that_field_alone(repo: Path) -> None:
    git(repo, "checkout", "--quiet", "-b", "other")
    edit(repo, "revision: 2", "revision: 4")
    edit(repo, "Share course material.", "Share course material and trainers.")
    commit(repo, "revision 4")
    git(repo, "checkout", "--quiet", "main")
    edit(repo, "revision: 2", "revision: 3")
    commit(repo, "revision 3")

    done = merge(repo, "other")

    assert done.returncode == 1
    assert "revision was changed differently on both branches" in done.stderr
    text = (repo / DOC).read_text(encoding="utf-8")
    assert "<<<<<<< ours\nrevision: 3\n=======\nrevision: 4\n>>>>>>> theirs\n" in text
    assert text.count("<<<<<<<") == 1
    assert "Share course material and trainers." in text  # the rest merged
    result = summit("check", repo)
    assert result.exit_code == 1
    line = text.splitlines().index("<<<<<<< ours") + 1
    assert (
        f"{DOC}:{line}:1: error: unresolved merge conflict from git; resolve it or run "
        "'git mergetool' [load/merge-conflict]"
    ) in result.stdout.splitlines()


def test_a_record_deleted_on_one_branch_and_changed_on_the_other_is_reported(
    repo: Path,
) -> None:
    git(repo, "checkout", "--quiet", "-b", "other")
    git(repo, "rm", "--quiet", DOC)
    git(repo, "rm", "--quiet", "content/statements/mini-2014.yaml")  # it follows mini-2012
    commit(repo, "withdraw the statement")
    git(repo, "checkout", "--quiet", "main")
    edit(repo, "revision: 2", "revision: 3")
    commit(repo, "revision 3")

    done = merge(repo, "other")

    assert done.returncode == 1
    result = summit("check", repo)
    assert result.exit_code == 1
    assert (
        f"{DOC}:1:1: error: unresolved merge conflict from git: one branch deleted this "
        "record and the other changed it; resolve it or run 'git mergetool' "
        "[load/merge-conflict]"
    ) in result.stdout.splitlines()


def test_init_hooks_registers_the_driver_once(tmp_path: Path) -> None:
    root = tmp_path / "existing"
    root.mkdir()
    git(root, "init", "--quiet")
    first = summit("init", "--hooks", root)
    second = summit("init", "--hooks", root)

    assert first.exit_code == 0 and "merge driver registered" in first.stdout
    assert second.exit_code == 0 and second.stdout == "merge driver already registered\n"
    assert git(root, "config", "merge.summit.driver") == DRIVER
    attributes = (root / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert "content/**/*.yaml merge=summit" in attributes
    assert "gifts/*.yaml merge=summit" in attributes
    assert len(attributes) == 3
    assert git(root, "check-attr", "merge", "content/statements/x.yaml").endswith("summit")
    assert git(root, "check-attr", "merge", "gifts/x.yaml").endswith("summit")


def test_init_hooks_outside_a_git_repository_fails(tmp_path: Path) -> None:
    result = summit("init", "--hooks", tmp_path)
    assert result.exit_code == 1
    assert "not in a git repository" in result.stderr


def test_summit_init_registers_the_driver(tmp_path: Path) -> None:
    target = tmp_path / "drafts"
    assert summit("init", target).exit_code == 0
    assert git(target, "config", "merge.summit.driver") == DRIVER
    assert "gifts/*.yaml merge=summit" in (target / ".gitattributes").read_text(encoding="utf-8")


def test_a_file_that_does_not_parse_falls_back_to_a_line_merge(tmp_path: Path) -> None:
    base, ours, theirs = (tmp_path / n for n in ("base", "ours", "theirs"))
    base.write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    ours.write_text("id: x\ntitle: [unclosed\nnote: a\n", encoding="utf-8")
    theirs.write_text("id: y\ntitle: [unclosed\n", encoding="utf-8")
    result = summit("merge-driver", base, ours, theirs, "content/sources/x.yaml")
    assert result.exit_code == 0, result.output
    assert ours.read_text(encoding="utf-8") == "id: y\ntitle: [unclosed\nnote: a\n"


STATEMENT = """\
id: s
title: T
round: seoul-2012
clauses:
{clauses}"""


def clauses(*ids: str) -> str:
    return STATEMENT.format(clauses="".join(f"  - id: {i}\n    text: |\n      {i}.\n" for i in ids))


def test_clauses_reordered_on_one_side_and_added_on_the_other_keep_both() -> None:
    merged = merge_texts(
        clauses("op1", "op2", "op3"),
        clauses("op3", "op1", "op2"),
        clauses("op1", "op2", "op4", "op3"),
        "statement",
    )
    assert merged.conflicts == []
    assert merged.text == clauses("op3", "op1", "op2", "op4")


def test_a_clause_deleted_on_one_side_and_edited_on_the_other_is_a_conflict() -> None:
    edited = clauses("op1", "op2").replace("op2.", "op2 again.")
    merged = merge_texts(clauses("op1", "op2"), clauses("op1"), edited, "statement")
    assert merged.conflicts == ["clauses[op2]"]
    assert (
        "<<<<<<< ours\n=======\n  - id: op2\n    text: |\n      op2 again.\n>>>>>>> theirs\n"
        in merged.text
    )


def table(repo: Path, party: str, words: str, name: str = "p1") -> None:
    """Commit a proposal `name` by `party` replacing op2's wording with `words`."""
    path = repo / "content" / "proposals" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"id: {name}\ndocument: mini-2012\nby: [{party}]\ndate: 2026-01-05\nchanges:\n"
        f"  - substitute: {{clause: op2, text: {words}}}\n",
        encoding="utf-8",
    )
    git(repo, "add", "content/proposals")
    commit(repo, f"{party} tables {name}")


def test_one_proposal_id_added_on_two_branches_is_a_conflict_never_a_union(repo: Path) -> None:
    git(repo, "checkout", "--quiet", "-b", "japan")
    table(repo, "jpn", "Share course material among centres.")
    git(repo, "checkout", "--quiet", "main")
    table(repo, "kor", "Share course material and trainers.")

    done = merge(repo, "japan")

    assert done.returncode == 1
    path = "content/proposals/p1.yaml"
    assert (
        f"summit merge-driver: {path}: both branches added a proposal p1, with different "
        "content; two delegations' records are never merged into one. Keep one (git checkout "
        f"--ours or --theirs {path}) and table the other under an id of its own (git show "
        f"MERGE_HEAD:{path} > content/proposals/NEW-ID.yaml)"
    ) in done.stderr
    text = (repo / path).read_text(encoding="utf-8")
    ours, theirs = text.split("=======\n")
    assert ours.startswith("<<<<<<< ours\n") and "by: [kor]" in ours and "jpn" not in ours
    assert theirs.endswith(">>>>>>> theirs\n") and "by: [jpn]" in theirs and "kor" not in theirs
    result = summit("check", repo)
    assert result.exit_code == 1
    assert f"{path}:1:1: error: unresolved merge conflict from git" in result.stdout


def test_one_proposal_added_alike_on_two_branches_merges_cleanly(repo: Path) -> None:
    git(repo, "checkout", "--quiet", "-b", "japan")
    table(repo, "jpn", "Share course material among centres.")
    git(repo, "checkout", "--quiet", "main")
    table(repo, "jpn", "Share course material among centres.")
    (repo / "content/proposals/p1.yaml").write_text(
        (repo / "content/proposals/p1.yaml").read_text() + "# Tabled at the first reading.\n"
    )
    commit(repo, "a note")

    done = merge(repo, "japan")

    assert done.returncode == 0, done.stderr
    assert "<<<<<<<" not in (repo / "content/proposals/p1.yaml").read_text(encoding="utf-8")


def test_one_comment_id_added_on_two_branches_is_a_conflict(repo: Path) -> None:
    path = repo / "content" / "comments" / "c1.yaml"
    path.parent.mkdir()
    comment = (
        "id: c1\ndocument: mini-2012\nclause: op2\nby: {party}\ndate: 2026-01-06\ntext: {text}\n"
    )
    git(repo, "checkout", "--quiet", "-b", "japan")
    path.write_text(comment.format(party="jpn", text="Why centres?"), encoding="utf-8")
    git(repo, "add", "content/comments")
    commit(repo, "jpn comments")
    git(repo, "checkout", "--quiet", "main")
    path.parent.mkdir()  # git took it away with Japan's comment
    path.write_text(comment.format(party="kor", text="Which trainers?"), encoding="utf-8")
    git(repo, "add", "content/comments")
    commit(repo, "kor comments")

    done = merge(repo, "japan")

    assert done.returncode == 1
    assert "both branches added a comment c1, with different content" in done.stderr
    text = path.read_text(encoding="utf-8")
    assert text.count("<<<<<<< ours\n") == 1 and "Why centres?" in text
    assert "Which trainers?" in text


def test_a_merge_works_with_summit_not_on_path(tmp_path: Path) -> None:
    """A drafter who runs .venv/bin/summit without activating the venv: git, with a
    PATH that has no summit, still finds the driver `summit init` registered."""
    program = Path(sys.executable).parent / "summit"  # the venv's entry point
    bare = {**os.environ, **GIT_ENV, "PATH": os.pathsep.join(["/usr/bin", "/bin"])}
    bare.pop("VIRTUAL_ENV", None)
    assert shutil.which("summit", path=bare["PATH"]) is None

    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=cwd, env=bare, capture_output=True, text=True, check=False)

    repo = tmp_path / "drafts"
    made = run(str(program), "init", str(repo), "--example", "--commit", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    registered = git(repo, "config", "merge.summit.driver")
    assert registered.startswith(str(program.parent)) and registered.endswith(" %P")
    doc = "content/statements/example-progress-reporting.yaml"
    run("git", "switch", "-q", "-c", "japan", cwd=repo)
    assert run(str(program), "sign", "example-progress-reporting", "jpn", cwd=repo).returncode == 0
    run("git", "commit", "-qam", "Japan signs", cwd=repo)
    run("git", "switch", "-q", "-", cwd=repo)
    edit(repo, "An example draft for learning the tools", "A draft for learning the tools", doc)
    run("git", "commit", "-qam", "Summary", cwd=repo)

    merged = run("git", "merge", "--no-edit", "japan", cwd=repo)

    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "not found" not in merged.stderr
    text = (repo / doc).read_text(encoding="utf-8")
    assert "  - jpn\n" in text and "A draft for learning the tools" in text


def test_init_hooks_repairs_a_driver_registered_by_name(tmp_path: Path) -> None:
    root = tmp_path / "clone"
    root.mkdir()
    git(root, "init", "--quiet")
    git(root, "config", "merge.summit.driver", "summit merge-driver %O %A %B %P")  # as before

    repaired = summit("init", "--hooks", root)

    assert repaired.exit_code == 0 and "set merge.summit.driver" in repaired.stdout
    assert git(root, "config", "merge.summit.driver") == DRIVER
