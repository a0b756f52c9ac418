"""Finding a drafting repository and running the load → validate stages on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from summitkit.sources.core.diagnostics import Diagnostic, Position, error, sort_diagnostics

if TYPE_CHECKING:
    from summitkit.sources.core.settings import Settings
    from summitkit.sources.records.corpus import Corpus


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
    counts: dict[str, int] | None = None
    """Records by kind, where the corpus was not built (a verdict reused)."""
    unmerged: list[Diagnostic] = field(default_factory=list)
    """The diagnostics of files git left unmerged (asked of git on every check)."""
    read: dict[str, str] = field(default_factory=dict)
    """The blob id of each record file read, by its path under the repository."""

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]

    def summary(self) -> str:
        """'164 files, 1 basket, 13 categories, …; 0 errors, 1 warning'."""
        by_kind = self.counts or {k: len(v) for k, v in self.corpus.records.items()}
        counts = [plural(n, k) for k, n in sorted(by_kind.items())]
        problems = [plural(len(self.errors), "error"), plural(len(self.warnings), "warning")]
        return ", ".join([plural(len(self.files), "file"), *counts]) + "; " + ", ".join(problems)


def plural(count: int, noun: str) -> str:
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") else f"{count} {noun}s"


def check(root: Path, *, cache: bool = True, corpus_needed: bool = True) -> Checked:
    """Load and validate a repository: the first two stages of every command.

    Files whose bytes were checked before come from the record cache under
    `.summit-cache/` (`cache=False` does without it); rules between records run
    every time. A caller that needs only the diagnostics and counts
    (`corpus_needed=False`, `summit check`) gets the last check's verdict when not
    one byte the check reads has changed, and an empty corpus.
    """
    # Imported here: finding a repository (every command's first step) needs no schema.
    from summitkit.sources.core.settings import load_settings

    settings, problems = load_settings(root)
    key = None
    keep = cache and not corpus_needed
    if keep:
        from summitkit.sources.check.verdict import inputs_key, read_verdict, verdict_kept

        if verdict_kept(root):  # else keyed after the check, without reading files again
            key = inputs_key(root)
            verdict = read_verdict(root, key) if key else None
            if verdict is not None:
                from summitkit.sources.records.corpus import Corpus

                diagnostics = verdict.diagnostics + verdict.unmerged
                kept = [root / name for name in verdict.files]
                counts = verdict.counts
                return Checked(
                    Corpus(root), sort_diagnostics(diagnostics), kept, 0, settings, counts
                )
            keep = key is not None
    checked = _check(root, settings, problems, cache)
    if keep:
        key = key or inputs_key(root, checked.read)
    if key:
        from summitkit.sources.check.verdict import Verdict, write_verdict

        names = [path.relative_to(root).as_posix() for path in checked.files]
        by_kind = {kind: len(ids) for kind, ids in checked.corpus.records.items()}
        found = [d for d in checked.diagnostics if d not in checked.unmerged]
        write_verdict(root, Verdict(key, found, names, by_kind, checked.unmerged))
    return checked


def _check(root: Path, settings: Settings, problems: list[Diagnostic], cache: bool) -> Checked:
    from summitkit.sources.check.cache import RecordCache, paused_collection

    with paused_collection():
        # Imported with collection paused too: the schema's classes are many objects that
        # all stay alive, which collecting would only walk (a twentieth of a cold check).
        from summitkit.sources.records.loader import load_tree
        from summitkit.sources.rules.validate import validate

        records = RecordCache.open(root) if cache else RecordCache(None)
        loaded = load_tree(root, records.load_file)
        corpus, diagnostics = validate(loaded, root, records.validate_record)
        records.save()
    corpus.default_sensitivity = settings.default_sensitivity
    corpus.fingerprint = records.fingerprint()
    corpus.label_comments(settings.comment_sensitivity)
    merge = unmerged(root, diagnostics)
    diagnostics = sort_diagnostics([*problems, *merge, *diagnostics])
    checked = Checked(corpus, diagnostics, loaded.files, records.validated, settings)
    checked.unmerged = merge
    checked.read = {display: blob for blob, _, display in records.used}
    return checked


def unmerged(root: Path, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Record files git left unmerged without conflict markers: one branch deleted the
    record and the other changed it (git then never runs the merge driver)."""
    from summitkit.sources.check.verdict import index_stamp

    stamp = index_stamp(root)
    if stamp is not None and stamp[1:] == (0, 0, 0):
        return []  # in no git repository, or one without an index yet: no git process
    from summitkit.sources.core.git import MERGE_CONFLICT, MERGE_HINT, unmerged_paths

    marked = {d.position.path for d in diagnostics if d.rule == "load/merge-conflict"}
    message = (
        f"{MERGE_CONFLICT}: one branch deleted this record and the other changed it; {MERGE_HINT}"
    )
    return [
        error(Position(path), message, "load/merge-conflict")
        for path in unmerged_paths(root, "content", "gifts")
        if path not in marked
    ]
