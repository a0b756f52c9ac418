"""The build's stages, past the point where a build that nothing changed stops.

`summitkit.deliverables.build` runs them in order: check the corpus and keep what
the audience may see, run Sphinx (incrementally, in a work folder that persists
between builds), print the PDF and DOCX files, and check every output file for
leaks. This module is imported only once a build has work to do, so what it
imports (the schema, Sphinx, the printers' fingerprints) costs a no-op build
nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ConfigError, ExtensionError
from sphinx.util.docutils import docutils_namespace, patch_docutils

from summitkit.deliverables.leaks import scan, secrets
from summitkit.deliverables.output import BuildFailed, drop_stale_pages
from summitkit.deliverables.printed import page_and_images, printer_fingerprint
from summitkit.deliverables.printed.printer import print_file
from summitkit.deliverables.sphinx.corpus import remember_corpus
from summitkit.deliverables.version import Stamp
from summitkit.sources.audience.visible import for_audience
from summitkit.sources.check.project import check
from summitkit.sources.core.diagnostics import Diagnostic, Position, error
from summitkit.sources.core.files import UnsafePath, WriteError, stop_for_test
from summitkit.sources.core.request import Request
from summitkit.sources.core.scales import TLP, DocumentStatus
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.rules.hand_pages import declared, read_pages
from summitkit.sources.rules.translations import missing_in_build
from summitkit.sources.rules.validate import placeholder_references


@dataclass(frozen=True)
class CheckedCorpus:
    """The corpus a build is made from, checked."""

    whole: Corpus
    """Everything, restricted records included: the leak check's secrets come from it."""
    visible: Corpus
    """What the build's audience may see: the only corpus the pages are made from."""
    warnings: list[Diagnostic]
    """What the build prints but the reader should know: fields not yet translated."""


def check_corpus(request: Request, only: tuple[str, ...]) -> CheckedCorpus:
    """Check the corpus and keep what the audience may see; BuildFailed when it has
    errors, a placeholder stands for a record, or `only` names no deliverable."""
    checked = check(request.root)
    if checked.errors:
        raise BuildFailed("the corpus has errors; nothing was built", checked.diagnostics)
    if unresolved := list(placeholder_references(checked.corpus, blocking=True)):
        raise BuildFailed("a placeholder stands for a record; nothing was built", unresolved)
    corpus = for_audience(checked.corpus, request.audience)
    known = {*corpus.documents, *corpus.reports, *page_deliverables(request.root)}
    if unknown := [i for i in only if i not in known]:
        raise BuildFailed(f"no deliverable with id {', '.join(unknown)}")
    warnings = missing_in_build(corpus, request.language, only)
    return CheckedCorpus(checked.corpus, corpus, warnings)


@dataclass(frozen=True)
class Deliverable:
    """One page of the site that is also printed: its stamp, page and file name."""

    stamp: Stamp
    html: Path
    name: str


def page_deliverables(root: Path) -> list[str]:
    """Ids of the hand-written pages that declare themselves deliverables (a cover note)."""
    found = []
    for page in read_pages(root).values():
        page_fields = {name: value for name, (_, value) in page.fields.items()}
        if (deliverable := declared(page_fields)) is not None:
            found.append(deliverable.id)
    return found


def run_sphinx(
    request: Request, work: Path, corpus: Corpus, *, progress: Callable[[str], None]
) -> list[Deliverable]:
    """Build the HTML site of `corpus` incrementally in `work`; return the pages to print.

    The request reaches the extension as its fields, in Sphinx's config values: the
    root, the audience, the language, and the version the pages print."""
    root, lang, version = request.root, request.language, request.version
    if not (root / "conf.py").is_file():
        position = Position("conf.py")
        message = "no Sphinx configuration; 'summit init' writes one (or copy the starter's)"
        raise BuildFailed("nothing was built", [error(position, message, "build/no-config")])
    remember_corpus(root, request.audience, corpus)
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
                    "summitkit_audience": request.audience.value,
                    "summitkit_stamp": {"commit": version.commit, "built": version.date},
                },
                status=status,
                warning=warnings,
                parallel=request.jobs,
                keep_going=True,
                freshenv=fresh,
            )
        app.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
        app.connect("write-started", lambda _app, _builder: stop_for_test("writing-pages"))
        running.touch()
        app.build()
        running.unlink()
        drop_stale_pages(work / "html", set(app.env.found_docs))
        problems = [line for line in warnings.getvalue().splitlines() if line.strip()]
        if app.statuscode or problems:
            raise BuildFailed("Sphinx reported problems:\n" + "\n".join(problems))
        documents = app.env.domains["summit"].documents  # type: ignore[attr-defined]
    progress(f"html: {len(read)} pages read, site in build/{work.name}/html")
    deliverables = []
    for docname, meta in sorted(documents.items()):
        stamp = Stamp(
            id=meta["id"],
            title=meta["title"],
            kind=meta["kind"],
            round=meta["round"],
            status=DocumentStatus(meta["status"] or "draft"),
            revision=meta["revision"],
            commit=version.commit,
            built=version.date,
            audience=request.audience,
            language=lang or "en",
        )
        html_file = work / "html" / f"{docname}.html"
        deliverables.append(Deliverable(stamp, html_file, meta.get("name", meta["id"])))
    return deliverables


@contextlib.contextmanager
def config_errors() -> Iterator[None]:
    """A conf.py that Sphinx cannot run (a syntax error, a missing extension), as one
    diagnostic instead of a traceback; around Sphinx's set-up only, where every error
    is the configuration's."""
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
    try:
        yield
    except ExtensionError as exc:
        import jinja2  # here: loaded already, by the extension that rendered the pages

        # First: jinja's TemplateNotFound is an OSError too.
        if isinstance(exc.orig_exc, jinja2.TemplateError):
            raise template_failure(exc.orig_exc) from None
        if isinstance(exc.orig_exc, OSError | WriteError | UnsafePath):
            raise exc.orig_exc from None
        raise


def template_failure(problem: Exception) -> BuildFailed:
    """A repository template that jinja (or its sandbox) refused, as a diagnostic at the
    template's line where jinja knows it."""
    import jinja2

    if isinstance(problem, jinja2.TemplateNotFound):
        where = Position("templates")
        message = (
            f"template '{problem.name}' is not in templates/ (nor the package's): a "
            "template includes only templates from there"
        )
    else:
        name = getattr(problem, "filename", None)
        shown = f"templates/{Path(name).name}" if name else "templates"
        where = Position(shown, int(getattr(problem, "lineno", 0) or 0))
        message = " ".join(str(problem).split()).rstrip(".") or type(problem).__name__
        message = f"template refused: {message}; repository templates run in jinja's sandbox"
    return BuildFailed("nothing was built", [error(where, message, "build/template")])


def print_all(
    fmt: str,
    deliverables: list[Deliverable],
    stage: Path,
    work: Path,
    *,
    jobs: int,
    progress: Callable[[str], None],
    reference: Path | None = None,
) -> tuple[list[Path], int]:
    """Print every deliverable in one format, reusing files whose input did not change
    (the page, whose version line names the last commit that changed the sources, and
    its images; the stamp; and the printer: its code, print CSS or reference document,
    and summitkit's version); return the files and how many were reused."""
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
    print_file(fmt, html, cached, stamp, reference)
    for stale in cached.parent.glob(f"{name}.*.{fmt}"):
        if stale != cached and stale.name.count(".") == cached.name.count("."):
            stale.unlink()
    shutil.copy2(cached, out)
    return name


def check_for_leaks(
    corpus: Corpus,
    audience: TLP,
    stage: Path,
    progress: Callable[[str], None],
    memo: Path | None = None,
) -> None:
    """Fail the build, and drop its output, if restricted text reached any file (with
    `memo`, the files found clean by an earlier build's check are not searched again)."""
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
