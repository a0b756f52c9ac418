"""A build's output folder: where it goes, one build at a time, and how it is published.

Each audience (and language) has its folder, `build/<audience>/`. A build writes
a staging folder beside it and swaps it into place whole, so a failed or
interrupted build leaves the last good output as it was. What a build returns, and
how it fails, are here too: the build's entry (`summitkit.deliverables.build`) and
its stages (`summitkit.deliverables.stages`) both use them.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from summitkit.sources.core.diagnostics import Diagnostic
from summitkit.sources.core.files import refuse_link
from summitkit.sources.core.scales import TLP


class BuildFailed(Exception):
    """The build stopped; `diagnostics` or the message say why."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


@dataclass
class BuildResult:
    output: Path
    files: list[Path] = field(default_factory=list)
    reused: int = 0
    """How many of the PDF and DOCX files came from the print cache unchanged."""
    warnings: list[Diagnostic] = field(default_factory=list)
    """What the build printed but the reader should know: fields not yet translated."""
    unchanged: bool = False
    """Nothing the build is made from changed: it wrote nothing, and says so once."""


def audience_folder(audience: TLP) -> str:
    """TLP:AMBER+STRICT → amber-strict."""
    return audience.value.removeprefix("TLP:").lower().replace("+", "-")


@contextlib.contextmanager
def build_lock(build_dir: Path) -> Iterator[None]:
    """One build at a time per repository; a second one is told so at once."""
    # Opened to append, never written: a build that does nothing changes no file.
    with open(refuse_link(build_dir / ".lock"), "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildFailed(
                "another summit build is running in this repository; wait for it to finish"
            ) from None
        yield


@contextlib.contextmanager
def staging(stage: Path, target: Path) -> Iterator[None]:
    """A fresh staging folder, dropped if the build stops there (a failure, Ctrl-C):
    the last good output stays in place, or is put back if publishing was cut short."""
    recover(target)
    shutil.rmtree(stage, ignore_errors=True)
    try:
        yield
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        recover(target)
        raise


def stage_site(built: Path, stage: Path, published: Path) -> None:
    """Put the built site into the staging folder. A file the published site already
    holds unchanged (same size and time: copies keep the time) is hard-linked from
    there instead of copied: published files are never written in place, only
    replaced with their whole folder, so sharing them cannot change the old output."""

    def link_or_copy(source: str, staged: str) -> object:
        old = published / Path(source).relative_to(built)
        try:
            new_stat, old_stat = os.stat(source), old.stat()
            if (new_stat.st_size, new_stat.st_mtime_ns) == (old_stat.st_size, old_stat.st_mtime_ns):
                os.link(old, staged)
                return staged
        except OSError:  # not published yet, or no hard links here: copy
            pass
        return shutil.copy2(source, staged)

    ignore = shutil.ignore_patterns(".buildinfo")
    shutil.copytree(built, stage, ignore=ignore, copy_function=link_or_copy)


#: Pages Sphinx writes that come from no source document.
_SPHINX_PAGES = {"genindex", "search", "py-modindex"}


def drop_stale_pages(site: Path, documents: set[str]) -> None:
    """Delete the pages (and their copied sources) of documents the site no longer has.

    Sphinx builds incrementally and leaves a removed document's page where it was: a
    compilation text's DRAFT page stayed after its document was adopted, unlinked but
    published by anyone who copies the folder.
    """
    for page in site.rglob("*.html"):
        name = page.relative_to(site).with_suffix("").as_posix()
        if name.startswith("_") or name in _SPHINX_PAGES or name in documents:
            continue
        page.unlink()
        for source in site.glob(f"_sources/{name}.*.txt"):
            source.unlink()


def recover(target: Path) -> None:
    """Put back the last good output if a build was killed in the middle of publishing."""
    old = target.with_name(f".{target.name}.old")
    if old.is_dir() and not target.exists():
        os.replace(old, target)


def publish(stage: Path, target: Path) -> None:
    """Swap the finished staging folder into place; the old output goes last."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(stage, target)
    shutil.rmtree(old, ignore_errors=True)
