"""Untrusted text: what reST inside content may use.

Clause text is parsed as inline markup only (see the summitkit directives), so
block directives such as ``include`` or ``raw`` can never run from content. This
module refuses at `check` time what would still be risky or surprising inline:
roles that read files (``:download:``), links to schemes other than http(s)
and mailto, and directive-looking lines that a drafter may have meant to work.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from summitkit.corpus import Corpus
from summitkit.diagnostics import Diagnostic, error

#: Roles content may use: emphasis and the like, and cross-references.
ALLOWED_ROLES = frozenset(
    {
        "emphasis", "strong", "literal", "sub", "subscript", "sup", "superscript",
        "abbr", "title-reference", "t", "title", "doc", "ref", "term",
    }
)  # fmt: skip
ALLOWED_SCHEMES = ("http://", "https://", "mailto:")

_ROLE = re.compile(r"(?<![\w\\]):(?P<name>[A-Za-z][\w.+-]*):`")
_DIRECTIVE = re.compile(r"^\s*\.\.\s+(?P<name>[\w:.+-]+)::", re.M)
_LINK = re.compile(r"<(?P<uri>[^<>`]+)>`_{1,2}")
_TARGET = re.compile(r"^\s*\.\.\s+_[^:]*:\s*(?P<uri>\S+)", re.M)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def text_problems(text: str) -> Iterator[str]:
    """What is not allowed in one piece of content text."""
    for match in _DIRECTIVE.finditer(text):
        yield (
            f"directive '{match['name']}' is not allowed in content text; "
            "clauses hold inline markup only"
        )
    for match in _ROLE.finditer(text):
        if match["name"] not in ALLOWED_ROLES:
            yield f"role ':{match['name']}:' is not allowed in content text"
    for match in (*_LINK.finditer(text), *_TARGET.finditer(text)):
        uri = match["uri"].strip()
        if _SCHEME.match(uri) and not uri.lower().startswith(ALLOWED_SCHEMES):
            yield f"link to '{uri}' is not allowed: use http, https or mailto links"


def check_markup(corpus: Corpus) -> Iterator[Diagnostic]:
    """Rule rst/forbidden: clause text and translations use safe inline markup only."""
    for document in corpus.documents.values():
        raw = corpus.origins[(document.kind, document.id)]
        for index, clause in enumerate(document.clauses):
            texts = [(("clauses", index, "text"), clause.text)]
            for lang, translation in clause.translations.items():
                text = translation if isinstance(translation, str) else translation.text
                texts.append((("clauses", index, "translations", lang), text))
            for loc, text in texts:
                for problem in text_problems(text):
                    yield error(raw.position(loc), problem, "rst/forbidden")
