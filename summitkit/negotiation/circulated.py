"""The clauses of a document as it was last circulated: the named version (tag
`ID/revN`, see `summit release`) with the highest revision whose status was
`circulated`. A clause added since is numbered *bis*/*ter* after the clause it
follows until the document is adopted, so that the numbers delegations cite from
the circulated text hold still.

Read from git objects (`git show TAG:PATH`), never by checking out, and parsed by
the one record loader with its limits. A tagged version that cannot be read is
reported, never passed over: passing it over would number the paragraphs added
since it as if nothing had been circulated.
"""

from __future__ import annotations

import re
from pathlib import Path

from summitkit.sources.core import git
from summitkit.sources.core.diagnostics import Diagnostic, Position, error
from summitkit.sources.records.loader import load_bytes

_REVISION = re.compile(r"/rev(\d+)$")

UNREADABLE = "release/circulated-unreadable"


def circulated_clauses(
    root: Path, document_id: str, kind: str, path: Path
) -> tuple[set[str] | None, list[Diagnostic]]:
    """Clause ids of the last circulated version, or None without one (or without git),
    and the errors met reading the named versions (then the ids are None too).

    `path` is the document's file (of record kind `kind`) in the working tree; the
    named versions are read at the same place. A diagnostic's path is git's name
    for the file in the tag, `TAG:PATH`, which `git show` opens."""
    if not git.is_repository(root):
        return None, []
    relative = git.prefix(root) + path.relative_to(root).as_posix()
    try:
        tags = git.list_tags(root, f"{document_id}/rev*")
    except git.GitError as exc:
        message = f"cannot list the named versions of {document_id}: {exc}"
        return None, [error(Position(relative, 0), message, UNREADABLE)]
    for tag in sorted(tags, key=_revision, reverse=True):
        shown = f"{tag.name}:{relative}"
        try:
            blob = git.run(root, "rev-parse", "--quiet", "--verify", shown)
        except git.GitError:
            message = (
                f"tag {tag.name} holds no file {relative}: the document's file was moved "
                "or renamed since it was released"
            )
            return None, [error(Position(shown, 0), message, UNREADABLE)]
        try:
            raw = git.run_bytes(root, "cat-file", "blob", blob.strip())
        except git.GitError as exc:
            message = f"cannot read {document_id} as tagged {tag.name}: {exc}"
            return None, [error(Position(shown, 0), message, UNREADABLE)]
        record, problems = load_bytes(raw, Path(relative), kind, shown)
        # Only errors: a warning on a tagged text was shown when it was released, and
        # nothing can be changed in a tag now; an error means it cannot be trusted.
        errors = [d for d in problems if d.is_error]
        if record is None or errors:
            return None, errors or problems
        if record.data.get("status") == "circulated":
            clauses = record.data.get("clauses")
            listed = clauses if isinstance(clauses, list) else []
            return {str(c["id"]) for c in listed if isinstance(c, dict) and "id" in c}, []
    return None, []


def _revision(tag: git.TagInfo) -> int:
    match = _REVISION.search(tag.name)
    return int(match.group(1)) if match else -1
