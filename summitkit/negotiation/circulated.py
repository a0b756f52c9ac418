"""The clauses of a document as it was last circulated: the named version (tag
`ID/revN`, see `summit release`) with the highest revision whose status was
`circulated`. A clause added since is numbered *bis*/*ter* after the clause it
follows until the document is adopted, so that the numbers delegations cite from
the circulated text hold still.

Read from git objects (`git show TAG:PATH`), never by checking out.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from summitkit.sources.core import git

_REVISION = re.compile(r"/rev(\d+)$")


def circulated_clauses(root: Path, document_id: str, path: Path) -> set[str] | None:
    """Clause ids of the last circulated version, or None without one (or without git)."""
    if not git.is_repository(root):
        return None
    try:
        tags = git.list_tags(root, f"{document_id}/rev*")
        relative = git.prefix(root) + path.relative_to(root).as_posix()
        for tag in sorted(tags, key=_revision, reverse=True):
            data = yaml.safe_load(git.run(root, "show", f"{tag.name}:{relative}"))
            if isinstance(data, dict) and data.get("status") == "circulated":
                clauses = data.get("clauses") or []
                return {str(c["id"]) for c in clauses if isinstance(c, dict) and "id" in c}
    except (git.GitError, yaml.YAMLError):
        return None
    return None


def _revision(tag: git.TagInfo) -> int:
    match = _REVISION.search(tag.name)
    return int(match.group(1)) if match else -1
