"""The two sides of `summit diff`: what each names, and its validated corpus.

A side is one of (tried in this order):

* `ID/revN` where the tag `ID/revN` exists: record ID at that named version;
* `REV:ID`: record ID at git revision REV;
* `REV`: the whole corpus at a git revision (a SHA, `HEAD~2`, a tag, a branch);
* `ID`: record ID in the working tree.

A text that is both a revision and a record id is ambiguous and refused.
NEW defaults to the working tree, in the shape of OLD: a corpus for a
revision, the same record for a record; `summit diff ID` alone compares ID at
HEAD with the working tree. When one side names a record and the other only a
revision, the revision side means the same record at that revision.

Only what differs is read: `git diff-tree` (or, against the working tree, the
blob ids of its files) says which record files changed; those, and the records
they cite, are read from git objects or from the working tree and checked by
`summitkit.sources.check.subset`; a record whose blob is the same on both sides is
not loaded at all. `ID1 ID2` reads those two records and what they cite.
Two revisions cost one `git ls-tree` (of the newer one: the older one's files
are those with `git diff-tree`'s changes undone) and one `git log` for both
sides' commits.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from summitkit.diff.changes import Side
from summitkit.sources.check.cache import RecordCache
from summitkit.sources.check.subset import (
    RevisionFiles,
    WorkingFiles,
    changed_paths,
    check_subset,
    kind_of,
    record_paths,
    settings_of,
)
from summitkit.sources.core import git
from summitkit.sources.core.layout import FOLDERS, SUFFIXES
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import SLUG_PATTERN, Document, Record

WORKING_TREE = "working tree"
_SLUG = re.compile(SLUG_PATTERN)
_VERSION_TAG = re.compile(r"^(?P<id>[a-z0-9][a-z0-9-]*)/rev(?P<rev>[0-9]+)$")


class SideError(Exception):
    """A side names nothing, or more than one thing: a usage error."""


class SideFailed(Exception):
    """A side's corpus does not validate, or git failed: the content failed."""

    def __init__(self, message: str, lines: list[str] | None = None) -> None:
        super().__init__(message)
        self.lines = lines or []


@dataclass(frozen=True)
class Spec:
    """What one side names."""

    text: str
    """As the user typed it."""
    revision: str | None
    """The git revision, or None for the working tree."""
    commit: str | None
    record: str | None
    """A record id, or None for the whole corpus."""

    @property
    def label(self) -> str:
        return self.revision if self.revision is not None else WORKING_TREE

    @property
    def record_label(self) -> str:
        """How a record side reads: `ID (working tree)`, `REV:ID` or `ID/revN`."""
        if self.revision is None:
            return f"{self.record} ({WORKING_TREE})"
        if self.text == self.revision and _VERSION_TAG.match(self.text):
            return self.text
        return f"{self.revision}:{self.record}"


def parse_side(root: Path, text: str) -> Spec:
    """Decide what a side names; raise SideError saying what was tried."""
    tagged = _VERSION_TAG.match(text)
    if tagged and git.tag_exists(root, text):
        return Spec(text, text, git.resolve_commit(root, text), tagged["id"])
    if tagged and record_files(root, tagged["id"]) and not git.resolve_commit(root, text):
        raise SideError(
            f"no named version '{text}': there is no tag '{text}' "
            f"(list the versions with 'summit versions {tagged['id']}')"
        )
    if ":" in text:
        revision, _, record = text.rpartition(":")
        if not _SLUG.match(record):
            raise SideError(f"'{text}': after the ':' comes a record id, not '{record}'")
        commit = git.resolve_commit(root, revision)
        if commit is None:
            raise SideError(
                f"'{text}': '{revision}' is not a revision of the git repository at {root}"
            )
        return Spec(text, revision, commit, record)
    commit = git.resolve_commit(root, text)
    files = record_files(root, text)
    if commit and files:
        raise SideError(
            f"'{text}' is ambiguous: both a git revision ({commit[:12]}) and a record in the "
            f"working tree ({', '.join(files)}); write 'REV:{text}' for the record at a "
            f"revision, or '{text}^{{commit}}' for the revision"
        )
    if commit:
        return Spec(text, text, commit, None)
    if files:
        return Spec(text, None, None, text)
    tried = "tried it as a git revision and as a record id in " + ", ".join(
        f"{folder}/" for folder in FOLDERS
    )
    raise SideError(f"'{text}' is neither a git revision nor a record ({tried})")


def record_files(root: Path, id: str) -> list[str]:
    """The working tree's record files named after `id`."""
    if not _SLUG.match(id):
        return []
    return [
        f"{folder}/{id}{suffix}"
        for folder in FOLDERS
        for suffix in SUFFIXES
        if (root / folder / f"{id}{suffix}").is_file()
    ]


def plan(root: Path, old_text: str, new_text: str | None) -> tuple[Spec, Spec]:
    """Both sides, with NEW's default and the mixed forms filled in."""
    old = parse_side(root, old_text)
    if new_text is None:
        if old.revision is None:
            head = git.resolve_commit(root, "HEAD")
            if head is None:
                raise SideError(
                    f"nothing to compare '{old_text}' with: there is no git HEAD; give NEW"
                )
            old = Spec(old_text, "HEAD", head, old.record)
        return old, Spec(WORKING_TREE, None, None, old.record)
    new = parse_side(root, new_text)
    if old.record is None and new.record is not None:
        old = replace(old, record=new.record)
    elif new.record is None and old.record is not None:
        new = replace(new, record=old.record)
    return old, new


@dataclass
class Loaded:
    side: Side
    corpus: Corpus
    """The records compared and the ones they cite."""
    compared: set[tuple[str, str]]
    """(kind, id) of the records that differ from the other side (or that were named)."""
    unchanged: int = 0
    """Records on this side whose file is the same on the other: not loaded."""
    paths: tuple[str, ...] = ()
    """The record files chosen (those of `compared`), sorted."""


Source = WorkingFiles | RevisionFiles


@contextlib.contextmanager
def opened(root: Path) -> Iterator[tuple[git.BlobReader, RecordCache]]:
    """One `git cat-file --batch` for both sides, and the record cache, saved at the end."""
    cache = RecordCache.open(root)
    with git.BlobReader(root) as reader:
        yield reader, cache
    cache.save()


def files_of(root: Path, spec: Spec, reader: git.BlobReader) -> Source:
    if spec.revision is None:
        return WorkingFiles(root)
    assert spec.commit is not None
    return RevisionFiles.open(root, spec.commit, reader)


def sides_of(root: Path, *specs: Spec) -> list[Side]:
    """How each side is labelled: its revision's commit, author and date (one `git log`)."""
    commits = [spec.commit for spec in specs if spec.commit is not None]
    infos = iter(git.commit_infos(root, *commits) if commits else [])
    sides = []
    for spec in specs:
        if spec.commit is None:
            sides.append(Side(WORKING_TREE))
        else:
            info = next(infos)
            sides.append(Side(spec.label, info.sha, info.short, info.author, info.date))
    return sides


def load_side(root: Path, spec: Spec) -> Loaded:
    """One side on its own: the record it names and what that cites (every record,
    for a side that names none), validated; SideFailed when they do not validate."""
    with opened(root) as (reader, cache):
        try:
            files = files_of(root, spec, reader)
        except git.GitError as exc:
            raise SideFailed(str(exc)) from None
        chosen = set(record_paths(files, spec.record)) if spec.record else files.paths()
        try:
            [side] = sides_of(root, spec)
        except git.GitError as exc:
            raise SideFailed(str(exc)) from None
        return check_side(root, spec, side, files, chosen, cache)


def check_side(
    root: Path, spec: Spec, side: Side, files: Source, chosen: set[str], cache: RecordCache
) -> Loaded:
    """The chosen records of a side, validated; SideFailed when they do not validate.

    For one record, the side's proposals come along (unvalidated), so that each change
    is credited to the delegations whose accepted proposal made it."""
    context: set[str] = set()
    if spec.record is not None:
        context = {path for path in files.paths() if kind_of(path) == "proposal"}
    try:
        subset = check_subset(root, files, chosen, cache, settings_of(files), context)
    except git.GitError as exc:
        raise SideFailed(str(exc)) from None
    if subset.errors:
        where = "" if spec.revision is None else f"{spec.revision}:"
        raise SideFailed(
            f"the corpus at {spec.label} does not validate; compare valid revisions",
            [f"{where}{d}" for d in subset.errors],
        )
    return Loaded(side, subset.corpus, subset.chosen, paths=tuple(sorted(chosen)))


def find_record(loaded: Loaded, spec: Spec) -> Record:
    """The record a side names, preferring statements and gift baskets."""
    assert spec.record is not None
    corpus = loaded.corpus
    named = [kind for kind, id in loaded.compared if id == spec.record]
    found = [r for kind in named if (r := corpus.get(kind, spec.record)) is not None]
    documents = [r for r in found if isinstance(r, Document)]
    if len(documents) == 1:
        return documents[0]
    if len(found) == 1:
        return found[0]
    if found:
        kinds = ", ".join(sorted(r.kind for r in found))
        raise SideError(f"'{spec.text}' is ambiguous: records of several kinds ({kinds})")
    raise SideError(
        f"'{spec.text}': no record '{spec.record}' in the corpus at {spec.label} "
        f"(looked in {', '.join(f'{f}/' for f in FOLDERS)})"
    )


def load_sides(root: Path, old: Spec, new: Spec) -> tuple[Loaded, Loaded]:
    """What both sides need: the records that differ (or the ones named), read once
    when both sides are the same revision."""
    with opened(root) as (reader, cache):
        try:
            old_side, new_side = sides_of(root, old, new)
            new_files = files_of(root, new, reader)
            changed: set[str] | None = None  # the record files that differ, where known
            if new.commit == old.commit:
                old_files, changed = new_files, set()
            elif isinstance(new_files, RevisionFiles) and old.commit is not None:
                # Two revisions: the older one's files are the newer one's, changed back.
                changes = git.changed_files(root, old.commit, new_files.commit)
                old_tree = git.files_before(new_files.tree, changes)
                old_files = RevisionFiles(old.commit, old_tree, reader)
                changed = {c.path for c in changes if kind_of(c.path) is not None}
            else:
                old_files = files_of(root, old, reader)
        except git.GitError as exc:
            raise SideFailed(str(exc)) from None
        if old.record is not None:
            assert new.record is not None
            old_chosen = set(record_paths(old_files, old.record))
            new_chosen = set(record_paths(new_files, new.record))
            unchanged = 0
        else:
            if changed is None:  # against the working tree: compare the files' blob ids
                changed = changed_paths(old_files, new_files)
            old_chosen = {p for p in changed if old_files.exists(p)}
            new_chosen = {p for p in changed if new_files.exists(p)}
            unchanged = len(new_files.paths() - changed)
        first = check_side(root, old, old_side, old_files, old_chosen, cache)
        if new_files is old_files and new_chosen == old_chosen:
            second = replace(first, side=replace(first.side, label=new.label))
        else:
            second = check_side(root, new, new_side, new_files, new_chosen, cache)
    second.unchanged = unchanged
    return first, second
