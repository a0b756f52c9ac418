"""Hand-written pages (`content/**/*.rst`): which ones the index's tables of contents
reach, and which ones declare themselves deliverables.

Sphinx builds every page under content/, but a page that no toctree reaches stops
the build ("document isn't included in any toctree"); `check` says so first, naming
the page and the toctree to add it to. A page whose top is a field list like

    :summit-deliverable: cover-note-2014
    :summit-round: hague-2014
    :summit-status: circulated
    :summit-revision: 2

    Cover note
    ==========

is printed as PDF and DOCX like the other deliverables, with the version line and
the DRAFT mark (`summitkit.deliverables.sphinx.hand_pages`). Sphinx reads such a
field list as the page's metadata and does not show it. Only `summit-deliverable`
(the id, which names the printed files) is required; the round is a summit id, the
status one of the document statuses (default draft), the revision a whole number
(default 1).
"""

from __future__ import annotations

import difflib
import fnmatch
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from summitkit.sources.core.diagnostics import Diagnostic, Position, error
from summitkit.sources.core.scales import DocumentStatus
from summitkit.sources.records.corpus import Corpus

ROOT_DOC = "index"
GENERATED = "generated"
GENERATED_TOPS = ("statements/index", "baskets/index", "reports/index", "directory")
"""The pages summitkit writes under content/generated/ that the hand-written pages must
list; each of them lists the deliverables' own pages."""
FIELDS = ("summit-deliverable", "summit-round", "summit-status", "summit-revision")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TOCTREE = re.compile(r"^(?P<indent>[ \t]*)\.\.[ \t]+toctree::")
_OPTION = re.compile(r"^:[\w-]+:")
_FIELD = re.compile(r"^:(?P<name>[^:\s][^:]*):(?:[ \t]+(?P<value>.*))?$")
_ENTRY = re.compile(r"^(?:.*<(?P<target>[^<>]+)>|(?P<plain>.+))$")


@dataclass
class HandPage:
    """One hand-written page: what its toctrees list and what its top declares."""

    docname: str
    """Its name for Sphinx: the path under content/ without `.rst`."""
    display: str
    entries: list[tuple[int, str, bool]] = field(default_factory=list)
    """(line, docname or pattern, whether it is a :glob: pattern) of each toctree entry."""
    fields: dict[str, tuple[int, str]] = field(default_factory=dict)
    """The field list at the top of the page (Sphinx's file-wide metadata), by name."""


@dataclass(frozen=True)
class Declared:
    """What a page declares about itself as a deliverable."""

    id: str
    round: str = ""
    status: str = DocumentStatus.DRAFT.value
    revision: int = 1


def declared(fields: Mapping[str, str]) -> Declared | None:
    """The deliverable a page's metadata declares, or None; values `check` refuses are
    read as the defaults (the build runs only after check passed)."""
    ident = fields.get("summit-deliverable", "").strip()
    if not ident:
        return None
    status = fields.get("summit-status", "").strip()
    revision = fields.get("summit-revision", "").strip()
    return Declared(
        ident,
        fields.get("summit-round", "").strip(),
        status if status in {s.value for s in DocumentStatus} else DocumentStatus.DRAFT.value,
        int(revision) if revision.isdigit() else 1,
    )


def read_pages(root: Path) -> dict[str, HandPage]:
    """Every hand-written page under content/, by docname (generated pages left out)."""
    content = root / "content"
    pages: dict[str, HandPage] = {}
    if not content.is_dir():
        return pages
    for path in sorted(content.rglob("*.rst")):
        relative = path.relative_to(content)
        if relative.parts[0] == GENERATED or path.is_symlink() or not path.is_file():
            continue  # generated pages are summitkit's own; links are the loader's concern
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # the page checks report it
        docname = relative.with_suffix("").as_posix()
        page = HandPage(docname, path.relative_to(root).as_posix())
        page.fields = _top_fields(lines)
        page.entries = list(_toctree_entries(lines, docname))
        pages[docname] = page
    return pages


def _top_fields(lines: list[str]) -> dict[str, tuple[int, str]]:
    """The field list that opens the page (after blank lines and comments), by name."""
    found: dict[str, tuple[int, str]] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip() and not found:
            continue
        if line.startswith("..") and not found and "::" not in line:
            continue  # a comment before the fields
        match = _FIELD.match(line)
        if match is None:
            if found and line[:1] in (" ", "\t") and line.strip():
                continue  # a field's value continued on an indented line
            break
        found[match["name"].strip().lower()] = (number, (match["value"] or "").strip())
    return found


def _toctree_entries(lines: list[str], docname: str) -> Iterator[tuple[int, str, bool]]:
    folder = posixpath.dirname(docname)
    index = 0
    while index < len(lines):
        directive = _TOCTREE.match(lines[index])
        index += 1
        if directive is None:
            continue
        indent = len(directive["indent"].expandtabs())
        glob = False
        body: list[tuple[int, str]] = []
        while index < len(lines):
            line = lines[index]
            if line.strip() and len(line) - len(line.lstrip()) <= indent:
                break
            body.append((index + 1, line.strip()))
            index += 1
        for number, text in body:
            if not text or _OPTION.match(text):
                glob = glob or text == ":glob:"
                continue
            entry = _ENTRY.match(text)
            target = (entry["target"] or entry["plain"] or "").strip() if entry else ""
            if not target or target == "self" or "://" in target or target.startswith("mailto:"):
                continue
            target = target.removesuffix(".rst")
            # '/x' is content/x for Sphinx; any other name is relative to the page's folder.
            absolute = target.startswith("/")
            resolved = target.lstrip("/") if absolute else posixpath.join(folder, target)
            yield number, posixpath.normpath(resolved), glob


def reachable(pages: Mapping[str, HandPage], start: str = ROOT_DOC) -> set[str]:
    """The pages a reader reaches from `start` through toctrees (`start` included)."""
    seen = {start}
    todo = [start]
    while todo:
        page = pages.get(todo.pop())
        if page is None:
            continue
        for _, target, glob in page.entries:
            found = fnmatch.filter(pages, target) if glob else [target]
            for name in found:
                if name not in seen:
                    seen.add(name)
                    todo.append(name)
    return seen


def check_hand_pages(corpus: Corpus) -> Iterator[Diagnostic]:
    """Rule page/unreachable: a page no toctree reaches from the index. Rule
    page/deliverable: a page's deliverable fields that do not hold."""
    pages = read_pages(corpus.root)
    index = pages.get(ROOT_DOC)
    if index is not None:
        found = reachable(pages)
        for top in (f"{GENERATED}/{name}" for name in GENERATED_TOPS):
            if top not in found:
                yield error(
                    Position(index.display),
                    f"the page summitkit writes as '{top}' is in no table of contents, so "
                    f"the build would stop; add '{top}' to the toctree in {index.display}",
                    "page/unreachable",
                )
        for name, page in pages.items():
            if name not in found and "orphan" not in page.fields:
                yield error(
                    Position(page.display),
                    f"page '{name}' is in no table of contents, so the build would stop; "
                    f"add '{_relative(name, ROOT_DOC)}' to the toctree in {index.display} "
                    "(or to a page it lists), or put ':orphan:' on the page's first line",
                    "page/unreachable",
                )
    taken = {
        **dict.fromkeys(corpus.documents, "a statement or basket"),
        **dict.fromkeys(corpus.reports, "a report"),
    }
    for page in pages.values():
        yield from _deliverable_problems(page, corpus, taken)


def _relative(name: str, start: str) -> str:
    return posixpath.relpath(name, posixpath.dirname(start) or ".")


def _deliverable_problems(
    page: HandPage, corpus: Corpus, taken: dict[str, str]
) -> Iterator[Diagnostic]:
    fields = page.fields
    for name, (line, _) in fields.items():
        if name.startswith("summit-") and name not in FIELDS:
            guess = difflib.get_close_matches(name, FIELDS, n=1)
            hint = f"; did you mean '{guess[0]}'?" if guess else f"; known: {', '.join(FIELDS)}"
            yield _problem(page, line, f"unknown field ':{name}:'{hint}")
    if "summit-deliverable" not in fields:
        for name in set(FIELDS) & fields.keys():
            yield _problem(
                page,
                fields[name][0],
                f"':{name}:' describes a deliverable, but the page declares none; "
                "add ':summit-deliverable: ID' above it",
            )
        return
    line, ident = fields["summit-deliverable"]
    if not _ID.match(ident):
        yield _problem(
            page, line, f"'{ident}' is not a valid id: use lowercase letters, digits and hyphens"
        )
    elif ident in taken:
        yield _problem(
            page,
            line,
            f"'{ident}' is already the id of {taken[ident]}, whose PDF and DOCX have that "
            "name; give the page another id",
        )
    taken[ident] = f"the page {page.display}"
    if "summit-round" in fields:
        line, round_id = fields["summit-round"]
        if round_id not in corpus.summits:
            guess = difflib.get_close_matches(round_id, list(corpus.summits), n=1)
            hint = f"; did you mean '{guess[0]}'?" if guess else ""
            yield _problem(page, line, f"unknown summit '{round_id}'{hint}")
    if "summit-status" in fields:
        line, status = fields["summit-status"]
        statuses = [s.value for s in DocumentStatus]
        if status not in statuses:
            yield _problem(page, line, f"'{status}' is not one of: {', '.join(statuses)}")
    if "summit-revision" in fields:
        line, revision = fields["summit-revision"]
        if not revision.isdigit():
            yield _problem(page, line, f"'{revision}' is not a revision: write a whole number")


def _problem(page: HandPage, line: int, message: str) -> Diagnostic:
    return error(Position(page.display, line), message, "page/deliverable")
