"""The git wrapper: clear errors, revisions, exports that touch nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from diffkit import Drafts, snapshot
from gitkit import AUTHOR, git

from summitkit.diff.sides import SideError, parse_side, plan
from summitkit.sources.check.project import check
from summitkit.sources.core import git as wrapper


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    drafts = Drafts(tmp_path / "repo")
    drafts.commit("First draft", tag="v1")
    drafts.statement(status="circulated")
    drafts.commit("Second draft")
    return drafts.root


def test_a_failing_command_raises_with_git_s_own_words(repo: Path) -> None:
    with pytest.raises(wrapper.GitError) as caught:
        wrapper.run(repo, "cat-file", "-p", "no-such-object")
    message = str(caught.value)
    assert "'git cat-file -p no-such-object' failed" in message
    assert "no-such-object" in message.split("failed:", 1)[1]


def test_revisions_resolve_to_commits_and_options_never_do(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD")
    assert wrapper.resolve_commit(repo, "HEAD") == head
    assert wrapper.resolve_commit(repo, "v1") == git(repo, "rev-parse", "HEAD~1")
    assert wrapper.resolve_commit(repo, "no-such-branch") is None
    assert wrapper.resolve_commit(repo, "--all") is None
    assert wrapper.resolve_commit(repo.parent, "HEAD") is None  # not a repository


def test_export_reads_a_revision_without_touching_the_work_tree(repo: Path, tmp_path: Path) -> None:
    (repo / "content/states/aut.yaml").write_text("changed: yes\n", "utf-8")
    before = snapshot(repo)
    target = tmp_path / "export"
    wrapper.export_corpus(repo, git(repo, "rev-parse", "v1"), target)
    assert snapshot(repo) == before
    assert sorted(p.name for p in target.iterdir()) == ["content", "gifts"]
    exported = (target / "content/statements/joint-2012.yaml").read_text("utf-8")
    assert "status: draft" in exported
    assert not check(target).errors  # the same loader and validator as the working tree


def test_export_of_a_repository_in_a_subfolder(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    outer.mkdir()
    git(outer, "init", "-q", "-b", "main")
    drafts = Drafts.__new__(Drafts)
    drafts.root = outer / "drafting"
    drafts.root.mkdir()
    drafts.base()
    git(outer, "add", "-A")
    git(outer, "commit", "-q", "-m", "nested")
    target = tmp_path / "export"
    wrapper.export_corpus(drafts.root, "HEAD", target)
    assert (target / "content/statements/joint-2012.yaml").is_file()
    # A revision's files are named relative to the drafting folder, not the repository.
    (outer / "content").mkdir()
    (outer / "content" / "outside.yaml").write_text("id: outside\n", "utf-8")
    git(outer, "add", "-A")
    git(outer, "commit", "-q", "-m", "a file of the outer project")
    files = wrapper.list_files(drafts.root, "HEAD")
    assert "content/statements/joint-2012.yaml" in files
    assert not any("outside" in name or name.startswith("drafting/") for name in files)
    blob = files["content/states/jpn.yaml"].blob
    assert blob == git(outer, "rev-parse", "HEAD:drafting/content/states/jpn.yaml")


def test_commit_info_and_tags(repo: Path) -> None:
    [info] = wrapper.commit_infos(repo, "HEAD")
    assert info.author == AUTHOR and info.short == git(repo, "rev-parse", "--short", "HEAD")
    assert info.sha == git(repo, "rev-parse", "HEAD") and info.date.startswith("20")
    first, head, again = wrapper.commit_infos(repo, "v1", "HEAD", "main")  # in the order asked
    assert (first.sha, head) == (git(repo, "rev-parse", "v1^{commit}"), info)
    assert again == head and first.timestamp <= head.timestamp
    tags = wrapper.list_tags(repo, "v*")
    assert [(t.name, t.author, t.subject) for t in tags] == [("v1", AUTHOR, "v1")]


def test_sides_name_what_they_mean(repo: Path) -> None:
    assert parse_side(repo, "HEAD").record is None
    assert parse_side(repo, "v1:joint-2012").record == "joint-2012"
    worktree = parse_side(repo, "joint-2012")
    assert (worktree.revision, worktree.record) == (None, "joint-2012")
    old, new = plan(repo, "joint-2012", None)
    assert (old.revision, new.revision) == ("HEAD", None)
    old, new = plan(repo, "v1", "joint-2012")
    assert (old.revision, old.record, new.record) == ("v1", "joint-2012", "joint-2012")
    with pytest.raises(SideError, match="after the ':' comes a record id"):
        parse_side(repo, "HEAD:content/statements/joint-2012.yaml")


def test_an_older_revision_s_files_are_the_newer_one_s_changed_back(repo: Path) -> None:
    """`files_before` spares `summit diff` a second `ls-tree`: it must give what that would."""
    (repo / "content/states/aut.yaml").unlink()  # removed
    (repo / "content/states/new.yaml").write_text("id: new\n", "utf-8")  # added
    (repo / "content/states/jpn.yaml").write_text("id: jpn\nname: Japan\n", "utf-8")  # changed
    (repo / "content/states/link.yaml").symlink_to("jpn.yaml")  # a link: mode 120000
    git(repo, "add", "-A")
    head = git(repo, "rev-parse", "HEAD")  # a submodule: another repository's commit
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{head},content/states/sub.yaml")
    git(repo, "commit", "-q", "-m", "states moved")
    (repo / "content/states/link.yaml").unlink()
    (repo / "content/states/link.yaml").write_text("id: link\n", "utf-8")  # link → file
    git(repo, "rm", "-q", "--cached", "content/states/sub.yaml")
    (repo / "content/states/sub.yaml").write_text("id: sub\n", "utf-8")  # submodule → file
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the link and the submodule are files now")
    assert "content/states/sub.yaml" not in wrapper.list_files(repo, "HEAD~1")
    for old in ("HEAD~1", "HEAD~2", "v1"):
        changes = wrapper.changed_files(repo, old, "HEAD")
        assert changes, old
        rebuilt = wrapper.files_before(wrapper.list_files(repo, "HEAD"), changes)
        assert rebuilt == wrapper.list_files(repo, old), old
