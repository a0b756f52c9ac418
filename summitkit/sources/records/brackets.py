"""Span brackets: wording inside a clause that is not yet agreed.

A span bracket is the reST role ``bracket``, parsed by docutils like any role::

    The centres :bracket:`will work to make <jpn>` their curricula public.
    The centres :bracket:`will share <chn, kor>` curricula.
    The centres will share :bracket:`non-sensitive` information.

The role's text is the bracketed wording; the delegations that hold the bracket
follow it in angle brackets, comma-separated (state or organization ids), the way
``:ref:`` names its target. Attribution is optional unless the document sets
``brackets_attributed: true``. Every output prints the span in square brackets with
its holders in capitals: ``[will work to make — JPN]``. A bracket whose closing
backquote is missing is reported by `summit check` (rule ``bracket/unbalanced``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docutils import nodes
    from docutils.parsers.rst.states import Inliner

ROLE = "bracket"
CLASS = "sk-bracket"
_ATTRIBUTION = re.compile(r"^(?P<text>.*?)\s*<(?P<parties>[^<>]*)>$", re.S)


@dataclass(frozen=True)
class Bracket:
    """One span bracket found in a text."""

    source: str
    """The role as written (``:bracket:`…```), to find it in the text."""
    text: str
    """The bracketed wording."""
    parties: tuple[str, ...]
    """Who holds it (ids), in the order written; empty when unattributed."""

    @property
    def printed(self) -> str:
        """The bracket as every output prints it: ``[wording — JPN, KOR]``."""
        return render(self.text, self.parties)


def render(text: str, parties: tuple[str, ...] | list[str]) -> str:
    """Square brackets around `text`, with the holders' ids in capitals."""
    holders = ", ".join(p.upper() for p in parties)
    return f"[{text} — {holders}]" if holders else f"[{text}]"


def split_attribution(text: str) -> tuple[str, tuple[str, ...]]:
    """'will work <jpn, kor>' → ('will work', ('jpn', 'kor'))."""
    match = _ATTRIBUTION.match(text)
    if match is None:
        return text, ()
    parties = tuple(p.strip() for p in match["parties"].split(",") if p.strip())
    return match["text"], parties


def bracket_role(
    name: str,
    rawtext: str,
    text: str,
    lineno: int,
    inliner: Inliner,
    options: dict[str, Any] | None = None,
    content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """The docutils role: an inline node that prints the span in square brackets."""
    from docutils import nodes, utils

    wording, parties = split_attribution(utils.unescape(text))
    node = nodes.inline(rawtext, render(wording, parties), classes=[CLASS])
    node["bracket-text"] = wording
    node["bracket-parties"] = list(parties)
    return [node], []


@dataclass(frozen=True)
class Parsed:
    """What docutils found in one text: its brackets, and bracket roles left open."""

    brackets: list[Bracket]
    unbalanced: list[str]
    """The start of each bracket role docutils could not close."""
    unclosed_holders: list[str] = field(default_factory=list)
    """Each bracket whose holder list opens `<` without closing it (or the reverse):
    printed as is, it would show the ids as wording."""


@cache
def _settings() -> Any:
    from docutils import frontend
    from docutils.parsers.rst import Parser

    settings = frontend.get_default_settings(Parser)
    settings.report_level = 5  # messages are collected from the tree, not printed
    settings.halt_level = 5
    settings.file_insertion_enabled = False
    settings.raw_enabled = False
    return settings


def may_hold_brackets(text: str) -> bool:
    """Whether `text` names the bracket role at all: without it, it holds no bracket."""
    return f":{ROLE}:" in text


def parse(text: str) -> Parsed:
    """The span brackets in a clause text, as docutils parses the text."""
    if not may_hold_brackets(text):
        return Parsed([], [])
    # docutils is imported for the first text that holds a bracket, not at start-up.
    from docutils import nodes, utils
    from docutils.parsers.rst import Parser, roles

    roles.register_local_role(ROLE, bracket_role)
    document = utils.new_document("<clause>", _settings())
    Parser().parse(text, document)
    brackets = [
        Bracket(n.rawsource, n["bracket-text"], tuple(n["bracket-parties"]))
        for n in document.findall(nodes.inline)
        if CLASS in n["classes"]
    ]
    # A bracket left open either finds no end (docutils marks its backquote as
    # problematic) or runs on to the end of the next role, swallowing its backquotes.
    unbalanced = [b.source for b in brackets if "`" in b.text]
    brackets = [b for b in brackets if "`" not in b.text]
    holders = [b.source for b in brackets if "<" in b.text or ">" in b.text]
    brackets = [b for b in brackets if b.source not in holders]
    for problem in document.findall(nodes.problematic):
        parent = problem.parent
        index = parent.index(problem)
        before = parent[index - 1].astext() if index else ""
        after = parent[index + 1].astext() if index + 1 < len(parent) else ""
        if before.endswith(f":{ROLE}:"):
            unbalanced.append(f":{ROLE}:{problem.astext()}{after}")
    return Parsed(brackets, unbalanced, holders)


def printed(text: str) -> str:
    """The text with every span bracket replaced by its printed form."""
    for bracket in parse(text).brackets:
        text = text.replace(bracket.source, bracket.printed, 1)
    return text
