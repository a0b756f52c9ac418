"""The request: what one run of a command is about, built once by the CLI.

mkdocs hands one validated config to every stage; summitkit hands one `Request`:
the repository's root, the audience (a `TLP`, parsed once at the command line),
the language of the build, and the version stamp — read from git once, through
the wrapper, the first time a stage asks for it. Nothing below the CLI parses an
audience string or runs git to stamp a page; a stage that needs one of these
takes the request, or the one field of it it uses.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from summitkit.sources.core import git
from summitkit.sources.core.scales import TLP

#: What deliverables are made of: a commit that touches none of these (the README,
#: the tools) builds the same deliverables, so it does not change their stamp, and
#: every printed file is reused.
INPUTS = ("content", "gifts", "templates", "conf.py", "summitkit.toml")


def build_date() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so that one commit builds the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Version:
    """Where a build comes from: printed on every page and in every file's metadata."""

    commit: str
    """Short SHA of the last commit that changed the build's inputs, '+dirty' when
    they have uncommitted changes, 'unversioned' outside git."""
    built: dt.datetime
    """The build's moment: SOURCE_DATE_EPOCH when set, else now (UTC)."""

    @property
    def date(self) -> str:
        """The build date as the version line prints it (ISO 8601)."""
        return self.built.date().isoformat()

    @classmethod
    def of(cls, root: Path) -> Version:
        """The version of the repository at `root`, read through the git wrapper."""
        return cls(commit=git.describe_commit(root, INPUTS), built=build_date())


@dataclass(frozen=True)
class Request:
    """One run of a command: where, for whom, in which language, from which version."""

    root: Path
    """The drafting repository's root folder."""
    audience: TLP = TLP.CLEAR
    """Nothing above this label reaches any output of the run."""
    language: str = ""
    """BCP 47 tag to build in; empty: each document in its own source language."""
    jobs: int = 1
    """Processes a build may use."""
    stamp: Version | None = field(default=None, compare=False)
    """The version, when the caller knows it already (tests, a server's rebuilds)."""

    @cached_property
    def version(self) -> Version:
        """The version stamp, read from git the first time it is asked for."""
        return self.stamp or Version.of(self.root)

    def but(self, **changes: object) -> Request:
        """This request with some fields changed (`request.but(language="fr")`); a
        version already read is kept, not read again."""
        changes.setdefault("stamp", self.__dict__.get("version", self.stamp))
        return replace(self, **changes)  # type: ignore[arg-type]
