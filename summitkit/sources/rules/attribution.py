"""Attribution: whether the commit that introduced each proposal and comment was signed
by a key allowed to speak for the delegation the record names.

`[parties]` of summitkit.toml lists each delegation's SSH public keys. They are
written into a temporary allowed-signers file (`PARTY namespaces="git" KEY`), and
git itself verifies every signature (`git log --show-signature` with
`gpg.ssh.allowedSignersFile`): a good signature names the delegation whose key
made it. Nothing here checks a signature by hand.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from summitkit.sources.core.diagnostics import Diagnostic, Position, display_path, error, warning
from summitkit.sources.core.git import GitError, run
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import Comment, Proposal

FOLDERS = ("content/proposals", "content/comments")
_RECORD, _FIELD = "\x1e", "\x1f"


@dataclass(frozen=True)
class Introduced:
    """The commit that added a file, and what git says of its signature."""

    commit: str
    status: str
    """git's %G?: G good, B bad, U good but unknown key, N none, E cannot check, ..."""
    signer: str
    """The delegation whose key made a good signature (%GS), else ''."""


def introductions(root: Path, parties: dict[str, tuple[str, ...]]) -> dict[str, Introduced]:
    """For each file under FOLDERS (relative to `root`), the latest commit that added it."""
    with tempfile.TemporaryDirectory(prefix="summit-signers-") as scratch:
        signers = Path(scratch) / "allowed_signers"
        lines = [
            f'{party} namespaces="git" {key}' for party, keys in parties.items() for key in keys
        ]
        signers.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out = run(
            root,
            "-c",
            f"gpg.ssh.allowedSignersFile={signers}",
            "log",
            "--diff-filter=A",
            "--relative",
            "--name-only",
            f"--format={_RECORD}%H{_FIELD}%G?{_FIELD}%GS",
            "--",
            *FOLDERS,
        )
    found: dict[str, Introduced] = {}
    for entry in out.split(_RECORD)[1:]:
        head, _, names = entry.partition("\n")
        commit, status, signer = head.split(_FIELD)
        for name in names.split("\n"):
            if name.strip():
                found.setdefault(name.strip(), Introduced(commit, status, signer))  # newest first
    return found


def verify_attribution(
    root: Path, corpus: Corpus, parties: dict[str, tuple[str, ...]]
) -> list[Diagnostic]:
    """One diagnostic for each proposal or comment whose introducing commit does not prove
    its delegation wrote it."""
    if not parties:
        return [
            error(
                Position("summitkit.toml"),
                "--verify-attribution needs a [parties] table in summitkit.toml: each "
                "delegation's SSH public keys",
                "attribution/no-parties",
            )
        ]
    try:
        added = introductions(root, parties)
    except GitError as exc:
        return [
            error(Position("summitkit.toml"), f"cannot read git history: {exc}", "attribution/git")
        ]
    records: Iterable[Proposal | Comment] = [*corpus.proposals.values(), *corpus.comments.values()]
    problems = []
    for record in sorted(records, key=lambda r: (r.kind, r.id)):
        path = corpus.path_of(record)
        where = corpus.origins[(record.kind, record.id)].position(("by",))
        by = [record.by] if isinstance(record.by, str) else list(record.by)
        who = " and ".join(by)
        introduced = added.get(display_path(path, root))
        if introduced is None:
            problems.append(
                warning(
                    where,
                    f"{record.kind} attributed to {who} is not committed yet; nothing to verify",
                    "attribution/uncommitted",
                )
            )
            continue
        if introduced.status == "G" and introduced.signer in by:
            continue
        short = introduced.commit[:7]
        if introduced.status == "N":
            message = (
                f"{record.kind} attributed to {who} was committed unsigned (commit {short}); "
                f"commit it signed with a key listed for {' or '.join(by)}"
            )
        else:
            message = (
                f"{record.kind} attributed to {who} was committed by a key not listed for "
                f"{' or '.join(by)} (commit {short})"
            )
        problems.append(error(where, message, "attribution/unverified"))
    return problems
