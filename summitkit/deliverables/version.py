"""A deliverable's identity: record, round, status, revision, commit and build date."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from summitkit.sources.core.scales import TLP, DocumentStatus


@dataclass(frozen=True)
class Stamp:
    """What every page and file of a deliverable carries about its version."""

    id: str
    title: str
    kind: str
    """statement, basket or report."""
    round: str
    """Round title, e.g. 'Seoul Nuclear Security Summit 2012'."""
    status: DocumentStatus
    revision: int
    commit: str
    """Short SHA, with '+dirty' for uncommitted changes, or 'unversioned'."""
    built: str
    """Build date, ISO 8601 (from SOURCE_DATE_EPOCH when set)."""
    audience: TLP = TLP.CLEAR
    language: str = "en"
    compares: str = ""
    """For a redline: both sides' identity, which its version line prints instead."""
    unmarked: bool = False
    """No DRAFT mark whatever the status: a redline of the corpus has no status of its own."""

    @property
    def draft(self) -> bool:
        """Anything not adopted carries a DRAFT mark."""
        return not self.unmarked and self.status is not DocumentStatus.ADOPTED

    @property
    def line(self) -> str:
        """The version line printed on every page."""
        if self.compares:
            return f"{self.compares} · built {self.built}"
        return (
            f"{self.id} · rev. {self.revision} · {self.status.value} · "
            f"commit {self.commit} · built {self.built}"
        )

    @property
    def keywords(self) -> list[str]:
        return [self.id, f"rev{self.revision}", self.status.value, self.audience.value]


def build_date() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so that one commit builds the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


#: What deliverables are made of: a commit that touches none of these (the README,
#: the tools) builds the same deliverables, so it does not change their stamp, and
#: every printed file is reused.
INPUTS = ("content", "gifts", "templates", "conf.py", "summitkit.toml")


def build_stamp(root: Path) -> dict[str, str]:
    """The commit and date the version line of every page shows."""
    return {"commit": describe_commit(root), "built": build_date().date().isoformat()}


def describe_commit(root: Path) -> str:
    """Short SHA of the last commit that changed the build's inputs (HEAD if none did),
    '+dirty' when they have uncommitted changes, 'unversioned' outside git."""
    try:
        sha = (
            subprocess.run(
                ["git", "log", "-1", "--format=%h", "HEAD", "--", *INPUTS],
                cwd=root,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            or subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"],
                cwd=root,
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", *INPUTS],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unversioned"
    return f"{sha}+dirty" if dirty else sha
