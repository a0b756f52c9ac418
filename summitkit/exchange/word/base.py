"""The base of an import: the record a DOCX was built from, read from git at the commit
its properties name, and the errors that stop an import before anything is written."""

from __future__ import annotations

import functools
from pathlib import Path

from summitkit.diff.sides import SideError, SideFailed, Spec, find_record, load_side
from summitkit.exchange.word.read import WordFile
from summitkit.sources.audience.visible import for_audience
from summitkit.sources.core import git
from summitkit.sources.core.diagnostics import Diagnostic, Position, error
from summitkit.sources.schema import TLP, Document


class ImportFailed(Exception):
    """Nothing was written; the diagnostics say why."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


def base_document(
    word: WordFile, root: Path, where: Position, wanted: str | None
) -> tuple[Document, str]:
    """The record the file was built from, read from git at the commit it names."""
    props = word.properties
    record = props.get("record", "")
    if not record:
        raise ImportFailed(
            [
                error(
                    where,
                    "not a file summitkit wrote: it has no summitkit.record property; import "
                    "a DOCX made by 'summit build' or 'summit compile' and edited since",
                    "import-docx/foreign",
                )
            ]
        )
    if props.get("kind") == "redline":
        raise ImportFailed(
            [
                error(
                    where,
                    f"this is a redline of {record}, not the document itself; send the DOCX "
                    "that 'summit build' prints and import that",
                    "import-docx/redline",
                )
            ]
        )
    if wanted is not None and wanted != record:
        raise ImportFailed(
            [
                error(
                    where,
                    f"this DOCX is of {record}, not of {wanted}; check the file, or leave "
                    "out --document",
                    "import-docx/other-document",
                )
            ]
        )
    commit = props.get("commit", "")
    if not commit or commit == "unversioned" or commit.endswith("+dirty"):
        built = "outside git" if commit in ("", "unversioned") else "from uncommitted changes"
        raise ImportFailed(
            [
                error(
                    where,
                    f"the file was built {built} ({commit or 'no commit'}), so there is no "
                    "revision to compare it with; build from a committed tree and send that",
                    "import-docx/no-revision",
                )
            ]
        )
    sha = git.resolve_commit(root, commit)
    if sha is None:
        raise ImportFailed(
            [
                error(
                    where,
                    f"the file was built from commit {commit}, which this git repository "
                    "does not have; fetch it (git fetch) and import again",
                    "import-docx/unknown-revision",
                )
            ]
        )
    printed_for = props.get("audience", TLP.CLEAR.value)
    audience = TLP(printed_for) if printed_for in {t.value for t in TLP} else TLP.CLEAR
    try:
        found = _document_at(root, record, commit, sha, audience)
    except (SideError, SideFailed) as exc:
        raise ImportFailed(
            [error(where, f"cannot read {record} at {commit}: {exc}", "import-docx/base")]
        ) from None
    if found is None:
        raise ImportFailed(
            [error(where, f"{record} is not a statement or gift basket", "import-docx/base")]
        )
    return found, commit


@functools.lru_cache(maxsize=16)
def _document_at(root: Path, record: str, commit: str, sha: str, audience: TLP) -> Document | None:
    """The document `record` at commit `sha`, as an audience was shown it; None when the
    record is no document. Read from git, so the same for every file of a round printed
    from one commit: read once per command."""
    loaded = load_side(root, Spec(commit, commit, sha, record))
    found = find_record(loaded, Spec(commit, commit, sha, record))
    if not isinstance(found, Document):
        return None
    # The file holds only what its audience may see: compared with the whole record,
    # every clause above that audience would read as deleted by the delegation.
    shown = for_audience(loaded.corpus, audience).get(found.kind, found.id)
    return shown if isinstance(shown, Document) else found
