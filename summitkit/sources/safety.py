"""Untrusted text: what reST inside content may use.

Clause text is parsed as inline markup only (see the summitkit directives), so
block directives such as ``include`` or ``raw`` can never run from content. This
module refuses at `check` time what would still be risky or surprising inline:
roles that read files (``:download:``), links to anything but http(s) and
mailto, substitutions, and directive-looking lines that a drafter may have
meant to work. Hand-written pages (``content/**/*.rst``) are full reST, but may
not read files from outside content/ or emit raw markup either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from summitkit.sources.corpus import Corpus
from summitkit.sources.diagnostics import Diagnostic, Position, error, warning
from summitkit.sources.loader import Path_

#: Roles content may use: emphasis and the like, cross-references, span brackets.
ALLOWED_ROLES = frozenset(
    {
        "emphasis", "strong", "literal", "sub", "subscript", "sup", "superscript",
        "abbr", "title-reference", "t", "title", "doc", "ref", "term",
        "bracket",  # a span not yet agreed (summitkit.sources.brackets)
    }
)  # fmt: skip
ALLOWED_SCHEMES = ("http://", "https://", "mailto:")

_ROLE = re.compile(r"(?<![\w\\]):(?P<name>[A-Za-z][\w.+-]*):`")
# docutils also reads a role written after its text: `text`:role:
_SUFFIX_ROLE = re.compile(r"(?<!\\)`:(?P<name>[A-Za-z][\w.+-]*):(?!`)")
_DIRECTIVE = re.compile(r"^\s*\.\.\s+(?P<name>[\w:.+-]+)::", re.M)
_LINK = re.compile(r"<(?P<uri>[^<>`]+)>`_{1,2}")
_TARGET = re.compile(r"^\s*\.\.\s+_[^:]*:\s*(?P<uri>\S+)", re.M)
# |name|, |name|_ and |name|__, where docutils would see a substitution reference.
_SUBSTITUTION = re.compile(r"(?<![\w\\|])\|(?P<name>[^\s|](?:[^|]*[^\s|\\])?)\|(?:__?)?(?![\w|])")
#: Bidi override characters (LRO, RLO) make the shown order of characters differ
#: from the stored one, the order a reviewer reads in a diff ("Trojan Source").
#: Marks, embeddings and isolates, which right-to-left text needs, are accepted.
BIDI_OVERRIDES = {"\u202d": "LEFT-TO-RIGHT OVERRIDE", "\u202e": "RIGHT-TO-LEFT OVERRIDE"}


_MARKUP = re.compile(r"[`|<]|\.\.")
"""Every construct below needs one of these; most clause text has none."""


def text_problems(text: str) -> Iterator[str]:
    """What is not allowed in one piece of content text."""
    if not _MARKUP.search(text):
        return
    for match in _DIRECTIVE.finditer(text):
        yield (
            f"directive '{match['name']}' is not allowed in content text; "
            "clauses hold inline markup only"
        )
    for match in (*_ROLE.finditer(text), *_SUFFIX_ROLE.finditer(text)):
        if match["name"].lower() not in ALLOWED_ROLES:
            yield f"role ':{match['name']}:' is not allowed in content text"
    for match in _SUBSTITUTION.finditer(text):
        yield (
            f"substitution '|{match['name']}|' is not allowed in content text; "
            "write the text out, or escape the bars (\\|)"
        )
    for match in (*_LINK.finditer(text), *_TARGET.finditer(text)):
        yield from _link_problems(match["uri"])


def _link_problems(uri: str) -> Iterator[str]:
    # docutils drops whitespace and backslashes from a link target: `java script:` links
    # to javascript:. A target ending in an unescaped _ names another target instead.
    target = re.sub(r"\s+|\\(?=[^_])", "", uri)
    if target.endswith("_") and not uri.endswith("\\_"):
        return
    if not target.lower().startswith(ALLOWED_SCHEMES):
        yield f"link to '{' '.join(uri.split())}' is not allowed: use http, https or mailto links"


def check_markup(corpus: Corpus) -> Iterator[Diagnostic]:
    """Rule rst/forbidden: clause text and translations use safe inline markup only,
    and hand-written pages read no file and emit no raw markup. Rule text/bidi-override:
    a warning for characters that reorder what a reader sees."""
    for document in corpus.documents.values():
        raw = corpus.origins[(document.kind, document.id)]
        for index, clause in enumerate(document.clauses):
            texts: list[tuple[Path_, str]] = [(("clauses", index, "text"), clause.text)]
            for lang, translation in clause.translations.items():
                text = translation if isinstance(translation, str) else translation.text
                texts.append((("clauses", index, "translations", lang), text))
            for loc, text in texts:
                for problem in text_problems(text):
                    yield error(raw.position(loc), problem, "rst/forbidden")
                for char in sorted(set(text) & BIDI_OVERRIDES.keys()):
                    yield warning(
                        raw.position(loc),
                        f"U+{ord(char):04X} {BIDI_OVERRIDES[char]} shows the text in another "
                        "order than it is stored; remove it (use U+200E/U+200F marks or "
                        "isolates for right-to-left text)",
                        "text/bidi-override",
                    )
    yield from check_pages(corpus.root)


# -- hand-written pages ----------------------------------------------------------------

#: Directives that read a file or emit markup as it is: never in a page.
_PAGE_DIRECTIVES = frozenset({"include", "literalinclude", "raw"})
#: Directives whose argument is a file that Sphinx copies into the site.
_FILE_DIRECTIVES = frozenset({"image", "figure"})
_PAGE_DIRECTIVE = re.compile(
    r"^(?P<indent>\s*)\.\.\s+(?:\|[^|]+\|\s+)?(?P<name>[\w:.+-]+)::(?P<argument>.*)$"
)
_PAGE_OPTION = re.compile(r"^\s+:(?P<name>file|url):")
_DOWNLOAD = re.compile(r":download:`(?:[^`<]*<)?(?P<target>[^`>]+)>?`")


def check_pages(root: Path) -> Iterator[Diagnostic]:
    """Rule rst/forbidden in the hand-written pages under content/ (not content/generated/)."""
    content = root / "content"
    if not content.is_dir():
        return
    for path in sorted(content.rglob("*.rst")):
        relative = path.relative_to(root)
        if relative.parts[1] == "generated" or path.is_symlink() or not path.is_file():
            continue  # generated pages are summitkit's own; links are the loader's concern
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # Sphinx reports it
        for number, line in enumerate(lines, 1):
            for column, problem in _page_problems(line, path.parent, content):
                yield error(Position(relative.as_posix(), number, column), problem, "rst/forbidden")


def _page_problems(line: str, folder: Path, content: Path) -> Iterator[tuple[int, str]]:
    if directive := _PAGE_DIRECTIVE.match(line):
        name = directive["name"].lower()
        column = len(directive["indent"]) + 1
        argument = directive["argument"].strip()
        if name in _PAGE_DIRECTIVES:
            yield (
                column,
                f"directive '{name}' is not allowed in a page: it reads a file or emits raw markup",
            )
        elif name == "role" and "(raw)" in argument.replace(" ", ""):
            yield column, "a role based on 'raw' is not allowed in a page: it emits raw markup"
        elif name in _FILE_DIRECTIVES and not _inside(argument, folder, content):
            yield column, f"{name} '{argument}' is outside content/; copy the file into content/"
    if option := _PAGE_OPTION.match(line):
        yield (
            line.index(":") + 1,
            f"option ':{option['name']}:' is not allowed in a page; write the table in the page",
        )
    for download in _DOWNLOAD.finditer(line):
        if not _inside(download["target"].strip(), folder, content):
            target = download["target"].strip()
            yield (
                download.start() + 1,
                f"download '{target}' is outside content/; copy the file into content/",
            )


def _inside(target: str, folder: Path, content: Path) -> bool:
    """Whether Sphinx would find `target` inside content/ ('/x' is content/x for Sphinx)."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", target):
        return True  # a remote image is not read from disk
    base = content if target.startswith("/") else folder
    resolved = (base / target.lstrip("/")).resolve()
    return resolved.is_relative_to(content.resolve())
