"""Finding a drafting repository and running the load → validate stages on it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from summitkit.sources.diagnostics import Diagnostic, Position, error, sort_diagnostics

if TYPE_CHECKING:
    from summitkit.sources.corpus import Corpus
    from summitkit.sources.settings import Settings


class NotARepository(Exception):
    """Raised when no drafting repository is found."""


def find_root(start: Path) -> Path:
    """The drafting repository that holds `start`: the nearest folder with content/."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "content").is_dir():
            return folder
    raise NotARepository(
        f"no drafting repository at {start}: expected a folder with content/ "
        "(create one with 'summit init')"
    )


@dataclass
class Checked:
    corpus: Corpus
    diagnostics: list[Diagnostic]
    files: list[Path]
    validated: int = 0
    """How many record files had to be parsed and validated (the others came from
    the cache)."""
    settings: Settings | None = None
    """The repository's summitkit.toml settings."""

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]

    def summary(self) -> str:
        """'164 files, 1 basket, 13 categories, …; 0 errors, 1 warning'."""
        counts = [plural(len(v), k) for k, v in sorted(self.corpus.records.items())]
        problems = [plural(len(self.errors), "error"), plural(len(self.warnings), "warning")]
        return ", ".join([plural(len(self.files), "file"), *counts]) + "; " + ", ".join(problems)


def plural(count: int, noun: str) -> str:
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") else f"{count} {noun}s"


def check(root: Path, *, cache: bool = True) -> Checked:
    """Load and validate a repository: the first two stages of every command.

    Files whose bytes were checked before come from the record cache under
    `build/.cache/` (`cache=False` does without it); rules between records run
    every time.
    """
    # Imported here: finding a repository (every command's first step) needs no schema.
    from summitkit.sources.cache import RecordCache, paused_collection
    from summitkit.sources.loader import load_tree
    from summitkit.sources.settings import load_settings
    from summitkit.sources.validate import validate

    settings, problems = load_settings(root)
    with paused_collection():
        records = RecordCache.open(root) if cache else RecordCache(None)
        loaded = load_tree(root, records.load_file)
        corpus, diagnostics = validate(loaded, root, records.validate_record)
        records.save()
    corpus.default_sensitivity = settings.default_sensitivity
    corpus.fingerprint = records.fingerprint()
    corpus.label_comments(settings.comment_sensitivity)
    problems += unmerged(root, diagnostics)
    diagnostics = sort_diagnostics([*problems, *diagnostics])
    return Checked(corpus, diagnostics, loaded.files, records.validated, settings)


def unmerged(root: Path, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Record files git left unmerged without conflict markers: one branch deleted the
    record and the other changed it (git then never runs the merge driver)."""
    from summitkit.sources.git import unmerged_paths
    from summitkit.sources.loader import MERGE_CONFLICT, MERGE_HINT

    marked = {d.position.path for d in diagnostics if d.rule == "load/merge-conflict"}
    message = (
        f"{MERGE_CONFLICT}: one branch deleted this record and the other changed it; {MERGE_HINT}"
    )
    return [
        error(Position(path), message, "load/merge-conflict")
        for path in unmerged_paths(root, "content", "gifts")
        if path not in marked
    ]
