"""`summit check --verify-attribution`: git's own SSH signature check against [parties],
over every commit of each proposal, position and comment."""

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


def proposal(name: str, party: str, extra: str = "") -> str:
    return (
        f"id: {name}\ndocument: draft\nby: [{party}]\ndate: 2026-01-05\n{extra}"
        "changes:\n  - substitute: {clause: op1, text: Work closely together.}\n"
    )


CHN = "id: chn\niso3: CHN\nname: People's Republic of China\nshort_name: China\n"
SIGNERS = ("jpn", "kor", "chn", "chair")


COMMENT = "id: jpn-op1\ndocument: draft\nclause: op1\nby: jpn\ndate: 2026-01-06\ntext: Why?\n"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two delegations' SSH signing keys, made by ssh-keygen."""
    folder = tmp_path_factory.mktemp("keys")
    for party in SIGNERS:
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", party, "-f", folder / party],
            check=True,
        )
    return folder


def commit_file(repo: Path, relative: str, text: str, key: Path | None) -> None:
    """Write one file (add or change it) and commit it, signed with `key` (None: unsigned)."""
    path = repo / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    git(repo, "add", relative)
    commit(repo, key, f"write {relative}")


def commit(repo: Path, key: Path | None, message: str) -> None:
    """Commit what is staged, signed with `key` (None: unsigned)."""
    signing = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={key}"] if key else []
    git(repo, *signing, "commit", "--quiet", *(["-S"] if key else []), "-m", message)


def short(repo: Path, revision: str = "HEAD") -> str:
    return git(repo, "rev-parse", "--short=7", revision)


@pytest.fixture
def repo(tmp_path: Path, keys: Path) -> Path:
    extra = {"content/statements/draft.yaml": STATEMENT, "content/states/chn.yaml": CHN}
    root = write_minimal_repo(tmp_path / "repo", extra)
    summit_round = root / "content/summits/seoul-2012.yaml"
    summit_round.write_text(summit_round.read_text().replace("[jpn, kor]", "[chn, jpn, kor]"))
    listed = {party: (keys / f"{party}.pub").read_text().strip() for party in SIGNERS}
    parties = "\n".join(f'{party} = ["{listed[party]}"]' for party in SIGNERS[:3])
    chair = f'[chair]\nkeys = ["{listed["chair"]}"]\n'
    (root / "summitkit.toml").write_text(f"[parties]\n{parties}\n{chair}", encoding="utf-8")
    git(root, "init", "--quiet")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "start")
    return root


def test_a_proposal_signed_by_its_delegation_passes(repo: Path, keys: Path) -> None:
    commit_file(repo, "content/proposals/jpn-1.yaml", proposal("jpn-1", "jpn"), keys / "jpn")
    result = summit("check", "--verify-attribution", repo)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "attribution: content/proposals/jpn-1.yaml: proposal jpn-1 signed by jpn\n" in (
        result.stderr
    )


def test_another_delegations_key_and_no_signature_are_both_reported(repo: Path, keys: Path) -> None:
    commit_file(repo, "content/proposals/jpn-1.yaml", proposal("jpn-1", "jpn"), keys / "jpn")
    commit_file(repo, "content/proposals/jpn-2.yaml", proposal("jpn-2", "jpn"), keys / "kor")
    commit_file(repo, "content/comments/jpn-op1.yaml", COMMENT, None)
    forged = git(repo, "rev-parse", "--short=7", "HEAD~1")
    unsigned = git(repo, "rev-parse", "--short=7", "HEAD")

    result = summit("check", "--verify-attribution", repo)

    assert result.exit_code == 1
    assert attribution_lines(result.stdout) == [
        "content/comments/jpn-op1.yaml:4:5: error: comment attributed to jpn was committed "
        f"unsigned (commit {unsigned}); every commit of it must be signed with a key listed "
        "for jpn [attribution/unverified]",
        "content/proposals/jpn-2.yaml:3:5: error: proposal attributed to jpn was committed "
        f"with kor's key (commit {forged}), not a key listed for jpn [attribution/unverified]",
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


def verify(repo: Path) -> tuple[int, list[str], str]:
    """`summit check --verify-attribution`: exit code, diagnostics, provenance (stderr)."""
    result = summit("check", "--verify-attribution", repo)
    return result.exit_code, attribution_lines(result.stdout), result.stderr


def attribution_lines(output: str) -> list[str]:
    """The diagnostics of `check` but the collisions the fixtures' proposals make on
    purpose (all of them reword op1), which are not what these tests are about."""
    return [line for line in output.splitlines() if not line.endswith("[proposal/collision]")]


def test_a_later_unsigned_rewrite_of_a_signed_proposal_is_reported(repo: Path, keys: Path) -> None:
    path = "content/proposals/jpn-1.yaml"
    commit_file(repo, path, proposal("jpn-1", "jpn"), keys / "jpn")
    tampered = proposal("jpn-1", "jpn").replace("Work closely together.", "Never work together.")
    commit_file(repo, path, tampered, None)
    unsigned = short(repo)
    commit_file(repo, path, tampered.replace("Never", "Do not ever"), keys / "kor")
    forged = short(repo)

    code, diagnostics, _ = verify(repo)

    assert code == 1
    assert diagnostics == [
        f"{path}:3:5: error: proposal attributed to jpn was changed unsigned (commit "
        f"{unsigned}); every commit of it must be signed with a key listed for jpn "
        "[attribution/unverified]",
        f"{path}:3:5: error: proposal attributed to jpn was changed with kor's key (commit "
        f"{forged}), not a key listed for jpn [attribution/unverified]",
    ]


def test_an_unsigned_rename_to_another_delegations_id_is_an_error(repo: Path, keys: Path) -> None:
    commit_file(repo, "content/proposals/kor-1.yaml", proposal("kor-1", "kor"), keys / "kor")
    git(repo, "mv", "content/proposals/kor-1.yaml", "content/proposals/jpn-1.yaml")
    moved = repo / "content/proposals/jpn-1.yaml"
    moved.write_text(proposal("jpn-1", "jpn"), encoding="utf-8")
    git(repo, "add", "content/proposals")
    commit(repo, None, "kor-1 is Japan's")

    code, diagnostics, _ = verify(repo)

    assert code == 1
    assert diagnostics == [
        "content/proposals/jpn-1.yaml:3:5: error: proposal attributed to jpn was renamed from "
        f"content/proposals/kor-1.yaml unsigned (commit {short(repo)}); every commit of it "
        "must be signed with a key listed for kor [attribution/unverified]"
    ]


def test_a_delegation_cannot_take_over_anothers_proposal_even_signed(
    repo: Path, keys: Path
) -> None:
    commit_file(repo, "content/proposals/kor-1.yaml", proposal("kor-1", "kor"), keys / "kor")
    git(repo, "mv", "content/proposals/kor-1.yaml", "content/proposals/jpn-1.yaml")
    (repo / "content/proposals/jpn-1.yaml").write_text(proposal("jpn-1", "jpn"), "utf-8")
    git(repo, "add", "content/proposals")
    commit(repo, keys / "jpn", "kor-1 is Japan's")

    code, diagnostics, _ = verify(repo)

    assert code == 1
    assert diagnostics == [
        "content/proposals/jpn-1.yaml:3:5: error: proposal attributed to jpn was renamed from "
        f"content/proposals/kor-1.yaml with jpn's key (commit {short(repo)}), not a key "
        "listed for kor [attribution/unverified]"
    ]


def test_a_working_tree_edit_of_a_signed_proposal_is_reported(repo: Path, keys: Path) -> None:
    path = "content/proposals/jpn-1.yaml"
    commit_file(repo, path, proposal("jpn-1", "jpn"), keys / "jpn")
    (repo / path).write_text(proposal("jpn-1", "jpn").replace("closely", "never"), "utf-8")

    code, diagnostics, provenance = verify(repo)

    assert code == 1
    assert diagnostics == [
        f"{path}:3:5: error: proposal attributed to jpn has changes that are not committed "
        "(git diff HEAD): only what is committed signed is verified; commit them signed with "
        "a key listed for jpn, or undo them (git restore) [attribution/uncommitted-change]"
    ]
    assert "jpn-1" not in provenance


JOINT = "supported_by: [chn]\n"


def test_each_co_proposer_and_supporter_must_sign_for_itself(repo: Path, keys: Path) -> None:
    path = "content/proposals/kor-1.yaml"
    commit_file(repo, path, proposal("kor-1", "kor, jpn", JOINT), keys / "kor")

    code, diagnostics, _ = verify(repo)

    assert code == 1
    assert diagnostics == [
        f"{path}:3:5: error: proposal kor-1 names jpn as a proposer, but jpn has not signed it "
        "as it reads now: no commit of it signed with jpn's key since its words last changed, "
        "and no support position of jpn since [attribution/missing-signature]",
        f"{path}:5:15: error: proposal kor-1 names chn as a supporter, but chn has not signed "
        "it as it reads now: no commit of it signed with chn's key since its words last "
        "changed, and no support position of chn since [attribution/missing-signature]",
    ]


def position(name: str, party: str, on: str, extra: str = "") -> str:
    return f"id: {name}\nproposal: {on}\nby: {party}\nstance: support\ndate: 2026-01-07\n{extra}"


def test_a_position_or_a_signed_commit_of_the_supporter_attests_support(
    repo: Path, keys: Path
) -> None:
    path = "content/proposals/kor-1.yaml"
    commit_file(repo, path, proposal("kor-1", "kor, jpn"), keys / "kor")
    support = position("jpn-on-kor-1", "jpn", "kor-1")
    commit_file(repo, "content/positions/jpn-on-kor-1.yaml", support, keys / "jpn")
    commit_file(repo, path, proposal("kor-1", "kor, jpn", JOINT), keys / "chn")

    code, diagnostics, provenance = verify(repo)

    assert (code, diagnostics) == (0, [])
    assert (
        "attribution: content/proposals/kor-1.yaml: proposal kor-1 signed by chn and kor; "
        "supported by jpn (position jpn-on-kor-1)\n"
    ) in provenance

    # Korea rewords the joint proposal: Japan's support was for the old words.
    reworded = proposal("kor-1", "kor, jpn", JOINT).replace("closely", "very closely")
    commit_file(repo, path, reworded, keys / "kor")
    code, diagnostics, _ = verify(repo)
    assert code == 1
    assert [line.split(": error: ")[1].split(",")[0] for line in diagnostics] == [
        "proposal kor-1 names jpn as a proposer",
        "proposal kor-1 names chn as a supporter",
    ]


def test_a_position_committed_with_another_key_is_reported(repo: Path, keys: Path) -> None:
    commit_file(repo, "content/proposals/kor-1.yaml", proposal("kor-1", "kor"), keys / "kor")
    support = position("jpn-on-kor-1", "jpn", "kor-1")
    commit_file(repo, "content/positions/jpn-on-kor-1.yaml", support, keys / "kor")
    code, diagnostics, _ = verify(repo)
    assert code == 1
    assert diagnostics == [
        "content/positions/jpn-on-kor-1.yaml:3:5: error: position attributed to jpn was "
        f"committed with kor's key (commit {short(repo)}), not a key listed for jpn "
        "[attribution/unverified]"
    ]


RECEIPT = (
    "received_from:\n  party: kor\n  file: kor-return.docx\n  sha256: " + "ab12" * 16 + "\n"
    "  authors: [Min-ji Kim]\n  date: 2026-01-08\n  by: chair\n"
)


def test_a_word_return_committed_by_the_chairs_office_is_received_not_signed(
    repo: Path, keys: Path
) -> None:
    path = "content/proposals/kor-2.yaml"
    commit_file(repo, path, proposal("kor-2", "kor", RECEIPT), keys / "chair")

    code, diagnostics, provenance = verify(repo)

    assert (code, diagnostics) == (0, [])
    assert (
        f"attribution: {path}: proposal kor-2 received from kor by the chair's office "
        "(file sha256 ab12ab12ab12…)\n"
    ) in provenance
    assert "signed by kor" not in provenance


def test_a_word_return_committed_unsigned_is_reported(repo: Path, keys: Path) -> None:
    path = "content/proposals/kor-2.yaml"
    commit_file(repo, path, proposal("kor-2", "kor", RECEIPT), None)
    code, diagnostics, _ = verify(repo)
    assert code == 1
    assert [d.rsplit(" ", 1)[1] for d in diagnostics] == ["[attribution/unverified]"]


def test_the_chairs_office_records_decisions_but_cannot_change_the_words(
    repo: Path, keys: Path
) -> None:
    path = "content/proposals/jpn-1.yaml"
    commit_file(repo, path, proposal("jpn-1", "jpn"), keys / "jpn")
    decided = "status: accepted\nhistory:\n  - {fate: accepted, by: chair, date: 2026-01-09}\n"
    commit_file(repo, path, proposal("jpn-1", "jpn", decided), keys / "chair")
    assert verify(repo)[:2] == (0, [])

    reworded = proposal("jpn-1", "jpn", decided).replace("closely", "loosely")
    commit_file(repo, path, reworded, keys / "chair")
    code, diagnostics, _ = verify(repo)
    assert code == 1
    assert diagnostics == [
        f"{path}:3:5: error: proposal attributed to jpn was changed by the chair's office "
        f"(commit {short(repo)}), which changed 'changes': the chair's office records "
        "decisions, only jpn may change its words [attribution/unverified]"
    ]


def test_a_chair_entry_that_is_not_a_key_is_reported(repo: Path) -> None:
    (repo / "summitkit.toml").write_text('[chair]\nkeys = ["office key"]\n', encoding="utf-8")
    result = summit("check", repo)
    assert result.exit_code == 1
    assert result.stdout == (
        "summitkit.toml:1:1: error: [chair]: 'office key' is not an SSH public key; paste the "
        "line of its .pub file (ssh-ed25519 AAAA... name) [settings/chair]\n"
    )


def test_an_unsigned_deletion_of_a_signed_proposal_is_reported(repo: Path, keys: Path) -> None:
    path = "content/proposals/jpn-1.yaml"
    commit_file(repo, path, proposal("jpn-1", "jpn"), keys / "jpn")
    commit_file(repo, "content/proposals/jpn-2.yaml", proposal("jpn-2", "jpn"), keys / "jpn")
    git(repo, "rm", "--quiet", path)
    commit(repo, None, "drop Japan's proposal")
    dropped = short(repo)
    git(repo, "rm", "--quiet", "content/proposals/jpn-2.yaml")
    commit(repo, keys / "jpn", "Japan takes back jpn-2")  # its own to delete

    code, diagnostics, _ = verify(repo)

    assert code == 1
    assert diagnostics == [
        f"{path}: error: proposal jpn-1 attributed to jpn was deleted unsigned (commit "
        f"{dropped}); a decision is recorded in the record, never by deleting it: restore it "
        f"(git checkout {dropped}^ -- {path}) [attribution/unverified]"
    ]


def test_signed_work_merged_from_branches_passes_and_an_evil_merge_does_not(
    repo: Path, keys: Path
) -> None:
    path = "content/proposals/jpn-1.yaml"
    git(repo, "checkout", "--quiet", "-b", "japan")
    commit_file(repo, path, proposal("jpn-1", "jpn"), keys / "jpn")
    git(repo, "checkout", "--quiet", "-")
    commit_file(repo, "content/proposals/kor-1.yaml", proposal("kor-1", "kor"), keys / "kor")
    git(repo, "merge", "--quiet", "--no-ff", "--no-edit", "japan")  # unsigned, changes nothing
    assert verify(repo)[:2] == (0, [])

    git(repo, "checkout", "--quiet", "japan")
    reworded = proposal("jpn-1", "jpn").replace("closely", "very closely")
    commit_file(repo, path, reworded, keys / "jpn")
    git(repo, "checkout", "--quiet", "-")
    git(repo, "merge", "--quiet", "--no-ff", "--no-commit", "japan")
    (repo / path).write_text(reworded.replace("very closely", "never"), encoding="utf-8")
    git(repo, "add", path)
    commit(repo, None, "merge japan")

    code, diagnostics, _ = verify(repo)

    assert code == 1
    assert diagnostics == [
        f"{path}:3:5: error: proposal attributed to jpn was merged unsigned (commit "
        f"{short(repo)}); every commit of it must be signed with a key listed for jpn "
        "[attribution/unverified]"
    ]


def test_a_working_tree_deletion_of_a_signed_record_is_reported(repo: Path, keys: Path) -> None:
    commit_file(repo, "content/comments/jpn-op1.yaml", COMMENT, keys / "jpn")
    (repo / "content/comments/jpn-op1.yaml").unlink()
    code, diagnostics, _ = verify(repo)
    assert code == 1
    assert diagnostics == [
        "content/comments/jpn-op1.yaml: error: record deleted in the working tree and not "
        "committed: commit it signed, or restore it (git restore content/comments/jpn-op1.yaml) "
        "[attribution/uncommitted-change]"
    ]


def test_a_position_received_in_a_word_return_attests_support(repo: Path, keys: Path) -> None:
    commit_file(repo, "content/proposals/kor-1.yaml", proposal("kor-1", "kor", JOINT), keys / "kor")
    received = RECEIPT.replace("party: kor", "party: chn")
    support = position("chn-on-kor-1", "chn", "kor-1", received)
    commit_file(repo, "content/positions/chn-on-kor-1.yaml", support, keys / "chair")

    code, diagnostics, provenance = verify(repo)

    assert (code, diagnostics) == (0, [])
    assert (
        "attribution: content/positions/chn-on-kor-1.yaml: position chn-on-kor-1 received "
        "from chn by the chair's office (file sha256 ab12ab12ab12…)\n"
    ) in provenance
    assert (
        "attribution: content/proposals/kor-1.yaml: proposal kor-1 signed by kor; supported "
        "by chn (position chn-on-kor-1)\n"
    ) in provenance


@pytest.mark.parametrize("first", ["jpn", "kor"])
def test_a_same_id_record_taken_back_on_its_own_branch_does_not_count(
    repo: Path, keys: Path, first: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Japan and Korea each added p1 on a branch (the merge driver refuses the union);
    Japan takes its p1 back on its own branch and the branches merge: p1 is Korea's,
    and only the commits that led to it as it is are Korea's to have signed."""
    path, start = "content/proposals/p1.yaml", git(repo, "branch", "--show-current")
    for day, party in enumerate((first, "jpn" if first == "kor" else "kor"), start=1):
        # git log lists commits by date: the dates say which came first.
        monkeypatch.setenv("GIT_COMMITTER_DATE", f"2026-01-0{day}T10:00:00Z")
        git(repo, "checkout", "--quiet", "-b", party, start)
        commit_file(repo, path, proposal("p1", party), keys / party)
    git(repo, "checkout", "--quiet", "jpn")
    git(repo, "rm", "--quiet", path)
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2026-01-03T10:00:00Z")
    commit_file(repo, "content/proposals/jpn-1.yaml", proposal("jpn-1", "jpn"), keys / "jpn")
    git(repo, "checkout", "--quiet", start)
    for branch in ("kor", "jpn"):
        git(repo, "merge", "--quiet", "--no-ff", "--no-edit", branch)

    code, diagnostics, provenance = verify(repo)

    assert (code, diagnostics) == (0, [])
    assert f"attribution: {path}: proposal p1 signed by kor\n" in provenance
    assert "attribution: content/proposals/jpn-1.yaml: proposal jpn-1 signed by jpn\n" in (
        provenance
    )
