"""Attribution: whether git's history proves that each proposal, position and comment
holds what the delegations it names wrote, and nothing else.

`[parties]` of summitkit.toml lists each delegation's SSH public keys, `[chair]` the
chair's office's. They are written into a temporary allowed-signers file (`PARTY
namespaces="git" KEY`), and git itself verifies every signature (`git log` with
`gpg.ssh.allowedSignersFile`): a good signature names the signer whose key made it.
Nothing here checks a signature by hand.

One `git log` over the three folders (renames followed, a merge shown only where its
result differs from every parent) gives every commit that touched each record file
since it was added, and the commit that deleted each record file there is no more;
of those, only the commits whose result led to the file as it is at HEAD count (a
version another branch wrote under the same name and the merge left out does not).
For each record:

- every such commit is signed by a party the record named before it (the commit that
  adds it: a party it names), so that no delegation writes itself into another's
  record; or by a supporter that changed `supported_by` alone; or by the chair's
  office, which may record decisions (the fields in DECISIONS) and Word returns (a
  new `received_from`), never change a delegation's words otherwise;
- every party in `by` and `supported_by` attested the words as they are now: it signed
  a commit of the record since the words last changed, or a support position of its
  own was committed since, or (the sender of a Word return) the chair's office
  recorded receiving them from it;
- the working tree and the index hold the record as committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summitkit.sources.core.diagnostics import Diagnostic, Position, display_path, error, warning
from summitkit.sources.core.git import (
    NO_BLOB,
    BlobReader,
    GitError,
    allowed_signers,
    list_files,
    run,
)
from summitkit.sources.core.layout import FOLDERS as KINDS
from summitkit.sources.core.settings import ChairOffice
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.records.loader import load_mapping
from summitkit.sources.schema import Comment, Proposal
from summitkit.sources.schema.negotiation import Position as Stand
from summitkit.sources.schema.negotiation import Stance

FOLDERS = ("content/proposals", "content/positions", "content/comments")
CHAIR = "chair-office@summitkit"
"""The chair's office in the allowed-signers file: a principal no delegation id can be."""
#: Where the chair's office records decisions; a change anywhere else is a delegation's.
DECISIONS = {
    "proposal": frozenset({"status", "history", "accepted_changes", "reason", "supported_by"}),
    "position": frozenset[str](),
    "comment": frozenset({"resolved"}),
}
_RECORD, _FIELD = "\x1e", "\x1f"

Attributed = Proposal | Stand | Comment


@dataclass(frozen=True)
class Touch:
    """One commit that added, changed, renamed, merged or deleted a record file, and
    its signature."""

    commit: str
    status: str
    """git's %G?: G good, B bad, U good but unknown key, N none, E cannot check, ..."""
    signer: str
    """Whose key made a good signature (%GS: a delegation id or CHAIR), else ''."""
    action: str
    """What it did: 'committed', 'changed', 'renamed from PATH', 'merged' or 'deleted'."""
    before: tuple[str, ...]
    """The file's blob in each parent (NO_BLOB where it had none)."""
    after: str

    @property
    def good(self) -> str:
        """The signer, when git verified the signature against a listed key; else ''."""
        return self.signer if self.status == "G" else ""


@dataclass
class Log:
    """What one `git log` over FOLDERS says of the record files."""

    touches: dict[str, list[Touch]]
    """For each record file there is now, every commit that touched it, newest first,
    followed back through renames."""
    deleted: dict[str, Touch]
    """For each record file there is no more, the commit that deleted it."""
    order: dict[str, int]
    """Each commit's place in the log: 0 is the newest."""
    heads: dict[str, str] = field(default_factory=dict)
    """Each record file's blob at HEAD."""

    def lineage(self, path: str) -> list[Touch]:
        """The touches of `path` whose result led to the file as committed at HEAD,
        newest first: not those of a version another branch wrote and the merge left
        out (a same-id record a delegation took back on its own branch)."""
        live, kept = {self.heads.get(path, NO_BLOB)}, []
        for touch in self.touches[path]:
            if touch.after in live:
                kept.append(touch)
                live.update(touch.before)
        return kept


def history(root: Path, signers: Path, paths: Iterable[str]) -> Log:
    """Every commit that touched each record file (`paths`, relative to `root`)."""
    out = run(
        root, "-c", f"gpg.ssh.allowedSignersFile={signers}", "log", "--raw", "--no-abbrev",
        "-M", "--cc", "--relative", f"--format={_RECORD}%H{_FIELD}%G?{_FIELD}%GS",
        "--", *FOLDERS,
    )  # fmt: skip
    # A name in an older commit → the files now that may descend from it: on different
    # branches one name can have two histories (a same-id record, a rename onto a name
    # still in use); Log.lineage keeps, for each file, the touches that led to it.
    alias = {path: {path} for path in paths}
    log = Log({path: [] for path in alias}, {}, {})
    seen = set(alias)  # names whose newest event is behind us
    for entry in out.split(_RECORD)[1:]:
        head, _, body = entry.partition("\n")
        commit, status, signer = head.split(_FIELD)
        log.order[commit] = len(log.order)
        for line in body.splitlines():
            meta, _, names = line.partition("\t")
            parents = len(meta) - len(meta.lstrip(":"))
            if not parents or not names:
                continue
            fields = meta[parents:].split(" ")  # modes, blobs (one per parent, then the result)
            blobs, letters = fields[parents + 1 : 2 * parents + 2], fields[-1]
            old, _, new = names.rpartition("\t")
            if new not in seen and letters == "D":
                log.deleted[new] = Touch(commit, status, signer, "deleted", (blobs[0],), NO_BLOB)
            seen.update(name for name in (old, new) if name)
            if new not in alias:
                continue
            # Older commits knew the file by its old name, or (before it was added) not at
            # all; a merge's letters are one per parent, and its parents' history goes on.
            if parents > 1:
                action = "merged"
            elif letters[0] == "R":
                action = f"renamed from {old}"
                alias.setdefault(old, set()).update(alias[new])
            elif letters[0] == "A":
                action = "committed"
            else:
                action = "changed"
            for current in alias[new]:
                log.touches[current].append(
                    Touch(commit, status, signer, action, tuple(blobs[:-1]), blobs[-1])
                )
    log.heads = {path: entry.blob for path, entry in list_files(root, "HEAD", FOLDERS).items()}
    return log


def uncommitted_changes(root: Path) -> set[str]:
    """Record files (relative to `root`) whose index or working tree differs from HEAD."""
    try:
        out = run(root, "diff", "HEAD", "--name-only", "--relative", "--", *FOLDERS)
    except GitError:  # no commit yet: nothing is committed to differ from
        return set()
    return set(out.splitlines())


@dataclass
class Verdict:
    """What the history of one record proves."""

    problems: list[Diagnostic] = field(default_factory=list)
    attested: dict[str, str] = field(default_factory=dict)
    """Party → how it attested the record's present words ('signed', 'received ...')."""
    words_changed: int = -1
    """Position in the log of the newest commit that changed the words (-1: none)."""


@dataclass
class Attribution:
    """`--verify-attribution`'s result: the diagnostics, and one line for each record
    whose history holds, saying how each of its parties attested it."""

    diagnostics: list[Diagnostic]
    provenance: list[str]


def verify_attribution(
    root: Path,
    corpus: Corpus,
    parties: dict[str, tuple[str, ...]],
    chair: ChairOffice | None = None,
) -> Attribution:
    """Whether git's history proves each proposal, position and comment (see the module)."""
    chair = chair or ChairOffice()
    if not parties:
        message = (
            "--verify-attribution needs a [parties] table in summitkit.toml: each "
            "delegation's SSH public keys"
        )
        return Attribution(
            [error(Position("summitkit.toml"), message, "attribution/no-parties")], []
        )
    records: list[Attributed] = sorted(
        [*corpus.proposals.values(), *corpus.positions.values(), *corpus.comments.values()],
        key=lambda r: (r.kind, r.id),
    )
    paths = {(r.kind, r.id): display_path(corpus.path_of(r), root) for r in records}
    try:
        with allowed_signers({**parties, CHAIR: chair.keys}) as signers:
            log = history(root, signers, paths.values())
        dirty = uncommitted_changes(root)
        with BlobReader(root) as reader:
            verdicts = {
                key: _History(reader, corpus, record, log.order).verify(log.lineage(paths[key]))
                for record in records
                for key in [(record.kind, record.id)]
            }
            problems = [*_deletions(root, reader, log, dirty - set(paths.values()))]
    except GitError as exc:
        message = f"cannot read git history: {exc}"
        return Attribution([error(Position("summitkit.toml"), message, "attribution/git")], [])
    provenance: list[str] = []
    touched = log.touches
    for record in records:
        key, verdict = (record.kind, record.id), verdicts[(record.kind, record.id)]
        where = corpus.origins[key].position(("by",))
        if paths[key] in dirty:
            problems.append(_uncommitted_change(where, record))
        if not touched[paths[key]]:
            if paths[key] not in dirty:
                problems.append(_not_committed(where, record))
            continue
        found = [*verdict.problems, *_unattested(record, verdict, verdicts, where, corpus)]
        problems += found
        if not found and paths[key] not in dirty:
            provenance.append(f"{paths[key]}: {record.kind} {record.id} {_said(verdict)}")
    return Attribution(problems, provenance)


def _deletions(root: Path, reader: BlobReader, log: Log, gone: set[str]) -> Iterator[Diagnostic]:
    """Record files deleted by a commit that no party they named and not the chair's
    office signed, or deleted in the working tree and not committed."""
    for path, touch in sorted(log.deleted.items()):
        old = _History.parse(reader.read(touch.before[0]))
        by = old.get("by")
        named = [str(p) for p in by] if isinstance(by, list) else [str(by)]
        if touch.good in [*named, CHAIR]:
            continue
        kind = KINDS.get(Path(path).parent.as_posix(), "record")
        signed = "unsigned" if touch.status == "N" else "by a key not listed for them"
        message = (
            f"{kind} {old.get('id', Path(path).stem)} attributed to {' and '.join(named)} was "
            f"deleted {signed} (commit {touch.commit[:7]}); a decision is recorded in the "
            f"record, never by deleting it: restore it (git checkout {touch.commit[:7]}^ -- "
            f"{path})"
        )
        yield error(Position(path, 0), message, "attribution/unverified")
    for path in sorted(gone):
        if not (root / path).exists():
            message = "record deleted in the working tree and not committed: commit it signed, "
            message += f"or restore it (git restore {path})"
            yield error(Position(path, 0), message, "attribution/uncommitted-change")


def _named(record: Attributed) -> list[str]:
    return list(record.by) if isinstance(record.by, list) else [record.by]


def _who(record: Attributed) -> str:
    return " and ".join(_named(record))


class _History:
    """The walk through one record's commits, oldest first."""

    def __init__(
        self, reader: BlobReader, corpus: Corpus, record: Attributed, order: dict[str, int]
    ) -> None:
        self.reader, self.record, self.order = reader, record, order
        self.versions: dict[str, dict[str, Any]] = {}
        self.where = corpus.origins[(record.kind, record.id)].position(("by",))
        self.decisions = DECISIONS[record.kind]

    def verify(self, touches: list[Touch]) -> Verdict:
        verdict = Verdict()
        for touch in reversed(touches):
            after = self.read(touch.after)
            befores: list[dict[str, Any] | None] = [self.read(b) for b in touch.before]
            befores = befores or [None]
            changed = min((self.changed(b, after) for b in befores), key=len)
            words = bool(changed - self.decisions)
            signer, receipt = touch.good, after.get("received_from")
            new_receipt = isinstance(receipt, dict) and all(
                b is None or b.get("received_from") != receipt for b in befores
            )
            # Who may change a record is who it named before the change (who it names,
            # for the commit that adds it): a delegation cannot write itself in and
            # take over another's proposal, nor lose its own past commits by leaving.
            known = [b for b in befores if b]
            entitled = {p for b in known or [after] for p in self.parties(b, "by")}
            supporters = {p for b in [*known, after] for p in self.parties(b, "supported_by")}
            if words:
                verdict.attested, verdict.words_changed = {}, self.order.get(touch.commit, -1)
            if signer in entitled:
                verdict.attested[signer] = "signed"
            elif signer == CHAIR and new_receipt and isinstance(receipt, dict):
                verdict.attested[str(receipt.get("party"))] = _received(receipt)
            elif signer == CHAIR and not words:
                continue  # a decision recorded: the chair's office's to record
            elif signer and changed <= {"supported_by"} and signer in supporters:
                verdict.attested[signer] = "signed"  # a supporter added (or took off) itself
            else:
                verdict.problems.append(self.refuse(touch, changed, sorted(entitled)))
        return verdict

    @staticmethod
    def parties(version: dict[str, Any], name: str) -> list[str]:
        """The parties a version of the record names in field `name` (a list or one id)."""
        found = version.get(name)
        return [str(p) for p in found] if isinstance(found, list) else [str(found)] * bool(found)

    def read(self, blob: str) -> dict[str, Any]:
        if blob not in self.versions:  # each commit's "after" is the next one's "before"
            self.versions[blob] = {} if blob == NO_BLOB else self.parse(self.reader.read(blob))
        return self.versions[blob]

    @staticmethod
    def parse(data: bytes) -> dict[str, Any]:
        """A version of a record file as a mapping (one no record can equal, if it is none)."""
        # Through the one loader: a blob of history is as untrusted as the working tree.
        record = load_mapping(data, "blob")
        return record if record is not None else {"": data}

    @staticmethod
    def changed(before: dict[str, Any] | None, after: dict[str, Any]) -> set[str]:
        """The fields a commit changed (all of them, for a file it added)."""
        before = before or {}
        return {key for key in {*before, *after} if before.get(key) != after.get(key)}

    def refuse(self, touch: Touch, changed: set[str], entitled: list[str]) -> Diagnostic:
        record, short = self.record, touch.commit[:7]
        allowed = " or ".join(entitled or _named(record))
        head = f"{record.kind} attributed to {_who(record)} was {touch.action}"
        if touch.status == "N":
            message = f"{head} unsigned (commit {short}); every commit of it must be signed "
            message += f"with a key listed for {allowed}"
        elif touch.good == CHAIR:
            words = ", ".join(f"'{name}'" for name in sorted(changed - self.decisions))
            message = f"{head} by the chair's office (commit {short}), which changed {words}: "
            message += f"the chair's office records decisions, only {allowed} may change "
            message += "its words"
        elif touch.good:
            message = f"{head} with {touch.good}'s key (commit {short}), not a key listed "
            message += f"for {allowed}"
        else:
            message = f"{head} by a key not listed for {allowed} (commit {short})"
        return error(self.where, message, "attribution/unverified")


def _received(receipt: dict[str, Any]) -> str:
    digest = str(receipt.get("sha256", ""))[:12]
    return f"received from {receipt.get('party')} by the chair's office (file sha256 {digest}…)"


def _unattested(
    record: Attributed,
    verdict: Verdict,
    verdicts: dict[tuple[str, str], Verdict],
    where: Position,
    corpus: Corpus,
) -> list[Diagnostic]:
    """One error for each party the record names that has not attested its present words."""
    if isinstance(record, Proposal):
        for stand in corpus.positions_on(record.id):
            own = verdicts[(stand.kind, stand.id)]
            attested = stand.by in own.attested and not own.problems
            since = own.words_changed < verdict.words_changed  # newer: nearer the log's top
            if attested and since and stand.stance == Stance.SUPPORT and stand.change is None:
                verdict.attested.setdefault(stand.by, f"position {stand.id}")
    roles = [
        (p, "a proposer" if record.kind == "proposal" else "its author") for p in _named(record)
    ]
    if isinstance(record, Proposal):
        roles += [(p, "a supporter") for p in record.supported_by]
    problems = []
    for party, role in roles:
        if party in verdict.attested or verdict.problems:
            continue
        where_field = "supported_by" if role == "a supporter" else "by"
        message = (
            f"{record.kind} {record.id} names {party} as {role}, but {party} has not "
            f"signed it as it reads now: no commit of it signed with {party}'s key since its "
            f"words last changed"
        )
        if isinstance(record, Proposal):
            message += f", and no support position of {party} since"
        position = corpus.origins[(record.kind, record.id)].position((where_field,))
        problems.append(error(position, message, "attribution/missing-signature"))
    return problems


def _said(verdict: Verdict) -> str:
    """How the parties attested a record, grouped: 'signed by jpn and kor; received ...'."""
    ways: dict[str, list[str]] = {}
    for party, how in verdict.attested.items():
        ways.setdefault(how, []).append(party)
    said = []
    for how, who in ways.items():
        names = " and ".join(sorted(who))
        if how == "signed":
            said.append(f"signed by {names}")
        elif how.startswith("position "):
            said.append(f"supported by {names} ({how})")
        else:
            said.append(how)
    return "; ".join(said)


def _uncommitted_change(where: Position, record: Attributed) -> Diagnostic:
    message = (
        f"{record.kind} attributed to {_who(record)} has changes that are not committed "
        "(git diff HEAD): only what is committed signed is verified; commit them signed "
        f"with a key listed for {' or '.join(_named(record))}, or undo them (git restore)"
    )
    return error(where, message, "attribution/uncommitted-change")


def _not_committed(where: Position, record: Attributed) -> Diagnostic:
    message = f"{record.kind} attributed to {_who(record)} is not committed yet; nothing to verify"
    return warning(where, message, "attribution/uncommitted")
