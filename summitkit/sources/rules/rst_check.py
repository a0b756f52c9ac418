"""Untrusted reST, checked by docutils itself rather than by patterns.

Clause text (and its translations) and every hand-written page under content/ is
parsed by docutils with the settings the build gives Sphinx (`SETTINGS`: no file
insertion, no raw markup). Directives and roles are looked up through an allow-list:
docutils' own harmless ones run as they are; Sphinx's and summitkit's, which plain
docutils does not know, run as inert stand-ins that read nothing (those with reST
content parse it, so nothing hides inside them); every other one is unknown to
docutils and reported. The doctree is then walked: only node types in `NODES` may
appear, links only with a scheme in `SCHEMES` (pages may also link by relative
path), and images and downloads in a page only from inside content/.

Clause text is inline markup only: no directive at all, the roles in `TEXT_ROLES`,
and links with a scheme.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from docutils import frontend, nodes, utils
from docutils.parsers.rst import Directive, Parser, directives, roles

from summitkit.sources.records import brackets

#: docutils settings for content, in check and in the build alike.
SETTINGS: dict[str, Any] = {"file_insertion_enabled": False, "raw_enabled": False}
SCHEMES = frozenset({"http", "https", "mailto"})

#: Roles clause text may use: emphasis and the like, span brackets. Not Sphinx's
#: cross-references (:doc:, :ref:, :term:): a clause is printed in PDF, DOCX, AKN and
#: redlines too, where they name nothing, and the build fails on one that names
#: nothing in the site.
TEXT_ROLES = frozenset(
    {
        "emphasis", "strong", "literal", "sub", "subscript", "sup", "superscript",
        "abbr", "title-reference", "t", "title",
        "bracket",  # a span not yet agreed (summitkit.sources.records.brackets)
    }
)  # fmt: skip
#: Sphinx's roles, which plain docutils lacks: stand-ins that keep their text.
SPHINX_ROLES = frozenset(
    {"abbr", "doc", "ref", "term", "numref", "kbd", "guilabel", "menuselection", "file",
     "samp", "dfn", "download"}
)  # fmt: skip
PAGE_ROLES = TEXT_ROLES | SPHINX_ROLES | {"code", "math", "abbreviation", "acronym"}

#: docutils directives a page may use as they are.
PAGE_DIRECTIVES = frozenset(
    {"image", "figure", "note", "warning", "tip", "important", "hint", "caution", "danger",
     "error", "attention", "admonition", "topic", "sidebar", "rubric", "epigraph",
     "highlights", "pull-quote", "compound", "container", "table", "list-table",
     "csv-table", "contents", "line-block", "parsed-literal", "code", "math", "class",
     "role", "default-role", "replace", "unicode", "date"}
)  # fmt: skip
#: Sphinx and summitkit directives whose content is reST: parsed, nothing else done.
NESTED_DIRECTIVES = frozenset(
    {"only", "seealso", "versionadded", "versionchanged", "deprecated", "centered", "hlist",
     "glossary"}
)  # fmt: skip
#: Sphinx and summitkit directives whose content is not reST (names, code): inert.
INERT_DIRECTIVES = frozenset(
    {"toctree", "code-block", "sourcecode", "highlight", "index", "tabularcolumns",
     "summit-document", "summit-clauses", "summit-parallel", "clause", "signatories",
     "action-items", "commitment-table", "centre-directory", "network-directory",
     "summit-changes"}
)  # fmt: skip

#: Node types a parsed text may hold (docutils' document model, minus raw and meta).
NODES = frozenset(
    {
        "document", "section", "title", "subtitle", "paragraph", "#text", "emphasis", "strong",
        "literal", "reference", "target", "footnote", "footnote_reference", "citation",
        "citation_reference", "label", "bullet_list", "enumerated_list", "list_item",
        "definition_list", "definition_list_item", "term", "definition", "classifier", "field_list",
        "field", "field_name", "field_body", "option_list", "option_list_item", "option_group",
        "option", "option_string", "option_argument", "description", "literal_block", "line_block",
        "line", "block_quote", "attribution", "doctest_block", "table", "tgroup", "colspec",
        "thead", "tbody", "row", "entry", "image", "figure", "caption", "legend", "note", "warning",
        "tip", "important", "hint", "caution", "danger", "error", "attention", "admonition",
        "topic", "sidebar", "rubric", "transition", "comment", "substitution_definition",
        "substitution_reference", "title_reference", "abbreviation", "acronym", "subscript",
        "superscript", "inline", "container", "compound", "math", "math_block", "generated",
        "pending", "problematic", "system_message", "docinfo", "author", "authors", "organization",
        "contact", "address", "version", "revision", "status", "date", "copyright", "stand_in",
        "file_stand_in",
    }
)  # fmt: skip


class stand_in(nodes.Inline, nodes.TextElement):  # type: ignore[misc]
    """What a Sphinx role or directive leaves in the checked tree: its text only."""


class file_stand_in(nodes.Inline, nodes.TextElement):  # type: ignore[misc]
    """A `:download:` role: its target is a file that Sphinx would copy into the site."""


@dataclass(frozen=True)
class Problem:
    line: int
    message: str
    generic: bool = False
    """docutils' own words for a problem the build would stop on: said only where
    nothing more precise was found (it is often the echo of that)."""


def _stand_in_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None,
    content: Any = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:  # fmt: skip
    node = stand_in(rawtext, utils.unescape(text), role=name)
    node.line = lineno
    return [node], []


def _download_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: Any, options: Any = None,
    content: Any = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:  # fmt: skip
    """`:download:`, and any role a page derives from it: the file it names is kept."""
    text = utils.unescape(text)
    target = re.sub(r"^.*<(.*)>$", r"\1", text, flags=re.S).strip()
    node = file_stand_in(rawtext, text, target=target)
    node.line = lineno
    return [node], []


class _InertDirective(Directive):  # type: ignore[misc]
    """A Sphinx directive as the check sees it: arguments kept, content not parsed."""

    optional_arguments = 100
    final_argument_whitespace = True
    has_content = True
    option_spec: Any = None  # set per class below: every option accepted

    def run(self) -> list[nodes.Node]:
        node = stand_in(self.block_text, " ".join(self.arguments), role=self.name)
        node.line = self.lineno
        return [node]


class _TocTreeDirective(_InertDirective):
    """A toctree: its entries are page names, or links ('Title <https://...>') that
    Sphinx writes into the page as they are, so each link is checked as a link."""

    def run(self) -> list[nodes.Node]:
        found: list[nodes.Node] = super().run()
        for offset, entry in enumerate(self.content):
            match = _EXPLICIT_TITLE.match(entry.strip())
            target = (match.group(2) if match else entry).strip()
            if ":" in target or target.startswith("//"):  # not a page name: a link
                link = nodes.reference(entry, entry, refuri=target)
                link.line = self.content_offset + offset + 1
                found.append(nodes.paragraph("", "", link))
        return found


#: Sphinx's 'Title <target>' in a toctree entry.
_EXPLICIT_TITLE = re.compile(r"^(.+?)\s*(?<!\x00)<([^<]*?)>$", re.DOTALL)


class _NestedDirective(_InertDirective):
    def run(self) -> list[nodes.Node]:
        node = nodes.container()
        node.line = self.lineno
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class _AnyOption(dict[str, Callable[[str | None], Any]]):
    def __missing__(self, key: str) -> Callable[[str | None], Any]:
        unchanged: Callable[[str | None], Any] = directives.unchanged
        return unchanged


_InertDirective.option_spec = _AnyOption()


@contextlib.contextmanager
def _allow_list(
    allowed_roles: frozenset[str], allowed_directives: frozenset[str]
) -> Iterator[None]:
    """docutils' role and directive look-ups, limited for one parse; restored after."""
    saved_roles, saved_directives = dict(roles._roles), dict(directives._directives)
    find_role, find_directive = roles.role, directives.directive

    def role(name: str, language: Any, lineno: int, reporter: Any) -> Any:
        norm = name.lower()
        if norm and norm in roles._roles and norm not in saved_roles:
            return roles._roles[norm], []  # defined in this page, from an allowed base
        if norm and norm not in allowed_roles:
            return None, []
        if norm == "download":
            return _download_role, []
        if norm in SPHINX_ROLES:
            return _stand_in_role, []
        return find_role(name, language, lineno, reporter)

    def directive(name: str, language: Any, document: Any) -> Any:
        norm = name.lower()
        if norm not in allowed_directives:
            return None, []
        if norm == "toctree":
            return _TocTreeDirective, []
        if norm in INERT_DIRECTIVES:
            return _InertDirective, []
        if norm in NESTED_DIRECTIVES:
            return _NestedDirective, []
        return find_directive(name, language, document)

    roles.role, directives.directive = role, directive
    try:
        yield
    finally:
        roles.role, directives.directive = find_role, find_directive
        roles._roles.clear()
        roles._roles.update(saved_roles)
        directives._directives.clear()
        directives._directives.update(saved_directives)


@functools.cache
def _base_settings() -> Any:
    """docutils' settings for every parse, made once: building them constructs an
    option parser, three times the cost of parsing a clause, and its reference
    cycles would stay alive while check has cyclic collection paused."""
    settings = frontend.get_default_settings(Parser)
    settings.report_level = 5  # messages are read from the tree, not printed
    settings.halt_level = 5
    for name, value in SETTINGS.items():
        setattr(settings, name, value)
    return settings


def _parse(text: str, allowed_roles: frozenset[str], allowed_directives: frozenset[str]) -> Any:
    settings = copy.copy(_base_settings())  # what a parse may change is set anew
    settings.warning_stream = io.StringIO()
    settings.record_dependencies = utils.DependencyList()
    document = utils.new_document("<content>", settings)
    # Sphinx restores docutils' roles after each build, which drops a role registered
    # while it ran: register the bracket role again for every parse.
    roles.register_local_role(brackets.ROLE, brackets.bracket_role)
    with _allow_list(allowed_roles, allowed_directives):
        Parser().parse(text, document)
    return document


_UNKNOWN = re.compile(r'^Unknown (?P<what>directive type|interpreted text role) "(?P<name>[^"]+)"')
_DISABLED = re.compile(r"(directive disabled|roles disabled|File and URL access deactivated)")


def text_problems(text: str) -> Iterator[str]:
    """What is not allowed in one piece of content text (inline markup only); see
    `safety.text_problems`, which calls it only for a text that may hold markup."""
    found = list(_walk(_parse(text, TEXT_ROLES, frozenset()), page=False))
    precise = [p for p in found if not p.generic]
    if precise or brackets.parse(text).unbalanced:  # bracket/unbalanced says it better
        found = precise
    for problem in found:
        yield problem.message


def page_problems(text: str, folder: Path, content: Path) -> list[Problem]:
    """What is not allowed in one hand-written page in `folder` under `content`."""
    allowed = PAGE_DIRECTIVES | NESTED_DIRECTIVES | INERT_DIRECTIVES
    document = _parse(text, PAGE_ROLES, allowed)
    return list(_walk(document, page=True, folder=folder, content=content))


def _walk(
    document: Any, page: bool, folder: Path | None = None, content: Path | None = None
) -> Iterator[Problem]:
    where = "a page" if page else "content text"
    seen: set[Problem] = set()
    for problem in _problems(document, page, where, folder, content):
        if problem not in seen:  # a link is both a reference and its target
            seen.add(problem)
            yield problem


def _problems(
    document: Any, page: bool, where: str, folder: Path | None, content: Path | None
) -> Iterator[Problem]:
    for node in document.findall(include_self=False):
        line = _line(node)
        if isinstance(node, nodes.system_message):
            text = node[0].astext() if len(node) else ""
            if message := _message(text, where, page):
                yield Problem(int(node.get("line") or line), message)
            elif not page and node.get("level", 0) >= 2:  # the build stops on these
                first = text.splitlines()[0] if text else "a reST problem"
                yield Problem(
                    int(node.get("line") or line),
                    f"{first.rstrip('.')} (reST); escape a character meant as text with a "
                    "backslash (\\*, \\`, \\_)",
                    generic=True,
                )
        elif not page and isinstance(node, nodes.footnote_reference | nodes.citation_reference):
            yield Problem(
                line,
                f"footnote reference '{node.rawsource or node.astext()}' is not allowed in "
                "content text: a "
                "clause holds no footnotes; cite a source with sources:",
            )
        elif not page and isinstance(node, nodes.reference) and _dangling(node, document):
            name = node.rawsource or f"{node.astext()}_"
            yield Problem(
                line,
                f"link '{name}' names no target in the text; write the address: "
                "`words <https://...>`_",
            )
        elif node.tagname not in NODES:
            yield Problem(line, f"'{node.tagname}' markup is not allowed in {where}")
        elif isinstance(node, nodes.substitution_reference) and not page:
            yield Problem(
                line,
                f"substitution '|{node.astext()}|' is not allowed in content text; "
                "write the text out, or escape the bars (\\|)",
            )
        elif isinstance(node, nodes.reference | nodes.target) and node.get("refuri"):
            # A bare URI in clause text is linked by docutils; the build keeps it as text.
            standalone = not page and node.astext() == node["refuri"]
            if not standalone and (message := _link_problem(str(node["refuri"]), page)):
                yield Problem(line, message)
        elif isinstance(node, nodes.image) and folder and content:
            if not _inside(str(node["uri"]), folder, content):
                kind = "figure" if isinstance(node.parent, nodes.figure) else "image"
                yield Problem(line, _file_problem(kind, str(node["uri"])))
        elif (
            isinstance(node, file_stand_in)
            and folder
            and content
            and not _inside(str(node["target"]), folder, content)
        ):
            yield Problem(line, _file_problem("download", str(node["target"])))


def _dangling(reference: nodes.reference, document: Any) -> bool:
    """Whether a reference in clause text names a target the text does not define (the
    build resolves it in the text alone, and fails where it finds none)."""
    if reference.get("refuri") or reference.get("refid"):
        return False
    if reference.get("anonymous"):
        return not any(t.get("anonymous") for t in document.findall(nodes.target))
    name = reference.get("refname")
    if not name:
        return False
    return not any(name in t["names"] for t in document.findall(nodes.target))


def _line(node: nodes.Node) -> int:
    """The node's line, else its first child's that has one (a link around an image),
    else its nearest parent's."""
    for inner in node.findall():
        if inner.line:
            return int(inner.line)
    while node is not None:
        if node.line:
            return int(node.line)
        node = node.parent
    return 1


def _message(text: str, where: str, page: bool) -> str | None:
    if unknown := _UNKNOWN.match(text):
        name = unknown["name"]
        if unknown["what"] == "interpreted text role":
            return f"role ':{name}:' is not allowed in {where}"
        if not page:
            return (  # the build reads clause text as inline markup only
                f"directive '{name}' is not allowed in content text; "
                "clauses hold inline markup only"
            )
        if name.lower() in ("include", "literalinclude", "raw"):
            return (
                f"directive '{name}' is not allowed in a page: it reads a file or emits raw markup"
            )
        return (
            f"directive '{name}' is not allowed in a page: it is not on summitkit's list "
            '(docs: "Audiences and untrusted content")'
        )
    if "File and URL access deactivated" in text:
        return f"option ':file:' or ':url:' is not allowed in {where}; write the table out"
    if _DISABLED.search(text):
        return f"not allowed in {where}: {text.splitlines()[0]}"
    return None


def _link_problem(uri: str, page: bool) -> str | None:
    scheme = urlsplit(uri).scheme.lower() if ":" in uri else ""
    if scheme in SCHEMES or (page and not scheme and not uri.startswith("//")):
        return None
    shown = " ".join(uri.split())
    return f"link to '{shown}' is not allowed: use http, https or mailto links"


def _file_problem(kind: str, target: str) -> str:
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target):
        return f"{kind} '{target}' is not allowed: use a file in content/ or an https address"
    return f"{kind} '{target}' is outside content/; copy the file into content/"


def _inside(target: str, folder: Path, content: Path) -> bool:
    """Whether Sphinx would find `target` inside content/ ('/x' is content/x for Sphinx)."""
    if re.match(r"^https?://", target, re.I):
        return True  # a remote image is not read from disk
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target):
        return False  # data:, file: and the like
    base = content if target.startswith("/") else folder
    resolved = (base / target.lstrip("/")).resolve()
    return resolved.is_relative_to(content.resolve())
