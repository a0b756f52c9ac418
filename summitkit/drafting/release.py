"""Named versions: `summit release` records a revision and tags it; `summit versions` lists them.

A named version is the annotated git tag `ID/revN`. Releasing edits only the
record's `revision:`, `status:` and (`--date`) `date:` lines (adding them after
`title:` when absent, keeping every comment), commits that one file, then tags the commit.
It is the one command that writes to git, and it refuses a dirty tree and an
existing tag.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from summitkit.drafting.adoption import SETTLED, concordance, obstacles
from summitkit.sources.check.project import check
from summitkit.sources.core import git
from summitkit.sources.core.diagnostics import Diagnostic
from summitkit.sources.core.files import write_file
from summitkit.sources.core.layout import KIND_FOLDERS, SUFFIXES
from summitkit.sources.records.loader import YAML_LOADER
from summitkit.sources.schema import DocumentStatus

RELEASED_KINDS = ("statement", "basket", "report")
"""Kinds with a status and a revision."""


class ReleaseRefused(Exception):
    """Nothing was written: the tree is dirty, the tag exists, the record is invalid, ..."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


class UnknownRecord(Exception):
    """The id names no statement, gift basket or report (a usage error)."""


@dataclass(frozen=True)
class Released:
    tag: str
    path: str
    committed: bool
    status: str
    concordance: tuple[tuple[str, str, str], ...] = ()
    """(clause, negotiation number, final number) of paragraphs renumbered at adoption."""


def tag_name(id: str, revision: int) -> str:
    return f"{id}/rev{revision}"


def record_path(root: Path, id: str) -> Path:
    for kind in RELEASED_KINDS:
        for suffix in SUFFIXES:
            path = root / KIND_FOLDERS[kind] / f"{id}{suffix}"
            if path.is_file():
                return path
    folders = ", ".join(f"{KIND_FOLDERS[k]}/" for k in RELEASED_KINDS)
    raise UnknownRecord(f"no statement, gift basket or report '{id}' (looked in {folders})")


def release(
    root: Path,
    id: str,
    revision: int,
    status: DocumentStatus | None,
    date: dt.date | None = None,
) -> Released:
    """Record `revision` (and `status`, and the `date` it was agreed or adopted on) in
    the record, commit it, and tag `ID/revN`."""
    path = record_path(root, id)
    relative = path.relative_to(root)
    if not git.is_repository(root):
        raise ReleaseRefused(f"{root} is not a git repository; a release is a git tag")
    tag = tag_name(id, revision)
    if git.tag_exists(root, tag):
        raise ReleaseRefused(f"tag '{tag}' exists already; a named version is never overwritten")
    if dirty := git.is_dirty(root):
        listed = ", ".join(dirty[:5]) + (", ..." if len(dirty) > 5 else "")
        raise ReleaseRefused(f"the working tree has uncommitted changes ({listed}); commit first")
    renumbered: list[tuple[str, str, str]] = []
    if status in SETTLED:
        before = check(root)
        document = before.corpus.documents.get(id)
        if document is not None:
            problems = obstacles(before.corpus, document, status)
            if problems:
                raise ReleaseRefused(
                    f"{id} cannot be {status.value} while {_plural(len(problems))} "
                    f"{'remains' if len(problems) == 1 else 'remain'} open; nothing released",
                    problems,
                )
            if status == DocumentStatus.ADOPTED:
                renumbered = concordance(before.corpus, document)
    original = path.read_text(encoding="utf-8")
    edited = set_field(original, "revision", str(revision))
    if status is not None:
        edited = set_field(edited, "status", status.value)
    if date is not None:
        # The date the printed text's "Done at PLACE on DATE" line gives.
        edited = set_field(edited, "date", date.isoformat(), after="revision")
    write_file(path, edited)
    checked = check(root)
    record = next((r for r in checked.corpus if r.id == id and r.kind in RELEASED_KINDS), None)
    if checked.errors or record is None:
        write_file(path, original)
        raise ReleaseRefused("the corpus does not validate; nothing released", checked.errors)
    final_status = str(getattr(record, "status", DocumentStatus.DRAFT).value)
    message = f"Release {id} rev. {revision} ({final_status})"
    if renumbered:
        message += "\n\nConcordance (negotiation → final number):\n" + "".join(
            f"{clause}: {old} → {new}\n" for clause, old, new in renumbered
        )
    committed = edited != original
    if committed:
        try:
            git.commit_paths(root, [relative], message)
        except git.GitError as exc:
            write_file(path, original)
            raise ReleaseRefused(f"{exc}; the record is as it was") from None
    try:
        git.create_tag(root, tag, message)
    except git.GitError as exc:
        done = f"; {relative.as_posix()} is committed, tag it again" if committed else ""
        raise ReleaseRefused(f"{exc}{done}") from None
    return Released(tag, relative.as_posix(), committed, final_status, tuple(renumbered))


def _plural(count: int) -> str:
    return "1 obstacle" if count == 1 else f"{count} obstacles"


def set_field(text: str, key: str, value: str, after: str = "title") -> str:
    """Set a top-level scalar field by editing its value in place, or add it after the
    field `after` (`title:`), where `summit fmt` puts it.

    Only the value's characters change: the key, its comment and every other
    line stay as they were.
    """
    root = yaml.compose(text, Loader=YAML_LOADER)
    if not isinstance(root, yaml.MappingNode):
        raise ValueError("a record is a mapping")
    lines = text.splitlines(keepends=True)
    pairs = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    node = pairs.get(key)
    if isinstance(node, yaml.ScalarNode) and node.start_mark.line == node.end_mark.line:
        line = lines[node.start_mark.line]
        start, end = node.start_mark.column, node.end_mark.column
        lines[node.start_mark.line] = line[:start] + value + line[end:]
        return "".join(lines)
    if node is not None:
        raise ValueError(f"'{key}' is not a one-line value; edit it by hand")
    title = pairs.get(after) or pairs.get("title")
    if title is None:
        at = len(lines)
    else:
        mark = title.end_mark
        at = mark.line if mark.column == 0 else mark.line + 1
    if at > 0 and at <= len(lines) and not lines[at - 1].endswith("\n"):
        lines[at - 1] += "\n"
    lines.insert(at, f"{key}: {value}\n")
    return "".join(lines)


_REVISION = re.compile(r"/rev(\d+)$")


def versions(root: Path, id: str) -> list[git.TagInfo]:
    """The named versions of a record, oldest revision first."""
    tags = git.list_tags(root, f"{id}/rev*")
    found = [t for t in tags if _REVISION.search(t.name) and t.name.startswith(f"{id}/")]
    return sorted(found, key=lambda t: int(_REVISION.search(t.name).group(1)))  # type: ignore[union-attr]
