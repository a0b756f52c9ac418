"""Build: corpus → Sphinx HTML site, then one PDF and one DOCX per deliverable.

The build reads like its stages: check, filter for the audience, run Sphinx
(incrementally, in a work folder that persists between builds), print the PDF
and DOCX files, then publish. Publishing swaps a complete staging folder into
place, so a failed or interrupted build leaves the last good output intact
(`summitkit.deliverables.output`). A build that nothing could change stops
before the first stage (`summitkit.deliverables.unchanged`); the stages' module
(`summitkit.deliverables.stages`) is imported only past that point.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from summitkit.deliverables.output import (
    BuildFailed,
    BuildResult,
    audience_folder,
    build_lock,
    publish,
    stage_site,
    staging,
)
from summitkit.deliverables.unchanged import (
    FILENAME,
    LastBuild,
    build_key,
    last_build,
    output_state,
    remember,
)
from summitkit.sources.check.cache import FOLDER as CACHE
from summitkit.sources.check.cache import ignored_by_git
from summitkit.sources.core.files import owned_folder, refuse_link, stop_for_test
from summitkit.sources.core.request import Request

__all__ = ["FORMATS", "BuildFailed", "BuildResult", "audience_folder", "build"]

FORMATS = ("html", "pdf", "docx")
WORK = CACHE / "work"
"""Sphinx's work folder, one per audience: beside `build/`, which holds only what is
published (CI uploads it), never in it."""


def build(
    request: Request,
    *,
    formats: tuple[str, ...] = FORMATS,
    only: tuple[str, ...] = (),
    progress: Callable[[str], None] = lambda line: None,
) -> BuildResult:
    """Build `formats` of every deliverable (or of `only` these) for the request's
    audience, in its language, into build/<audience>[-<language>]/."""
    root, audience, lang = request.root, request.audience, request.language
    folder = audience_folder(audience) + (f"-{lang}" if lang else "")
    version = request.version  # first: git may refresh its index, which the key names
    stamp = {"commit": version.commit, "built": version.date}
    reference, fingerprints = printers(root, formats)
    key = build_key(root, (formats, only, audience.value, lang, stamp, fingerprints))
    if key is not None and (last := reuse(root, folder, key, progress)) is not None:
        return last

    # Something may have changed: the stages load their modules (the schema, Sphinx)
    # now, which a build that stopped above never pays for.
    from summitkit.deliverables import stages

    corpus = stages.check_corpus(request, only)

    # Folders a pull request could have committed as links: refused, never followed.
    build_dir = owned_folder(root, "build")
    work = owned_folder(root, WORK / folder)
    ignored_by_git(root / CACHE)
    stage = refuse_link(build_dir / f".{folder}.staging")
    target = refuse_link(build_dir / folder)
    refuse_link(build_dir / f".{folder}.old")

    with build_lock(build_dir), staging(stage, target):
        printed = stages.run_sphinx(request, work, corpus.visible, progress=progress)
        result = BuildResult(target, warnings=corpus.warnings)
        stage_site(work / "html", stage / "html", target / "html")
        stop_for_test("staged")
        deliverables = [d for d in printed if not only or d.stamp.id in only]
        for fmt in ("pdf", "docx"):
            if fmt in formats:
                files, reused = stages.print_all(
                    fmt,
                    deliverables,
                    stage,
                    work,
                    jobs=request.jobs,
                    progress=progress,
                    reference=reference,
                )
                result.files += files
                result.reused += reused
        leak_memo = work / "leak-scan.json"
        stages.check_for_leaks(corpus.whole, audience, stage, progress, leak_memo)
        publish(stage, target)
        left = output_state(target, root / "content" / "generated")
        if key is not None and left is not None:
            names = [f.relative_to(stage).as_posix() for f in result.files]
            remember(work, LastBuild(key, left, names, result.warnings))
    return result


def printers(root: Path, formats: tuple[str, ...]) -> tuple[Path | None, list[str]]:
    """The DOCX reference document, and the printers' fingerprints (code, print CSS,
    reference document) of the formats printed, for the build's key."""
    if not {"pdf", "docx"} & set(formats):
        return None, []
    # Here, not above: an HTML-only build that nothing changed needs no printer.
    from summitkit.deliverables.printed import printer_fingerprint
    from summitkit.deliverables.printed.printer import reference_document

    reference = reference_document(root) if "docx" in formats else None
    chosen = [fmt for fmt in ("pdf", "docx") if fmt in formats]
    return reference, [printer_fingerprint(fmt, reference) for fmt in chosen]


def reuse(root: Path, folder: str, key: str, progress: Callable[[str], None]) -> BuildResult | None:
    """The last build's result, when it was made from `key` and left its output as it
    is now: nothing to do. None otherwise, and where its output is gone (a deleted
    build folder: the record of the last build lives beside it, in the cache)."""
    build_dir, work = root / "build", root / WORK / folder
    target = build_dir / folder
    if not (work / FILENAME).is_file() or build_dir.is_symlink() or not target.is_dir():
        return None
    with build_lock(build_dir):  # not while another build is publishing
        last = last_build(work, key, target, root / "content" / "generated")
    if last is None:
        return None
    # One line for the whole build: no "0 pages read", no file listed as unchanged.
    progress(f"nothing changed since the last build: build/{folder}/ is up to date")
    files = [target / name for name in last.files]
    return BuildResult(target, files, len(files), list(last.warnings), unchanged=True)
