"""Build: corpus → Sphinx HTML site, then one PDF and one DOCX per deliverable.

The build reads like its stages: check, filter for the audience, run Sphinx
(incrementally, in a work folder that persists between builds), print the PDF
and DOCX files, then publish. Publishing swaps a complete staging folder into
place, so a failed or interrupted build leaves the last good output intact.
A build that nothing could change stops before the first stage
(`summitkit.deliverables.unchanged`); the modules the stages need are imported
only past that point.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from summitkit.deliverables.unchanged import (
    FILENAME,
    LastBuild,
    build_key,
    last_build,
    output_state,
    remember,
)
from summitkit.deliverables.version import Stamp, build_stamp
from summitkit.sources.core.diagnostics import Diagnostic, Position, error
from summitkit.sources.core.files import (
    UnsafePath,
    WriteError,
    owned_folder,
    refuse_link,
    stop_for_test,
)
from summitkit.sources.core.scales import TLP, DocumentStatus

if TYPE_CHECKING:
    from summitkit.sources.records.corpus import Corpus

FORMATS = ("html", "pdf", "docx")
PACKAGE_REFERENCE = Path(__file__).parent / "templates" / "reference.docx"


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


def build(
    root: Path,
    formats: tuple[str, ...] = FORMATS,
    only: tuple[str, ...] = (),
    audience: TLP = TLP.CLEAR,
    jobs: int = 1,
    progress: Callable[[str], None] = lambda line: None,
    lang: str = "",
) -> BuildResult:
    folder = audience_folder(audience) + (f"-{lang}" if lang else "")
    stamp = build_stamp(root)  # first: git may refresh its index, which the key names
    reference = next(
        (p for p in (root / "templates" / "reference.docx", PACKAGE_REFERENCE) if p.is_file()),
        None,
    )
    key = build_key(
        root, (formats, only, audience.value, lang, stamp, printers(formats, reference))
    )
    if key is not None and (last := reuse(root, folder, key, progress)) is not None:
        return last

    from summitkit.sources.audience.visible import for_audience
    from summitkit.sources.check.project import check
    from summitkit.sources.rules.translations import missing_in_build
    from summitkit.sources.rules.validate import placeholder_references

    checked = check(root)
    if checked.errors:
        raise BuildFailed("the corpus has errors; nothing was built", checked.diagnostics)
    if unresolved := list(placeholder_references(checked.corpus, blocking=True)):
        raise BuildFailed("a placeholder stands for a record; nothing was built", unresolved)
    corpus = for_audience(checked.corpus, audience)
    known = {*corpus.documents, *corpus.reports, *page_deliverables(root)}
    if unknown := [i for i in only if i not in known]:
        raise BuildFailed(f"no deliverable with id {', '.join(unknown)}")

    # Folders a pull request could have committed as links: refused, never followed.
    build_dir = owned_folder(root, "build")
    work = owned_folder(root, f"build/.work/{folder}")
    stage = refuse_link(build_dir / f".{folder}.staging")
    target = refuse_link(build_dir / folder)
    refuse_link(build_dir / f".{folder}.old")

    with build_lock(build_dir), staging(stage, target):
        printed = run_sphinx(root, work, corpus, audience, stamp, jobs, progress, lang)
        result = BuildResult(target, warnings=missing_in_build(corpus, lang, only))
        stage_site(work / "html", stage / "html", target / "html")
        stop_for_test("staged")
        deliverables = [d for d in printed if not only or d.stamp.id in only]
        for fmt in ("pdf", "docx"):
            if fmt in formats:
                files, reused = print_all(fmt, deliverables, stage, work, jobs, progress, reference)
                result.files += files
                result.reused += reused
        check_for_leaks(checked.corpus, audience, stage, progress, work / "leak-scan.json")
        publish(stage, target)
        left = output_state(target, root / "content" / "generated")
        if key is not None and left is not None:
            names = [f.relative_to(stage).as_posix() for f in result.files]
            remember(work, LastBuild(key, left, names, result.warnings))
    return result


def printers(formats: tuple[str, ...], reference: Path | None) -> list[str]:
    """The printers' fingerprints (code, print CSS, reference document) of the formats
    printed, for the build's key."""
    if not {"pdf", "docx"} & set(formats):
        return []
    from summitkit.deliverables.printed import printer_fingerprint

    chosen = [fmt for fmt in ("pdf", "docx") if fmt in formats]
    return [printer_fingerprint(fmt, reference if fmt == "docx" else None) for fmt in chosen]


def reuse(root: Path, folder: str, key: str, progress: Callable[[str], None]) -> BuildResult | None:
    """The last build's result, when it was made from `key` and left its output as it
    is now: nothing to do. None otherwise (or where there is no build folder yet)."""
    build_dir, work = root / "build", root / "build" / ".work" / folder
    target = build_dir / folder
    if not (work / FILENAME).is_file() or build_dir.is_symlink():
        return None
    with build_lock(build_dir):  # not while another build is publishing
        last = last_build(work, key, target, root / "content" / "generated")
    if last is None:
        return None
    progress(f"html: 0 pages read, nothing changed since the last build, site in build/{folder}")
    for name in last.files:
        fmt, _, file = name.partition("/")
        progress(f"{fmt}: {Path(file).stem} (unchanged)")
    files = [target / name for name in last.files]
    return BuildResult(target, files, len(files), list(last.warnings))


@dataclass(frozen=True)
class Deliverable:
    """One page of the site that is also printed: its stamp, page and file name."""

    stamp: Stamp
    html: Path
    name: str


def page_deliverables(root: Path) -> list[str]:
    """Ids of the hand-written pages that declare themselves deliverables (a cover note)."""
    from summitkit.sources.rules.hand_pages import declared, read_pages

    found = []
    for page in read_pages(root).values():
        page_fields = {name: value for name, (_, value) in page.fields.items()}
        if (deliverable := declared(page_fields)) is not None:
            found.append(deliverable.id)
    return found


def run_sphinx(
    root: Path,
    work: Path,
    corpus: Corpus,
    audience: TLP,
    stamp: dict[str, str],
    jobs: int,
    progress: Callable[[str], None],
    lang: str = "",
) -> list[Deliverable]:
    """Build the HTML site incrementally in `work`; return the pages to print."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from summitkit.deliverables.sphinx.corpus import remember_corpus

    if not (root / "conf.py").is_file():
        position = Position("conf.py")
        message = "no Sphinx configuration; 'summit init' writes one (or copy the starter's)"
        raise BuildFailed("nothing was built", [error(position, message, "build/no-config")])
    remember_corpus(root, audience, corpus)
    # Sphinx saves what it read before it writes: after a build cut short in between
    # (Ctrl-C, a kill), its next run would take the unwritten pages for done.
    running = work / "sphinx-running"
    fresh = running.exists()
    status, warnings = io.StringIO(), io.StringIO()
    read: list[str] = []
    with patch_docutils(root), docutils_namespace(), io_errors_unwrapped():
        with config_errors():  # setting Sphinx up runs conf.py and loads its extensions
            app = Sphinx(
                srcdir=root / "content",
                confdir=root,
                outdir=work / "html",
                doctreedir=work / "doctrees",
                buildername="html",
                confoverrides={
                    **({"language": lang, "summitkit_language": lang} if lang else {}),
                    "summitkit_root": str(root),
                    "summitkit_audience": audience.value,
                    "summitkit_stamp": stamp,
                },
                status=status,
                warning=warnings,
                parallel=jobs,
                keep_going=True,
                freshenv=fresh,
            )
        app.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
        app.connect("write-started", lambda _app, _builder: stop_for_test("writing-pages"))
        running.touch()
        app.build()
        running.unlink()
        problems = [line for line in warnings.getvalue().splitlines() if line.strip()]
        if app.statuscode or problems:
            raise BuildFailed("Sphinx reported problems:\n" + "\n".join(problems))
        documents = app.env.domains["summit"].documents  # type: ignore[attr-defined]
    progress(f"html: {len(read)} pages read, site in build/{work.name}/html")
    deliverables = []
    for docname, meta in sorted(documents.items()):
        stamp_ = Stamp(
            id=meta["id"],
            title=meta["title"],
            kind=meta["kind"],
            round=meta["round"],
            status=DocumentStatus(meta["status"] or "draft"),
            revision=meta["revision"],
            commit=stamp["commit"],
            built=stamp["built"],
            audience=audience,
            language=lang or "en",
        )
        html_file = work / "html" / f"{docname}.html"
        deliverables.append(Deliverable(stamp_, html_file, meta.get("name", meta["id"])))
    return deliverables


@contextlib.contextmanager
def config_errors() -> Iterator[None]:
    """A conf.py that Sphinx cannot run (a syntax error, a missing extension), as one
    diagnostic instead of a traceback; around Sphinx's set-up only, where every error
    is the configuration's."""
    from sphinx.errors import ConfigError, ExtensionError

    try:
        yield
    except (ConfigError, ExtensionError) as exc:
        if isinstance(exc, ExtensionError) and exc.modname:
            raise  # an event handler failed (a page write, say): not the configuration
        message = " ".join(str(exc).split())
        raise BuildFailed(
            "nothing was built", [error(Position("conf.py"), message, "build/config")]
        ) from None


@contextlib.contextmanager
def io_errors_unwrapped() -> Iterator[None]:
    """A write that failed (or a path refused) inside a Sphinx event handler, as itself:
    Sphinx wraps it in an ExtensionError, which would hide the file and the reason."""
    from sphinx.errors import ExtensionError

    try:
        yield
    except ExtensionError as exc:
        if isinstance(exc.orig_exc, OSError | WriteError | UnsafePath):
            raise exc.orig_exc from None
        raise


def print_all(
    fmt: str,
    deliverables: list[Deliverable],
    stage: Path,
    work: Path,
    jobs: int,
    progress: Callable[[str], None],
    reference: Path | None = None,
) -> tuple[list[Path], int]:
    """Print every deliverable in one format, reusing files whose input did not change
    (the page, whose version line names the last commit that changed the sources, and
    its images; the stamp; and the printer: its code, print CSS or reference document,
    and summitkit's version); return the files and how many were reused."""
    from summitkit.deliverables.printed import page_and_images, printer_fingerprint

    printer = printer_fingerprint(fmt, reference if fmt == "docx" else None).encode()
    cache = work / "print-cache"
    cache.mkdir(parents=True, exist_ok=True)
    tasks = []
    outputs = []
    for deliverable in deliverables:
        # The staged copy of the page, so that its images and styles resolve.
        html = stage / "html" / deliverable.html.relative_to(work / "html")
        stamp = deliverable.stamp
        key = hashlib.sha256(page_and_images(html) + repr(stamp).encode() + printer).hexdigest()
        key = key[:16]
        cached = cache / f"{deliverable.name}.{key}.{fmt}"
        out = stage / fmt / f"{deliverable.name}.{fmt}"
        out.parent.mkdir(parents=True, exist_ok=True)
        outputs.append(out)
        if cached.is_file():
            shutil.copy2(cached, out)
            progress(f"{fmt}: {deliverable.name} (unchanged)")
        else:
            tasks.append((fmt, html, cached, stamp, out, reference, deliverable.name))
    if tasks:
        if jobs > 1 and len(tasks) > 1:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for done in pool.map(_print_one, tasks):
                    progress(f"{fmt}: {done}")
        else:
            for task in tasks:
                progress(f"{fmt}: {_print_one(task)}")
    return outputs, len(outputs) - len(tasks)


def _print_one(task: tuple[str, Path, Path, Stamp, Path, Path | None, str]) -> str:
    fmt, html, cached, stamp, out, reference, name = task
    if fmt == "pdf":
        from summitkit.deliverables.printed.pdf import write_pdf

        write_pdf(html, cached, stamp)
    else:
        from summitkit.deliverables.printed.docx import write_docx

        write_docx(html, cached, stamp, reference)
    for stale in cached.parent.glob(f"{name}.*.{fmt}"):
        if stale != cached and stale.name.count(".") == cached.name.count("."):
            stale.unlink()
    shutil.copy2(cached, out)
    return name


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


def check_for_leaks(
    corpus: Corpus,
    audience: TLP,
    stage: Path,
    progress: Callable[[str], None],
    memo: Path | None = None,
) -> None:
    """Fail the build, and drop its output, if restricted text reached any file (with
    `memo`, the files found clean by an earlier build's check are not searched again)."""
    from summitkit.deliverables.leaks import scan, secrets

    restricted = secrets(corpus, audience)
    leaks = scan(stage, restricted, memo)
    if leaks:
        shutil.rmtree(stage, ignore_errors=True)
        lines = [
            f"{leak.output.relative_to(stage).as_posix()}: text of {leak.secret.where}"
            for leak in leaks
        ]
        raise BuildFailed(
            f"leak check: material above {audience.value} reached the output, which was "
            "removed:\n" + "\n".join(lines)
        )
    progress(f"leak check: {len(restricted)} restricted texts, none in the output")


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
