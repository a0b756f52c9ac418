"""Render: corpus → reST pages through jinja2 templates, written only when changed.

One jinja environment serves every deliverable. Templates produce reST
structure; content text is escaped here, or parsed by the summitkit directives
as inline markup only, so that content can never add directives of its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from summitkit.deliverables.i18n import LANGUAGES, translator
from summitkit.sources.check.cache import installed_distributions, package_stamps
from summitkit.sources.core.files import owned_folder, write_file
from summitkit.sources.core.scales import TLP
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.records.names import is_english
from summitkit.sources.rules.translations import translated
from summitkit.sources.schema import STATUS_SCALE_VERSION, Document

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
GENERATED = "generated"
"""Folder under content/ (git-ignored) where generated pages are written."""
INPUTS = ".inputs.json"
"""In the generated folder: what its pages were made from, and the files written."""

_RST_SPECIAL = re.compile(r"([\\`*_|\[\]<>:#=~^-])")
# Characters that start a block (a comment or directive '.. ', a bullet '+ ') only at
# the start of a line; escaped there, so that a title or summary stays a paragraph.
_BLOCK_START = re.compile(r"^([.+\u2022\u2023\u2043])")


def e_rst(value: object) -> str:
    """Escape plain text for reST: every markup character becomes literal."""
    text = " ".join(str(value).split())
    return _BLOCK_START.sub(r"\\\1", _RST_SPECIAL.sub(r"\\\1", text))


def e_rst_role(value: object) -> str:
    """Escape text for use as the title inside a role (`title <target>`)."""
    return (
        " ".join(str(value).split()).replace("\\", "\\\\").replace("`", "\\`").replace("<", "\\<")
    )


def rst_heading(value: object, char: str) -> str:
    title = e_rst(value)
    # docutils measures the underline in columns: East Asian wide characters take two.
    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in title)
    return f"{title}\n{char * width}"


def percent(value: float) -> str:
    return f"{value:.0%}"


def one_line(value: object) -> str:
    return " ".join(str(value).split())


def cells(values: Iterable[object]) -> str:
    """A row of a `summit-table`: a JSON array of its cells as plain text. Each is one
    line (every character that could end a line is whitespace), so a row is a line."""
    return json.dumps([one_line(value) for value in values], ensure_ascii=False)


def longdate(value: object, lang: str = "") -> str:
    """24 March 2014; in another language, CLDR's long date form (24 mars 2014)."""
    if not isinstance(value, dt.date):
        return str(value)
    if not is_english(lang):
        from babel.core import UnknownLocaleError
        from babel.dates import format_date

        try:
            return str(format_date(value, format="long", locale=lang.replace("-", "_")))
        except (UnknownLocaleError, ValueError):
            pass
    return f"{value.day} {value:%B %Y}"


class ConfinedLoader(jinja2.FileSystemLoader):
    """jinja's file loader that reads a template only from inside its folders: a link in
    templates/ to a file elsewhere is not found (check reports such a link too)."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        found = Path(filename).resolve()
        if not any(found.is_relative_to(Path(f).resolve()) for f in self.searchpath):
            raise jinja2.TemplateNotFound(template)
        return source, filename, uptodate


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per process: every build, redline and compilation text
    a process makes (`summit serve`, a test run) compiles each template file once.
    jinja keys an entry by the template's name and file and checks it against a
    checksum of the source, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


#: One cache per kind of environment: the sandbox compiles templates differently.
_COMPILED = {jinja2.Environment: CompiledTemplates(), SandboxedEnvironment: CompiledTemplates()}


def environment(root: Path | None = None, lang: str = "en") -> jinja2.Environment:
    """The one jinja environment: the repository's templates/ override the package's;
    interface text comes from the gettext catalogue of `lang`."""
    folders = [PACKAGE_TEMPLATES]
    if root is not None and (root / "templates").is_dir():
        folders.insert(0, root / "templates")
    # A repository's templates are its contributors' code: rendered in jinja's sandbox
    # (no attribute of Python's internals, no call of an unsafe method), read only from
    # inside their folder. The package's own, alone, need neither.
    factory = SandboxedEnvironment if len(folders) > 1 else jinja2.Environment
    env = factory(
        loader=ConfinedLoader(folders),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=_COMPILED[factory],
    )
    env.install_gettext_translations(translator(lang), newstyle=True)  # type: ignore[attr-defined]
    filters: dict[str, Callable[..., str]] = {
        "e_rst": e_rst,
        "e_rst_role": e_rst_role,
        "rst_heading": rst_heading,
        "longdate": lambda value: longdate(value, lang),
        "percent": percent,
        "one_line": one_line,
        "cells": cells,
    }
    env.filters.update(filters)
    # Whether the build is in English: prose with no translation yet is marked as English.
    env.globals["english_build"] = is_english(lang)
    return env


@dataclass(frozen=True)
class Page:
    """A generated page: its docname (relative to content/) and its reST. The
    directives on it note the YAML files it shows as Sphinx dependencies."""

    docname: str
    text: str
    assets: tuple[tuple[str, bytes], ...] = ()
    """Files the page shows (charts), by path relative to the generated folder."""


def write_if_changed(path: Path, content: str | bytes) -> bool:
    """Write only when the content differs, so that Sphinx sees an unchanged mtime.
    A link or special file in the way is replaced, never read or followed."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if not path.is_symlink() and path.is_file() and path.read_bytes() == data:
        return False
    write_file(path, data)
    return True


def deliverable_pages(corpus: Corpus, env: jinja2.Environment, lang: str = "") -> list[Page]:
    """One page per statement, gift basket and report, a compilation page per document
    with tabled proposals, plus listings and a directory; titles and state names in
    `lang` where they are translated."""
    pages: list[Page] = []
    listings: dict[str, list[dict[str, Any]]] = {"statements": [], "baskets": [], "reports": []}

    def names(party: str) -> str:
        return corpus.party_name(party, lang)

    def title(document: Document) -> str:
        return translated(document, document, "title", lang)

    for statement in sorted(corpus.statements.values(), key=_document_order(corpus)):
        text = env.get_template("pages/statement.rst.j2").render(
            document=statement, title=title(statement), round=corpus.summits[statement.round]
        )
        pages.append(Page(f"statements/{statement.id}", text))
        listings["statements"].append(_listed(corpus, statement, title(statement)))

    for document in sorted(corpus.documents.values(), key=_document_order(corpus)):
        if len(document.all_languages) < 2:
            continue
        folder = "statements" if document.kind == "statement" else "baskets"
        text = env.get_template("pages/parallel.rst.j2").render(
            document=document,
            title=title(document),
            kind=document.kind,
            languages=[LANGUAGES.get(lang, lang) for lang in document.all_languages],
        )
        pages.append(Page(f"{folder}/{document.id}-parallel", text))
        listings[folder].append(
            {**_listed(corpus, document, title(document)), "docname": f"{document.id}-parallel",
             "title": f"{title(document)} ({', '.join(document.all_languages)})"}
        )  # fmt: skip

    for basket in sorted(corpus.baskets.values(), key=_document_order(corpus)):
        text = env.get_template("pages/basket.rst.j2").render(
            document=basket,
            title=title(basket),
            round=corpus.summits[basket.round],
            lead=[names(s) for s in basket.lead],
            co_sponsors=[names(s) for s in basket.co_sponsors],
            invited=[names(s) for s in basket.invited],
        )
        pages.append(Page(f"baskets/{basket.id}", text))
        listings["baskets"].append(_listed(corpus, basket, title(basket)))

    for report in sorted(corpus.reports.values(), key=lambda r: r.id):
        from summitkit.progress.report import report_context

        context = report_context(corpus, report, translator(lang).gettext)
        text = env.get_template("pages/report.rst.j2").render(
            report=report,
            round=corpus.summits[report.as_of],
            scale=STATUS_SCALE_VERSION,
            **context,
        )
        charts = [*context["charts"], *context["benchmark_charts"]]
        assets = tuple((f"reports/{c.name}", c.png) for c in charts)
        pages.append(Page(f"reports/{report.id}", text, assets))
        listings["reports"].append(
            {
                "docname": report.id,
                "title": report.title,
                "round": corpus.summits[report.as_of].title,
                "status": report.status.value,
            }
        )

    say = translator(lang or "en").gettext
    for document in sorted(corpus.documents.values(), key=_document_order(corpus)):
        tabled = [p for p in corpus.proposals_for(document.id) if p.status.value == "tabled"]
        if not tabled:
            continue
        folder = "statements" if document.kind == "statement" else "baskets"
        text = env.get_template("pages/compilation.rst.j2").render(
            document=document,
            title=title(document),
            round=corpus.summits[document.round],
            proposals=len(tabled),
        )
        pages.append(Page(f"{folder}/{document.id}-compilation", text))
        listings[folder].append(
            {**_listed(corpus, document, title(document)), "docname": f"{document.id}-compilation",
             "title": say("Compilation text: %(title)s") % {"title": title(document)}}
        )  # fmt: skip

    intros = {
        "statements": ("Statements", "Communiqués, joint statements and work plans."),
        "baskets": (
            "Gift baskets",
            "Gift-basket proposals: joint commitments by groups of states.",
        ),
        "reports": ("Progress reports", "Progress on summit commitments, in one standard format."),
    }
    for folder, (heading, intro) in intros.items():
        text = env.get_template("pages/listing.rst.j2").render(
            heading=heading, intro=intro, pages=listings[folder]
        )
        pages.append(Page(f"{folder}/index", text))
        if listings[folder]:
            text = env.get_template("pages/contents.rst.j2").render(
                heading=f"{heading}: contents", pages=listings[folder]
            )
            pages.append(Page(f"{folder}/contents", text))
    directory = env.get_template("pages/directory.rst.j2").render()
    pages.append(Page("directory", directory))
    return pages


def _document_order(corpus: Corpus) -> Callable[[Document], tuple[dt.date, str]]:
    return lambda d: (corpus.summits[d.round].start, d.id)


def _listed(corpus: Corpus, document: Document, title: str) -> dict[str, Any]:
    return {
        "docname": document.id,
        "title": title,
        "round": corpus.summits[document.round].title,
        "status": document.status.value,
    }


MANIFEST = ".summitkit-written"
"""The list of files summitkit wrote into the generated folder, one path a line:
clean-up removes only what it lists, so a committed file there is never deleted."""


def write_pages(pages: list[Page], folder: Path) -> list[str]:
    """Write pages under `folder`, remove the stale ones summitkit wrote itself; return
    the docnames rewritten. `folder` and every folder in it must be real folders:
    one that is a symbolic link (which a pull request can commit) is refused."""
    written = []
    keep: set[str] = set()
    root = folder.parent
    owned_folder(root, folder.name)
    for page in pages:
        files = [(f"{page.docname}.rst", page.text.encode("utf-8")), *page.assets]
        changed = False
        for name, data in files:
            keep.add(name)
            owned_folder(folder, PurePosixPath(name).parent)
            changed = write_if_changed(folder / name, data) or changed
        if changed:
            written.append(page.docname)
    for stale in sorted(_manifest_entries(folder) - keep):
        _remove_written(folder, stale)
    write_if_changed(folder / MANIFEST, "".join(f"{name}\n" for name in sorted(keep)))
    return written


# -- skipping the pages when nothing they are made of changed ------------------------


def pages_inputs(corpus: Corpus, root: Path, lang: str, audience: TLP) -> str:
    """Names everything the pages are made from: the corpus's record files (by blob id),
    its settings, the audience and language, the templates, summitkit's own files and the
    packages installed beside it (the charts are drawn by matplotlib).
    '' when the corpus does not know its files: then the pages are always rendered."""
    if not corpus.fingerprint:
        return ""
    digest = hashlib.sha256(
        repr((corpus.fingerprint, corpus.default_sensitivity.value, audience.value, lang)).encode()
    )
    for folder in (PACKAGE_TEMPLATES, root / "templates"):  # small: by their bytes
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode() + path.read_bytes())
    digest.update(repr(package_stamps()).encode())  # summitkit's own files and version
    digest.update(repr(installed_distributions()).encode())  # and matplotlib's, say
    return digest.hexdigest()


def pages_unchanged(folder: Path, inputs: str) -> bool:
    """True when the pages under `folder` were made from `inputs` and nobody has
    touched, removed or replaced one since."""
    try:
        made = json.loads((folder / INPUTS).read_text(encoding="utf-8"))
        if not inputs or made["inputs"] != inputs:
            return False
        for name, (size, mtime) in made["files"].items():
            stat = (folder / name).stat()
            if (stat.st_size, stat.st_mtime_ns) != (size, mtime):
                return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True


def remember_inputs(folder: Path, inputs: str) -> None:
    """Write down what the pages were made from, and every file as written."""
    if not inputs:
        return
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != INPUTS:
            stat = path.stat()
            files[path.relative_to(folder).as_posix()] = [stat.st_size, stat.st_mtime_ns]
    write_file(folder / INPUTS, json.dumps({"inputs": inputs, "files": files}))


def _manifest_entries(folder: Path) -> set[str]:
    """The files the last build wrote, as its manifest lists them (a manifest that is
    a link or not a file is ignored, as if nothing had been written)."""
    manifest = folder / MANIFEST
    if manifest.is_symlink() or not manifest.is_file():
        return set()
    return set(manifest.read_text(encoding="utf-8", errors="replace").splitlines())


def _remove_written(folder: Path, name: str) -> None:
    """Remove one file of the manifest: only a plain relative path below `folder`,
    only through real folders, and only a file (a link is removed, not followed)."""
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or ".." in parts or "\\" in name:
        return
    parent = folder
    for part in parts[:-1]:
        parent = parent / part
        if parent.is_symlink() or not parent.is_dir():
            return
    path = parent / parts[-1]
    if path.is_symlink() or path.is_file():
        path.unlink()
