"""`summit check --verify-attribution`: git's own SSH signature check against [parties]."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import summit, write_minimal_repo
from gitkit import git

STATEMENT = """\
id: draft
title: Draft statement
round: seoul-2012
clauses:
  - id: op1
    text: Work together.
"""


def proposal(name: str, party: str) -> str:
    return (
        f"id: {name}\ndocument: draft\nby: [{party}]\ndate: 2026-01-05\n"
        "changes:\n  - substitute: {clause: op1, text: Work closely together.}\n"
    )


COMMENT = "id: jpn-op1\ndocument: draft\nclause: op1\nby: jpn\ndate: 2026-01-06\ntext: Why?\n"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two delegations' SSH signing keys, made by ssh-keygen."""
    folder = tmp_path_factory.mktemp("keys")
    for party in ("jpn", "kor"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", party, "-f", folder / party],
            check=True,
        )
    return folder


def commit_file(repo: Path, relative: str, text: str, key: Path | None) -> None:
    """Add one file and commit it, signed with `key` (None: unsigned)."""
    path = repo / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    git(repo, "add", relative)
    signing = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={key}"] if key else []
    git(repo, *signing, "commit", "--quiet", *(["-S"] if key else []), "-m", f"add {relative}")


@pytest.fixture
def repo(tmp_path: Path, keys: Path) -> Path:
    root = write_minimal_repo(tmp_path / "repo", {"content/statements/draft.yaml": STATEMENT})
    parties = "\n".join(
        f'{party} = ["{(keys / f"{party}.pub").read_text().strip()}"]' for party in ("jpn", "kor")
    )
    (root / "summitkit.toml").write_text(f"[parties]\n{parties}\n", encoding="utf-8")
    git(root, "init", "--quiet")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "start")
    return root


def test_a_proposal_signed_by_its_delegation_passes(repo: Path, keys: Path) -> None:
    commit_file(repo, "content/proposals/jpn-1.yaml", proposal("jpn-1", "jpn"), keys / "jpn")
    result = summit("check", "--verify-attribution", repo)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_another_delegations_key_and_no_signature_are_both_reported(repo: Path, keys: Path) -> None:
    commit_file(repo, "content/proposals/jpn-1.yaml", proposal("jpn-1", "jpn"), keys / "jpn")
    commit_file(repo, "content/proposals/jpn-2.yaml", proposal("jpn-2", "jpn"), keys / "kor")
    commit_file(repo, "content/comments/jpn-op1.yaml", COMMENT, None)
    forged = git(repo, "rev-parse", "--short=7", "HEAD~1")
    unsigned = git(repo, "rev-parse", "--short=7", "HEAD")

    result = summit("check", "--verify-attribution", repo)

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "content/comments/jpn-op1.yaml:4:5: error: comment attributed to jpn was committed "
        f"unsigned (commit {unsigned}); commit it signed with a key listed for jpn "
        "[attribution/unverified]",
        "content/proposals/jpn-2.yaml:3:5: error: proposal attributed to jpn was committed by "
        f"a key not listed for jpn (commit {forged}) [attribution/unverified]",
    ]


def test_without_the_flag_history_is_not_read(repo: Path) -> None:
    commit_file(repo, "content/comments/jpn-op1.yaml", COMMENT, None)
    assert summit("check", repo).exit_code == 0


def test_a_record_not_committed_yet_is_a_warning(repo: Path) -> None:
    (repo / "content" / "comments").mkdir()
    (repo / "content" / "comments" / "jpn-op1.yaml").write_text(COMMENT, encoding="utf-8")
    result = summit("check", "--verify-attribution", repo)
    assert result.exit_code == 0
    assert result.stdout == (
        "content/comments/jpn-op1.yaml:4:5: warning: comment attributed to jpn is not "
        "committed yet; nothing to verify [attribution/uncommitted]\n"
    )


def test_verifying_without_a_parties_table_is_an_error(repo: Path) -> None:
    (repo / "summitkit.toml").unlink()
    result = summit("check", "--verify-attribution", repo)
    assert result.exit_code == 1
    assert "[attribution/no-parties]" in result.stdout


def test_a_parties_entry_that_is_not_a_key_is_reported(repo: Path) -> None:
    (repo / "summitkit.toml").write_text('[parties]\njpn = ["my key"]\n', encoding="utf-8")
    result = summit("check", repo)
    assert result.exit_code == 1
    assert "'my key' is not an SSH public key" in result.stdout


def test_the_workflow_summit_init_ships_verifies_attribution_when_parties_exist(
    tmp_path: Path,
) -> None:
    assert summit("init", tmp_path / "drafts").exit_code == 0
    workflow = (tmp_path / "drafts" / ".github" / "workflows" / "summit.yml").read_text()
    assert "if grep -q '^\\[parties\\]' summitkit.toml" in workflow
    assert "summit check --format github --strict --verify-attribution" in workflow
