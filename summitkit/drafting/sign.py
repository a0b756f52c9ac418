"""`summit sign` and `summit unsign`: add or remove one signatory of a statement or basket.

The record's file is edited as text, not re-emitted: signing adds one line (one
item of a block list, at its place in the order `summit fmt` keeps: states by
id, then organizations), so every other byte of the file — comments, key order,
quoting — stays as it was, and two drafters who sign on two branches touch two
different lines. A file not yet laid out by `summit fmt` is edited in the
style it has (an item added inside `[...]`). The repository is checked again
after the edit; if the file would no longer pass, the original is put back.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path

import yaml

from summitkit.drafting.fmt import party_order, record_key_order
from summitkit.sources.corpus import Corpus
from summitkit.sources.diagnostics import Diagnostic, display_path
from summitkit.sources.project import check
from summitkit.sources.schema import Document

FIELD = "signatories"


class SignRefused(Exception):
    """The signatory cannot be added or removed; the message says why and what to do."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


@dataclass(frozen=True)
class Signature:
    party: str
    organization: bool = False
    date: dt.date | None = None

    @property
    def order(self) -> tuple[int, str]:
        return (1 if self.organization else 0, self.party)

    @property
    def entry(self) -> str:
        """The list item as written: a state id, or a one-line flow mapping."""
        if not self.organization and self.date is None:
            return self.party
        key = "organization" if self.organization else "state"
        when = f", date: {self.date.isoformat()}" if self.date else ""
        return f"{{{key}: {self.party}{when}}}"


def sign(root: Path, document_id: str, signature: Signature) -> str:
    """Add a signatory; returns the display path of the edited file."""
    corpus, document = _load(root, document_id)
    _known_party(corpus, signature)
    if any(_matches(s.state, s.organization, signature) for s in document.signatories):
        raise SignRefused(f"{signature.party} is already a signatory of {document_id}")
    return _edit(root, corpus, document, signature, add=True)


def unsign(root: Path, document_id: str, signature: Signature) -> str:
    """Remove a signatory; returns the display path of the edited file."""
    corpus, document = _load(root, document_id)
    if not any(_matches(s.state, s.organization, signature) for s in document.signatories):
        signed = ", ".join(s.party for s in document.signatories) or "none"
        raise SignRefused(
            f"{signature.party} is not a signatory of {document_id} (signatories: {signed})"
        )
    return _edit(root, corpus, document, signature, add=False)


def _matches(state: str | None, organization: str | None, signature: Signature) -> bool:
    return (organization if signature.organization else state) == signature.party


def _load(root: Path, document_id: str) -> tuple[Corpus, Document]:
    corpus = check(root).corpus
    if document_id in corpus.documents:
        return corpus, corpus.documents[document_id]
    if {("statement", document_id), ("basket", document_id)} & corpus.failed:
        raise SignRefused(f"{document_id} does not pass 'summit check'; fix it first")
    hint = _did_you_mean(document_id, list(corpus.documents), {})
    raise SignRefused(f"no statement or gift basket '{document_id}'{hint}")


def _known_party(corpus: Corpus, signature: Signature) -> None:
    kind = "organization" if signature.organization else "state"
    records = corpus.organizations if signature.organization else corpus.states
    if signature.party in records:
        return
    names = {str(getattr(r, n)).casefold(): r.id for r in records.values() for n in _NAMES[kind]}
    hint = _did_you_mean(signature.party, list(records), names)
    raise SignRefused(f"no {kind} '{signature.party}'{hint}")


_NAMES = {"state": ("name", "short_name", "iso3"), "organization": ("name", "short_name")}


def _did_you_mean(given: str, ids: list[str], names: dict[str, str]) -> str:
    exact = names.get(given.casefold())
    close = [exact] if exact else difflib.get_close_matches(given.lower(), ids, n=3)
    if not close:
        close = [names[n] for n in difflib.get_close_matches(given.casefold(), list(names), n=3)]
    close = list(dict.fromkeys(close))
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def _edit(root: Path, corpus: Corpus, document: Document, signature: Signature, add: bool) -> str:
    path = corpus.path_of(document)
    display = display_path(path, root)
    original = path.read_bytes()
    text = original.decode("utf-8")
    edited = (
        add_signatory(text, document.kind, signature) if add else remove_signatory(text, signature)
    )
    path.write_bytes(edited.encode("utf-8"))
    checked = check(root)
    after = checked.corpus.documents.get(document.id)
    problems = [d for d in checked.errors if d.position.path == display]
    expected = {s.party for s in document.signatories} ^ {signature.party}
    if problems or after is None or {s.party for s in after.signatories} != expected:
        path.write_bytes(original)
        raise SignRefused(f"the edit would break {display}; the file was left as it was", problems)
    return display


# -- editing the text -------------------------------------------------------


def _compose(text: str) -> yaml.MappingNode:
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):  # pragma: no cover - check() passed
        raise SignRefused("the record is not a mapping of fields")
    return node


def _field(root: yaml.MappingNode) -> tuple[yaml.ScalarNode, yaml.Node] | None:
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == FIELD:
            return key, value
    return None


def _line_start(text: str, line: int) -> int:
    """Offset of the start of line `line` (counting from 0); the end past the last line."""
    offset = 0
    for _ in range(line):
        found = text.find("\n", offset)
        if found < 0:
            return len(text)
        offset = found + 1
    return offset


def _comments_above(lines: list[str], line: int) -> int:
    """The first line of the comment lines directly above `line` (or `line`)."""
    while line > 0 and lines[line - 1].lstrip().startswith("#"):
        line -= 1
    return line


def _last_content_line(lines: list[str], node: yaml.Node) -> int:
    """The last line holding part of `node` (block collections end at the next token)."""
    end = node.end_mark.line if node.end_mark.column > 0 else node.end_mark.line - 1
    while end > node.start_mark.line and (
        not lines[end].strip() or lines[end].lstrip().startswith("#")
    ):
        end -= 1
    return end


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def add_signatory(text: str, kind: str, signature: Signature) -> str:
    """`text` with one more signatory, at its place in the documented order."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split("\n")
    root = _compose(text)
    found = _field(root)
    if found is None:
        order = record_key_order(kind)
        rank = order.index(FIELD)
        later = [
            k for k, _ in root.value if k.value in order and order.index(k.value) > rank
        ]  # fmt: skip
        block = f"{FIELD}:{newline}  - {signature.entry}{newline}"
        if not later:
            return text + ("" if text.endswith("\n") else newline) + block
        at = _line_start(text, _comments_above(lines, later[0].start_mark.line))
        return text[:at] + block + text[at:]
    key, value = found
    if isinstance(value, yaml.ScalarNode) and value.value == "":
        return _insert_line(text, key.start_mark.line + 1, key, signature.entry, newline)
    if not isinstance(value, yaml.SequenceNode):
        raise SignRefused(f"'{FIELD}' is not a list; write it as one")
    items = value.value
    place = next((i for i, item in enumerate(items) if party_order(item) > signature.order), None)
    if value.flow_style and not items:
        start, end = value.start_mark.index, value.end_mark.index
        edited = text[:start].rstrip(" ") + text[end:]
        return _insert_line(edited, key.start_mark.line + 1, key, signature.entry, newline)
    if value.flow_style:
        if place is not None:
            at = items[place].start_mark.index
            return text[:at] + signature.entry + ", " + text[at:]
        at = items[-1].end_mark.index
        return text[:at] + ", " + signature.entry + text[at:]
    dash = _indent(lines[items[0].start_mark.line])
    if place is not None:
        line = _comments_above(lines, items[place].start_mark.line)
    else:
        line = _last_content_line(lines, items[-1]) + 1
    at = _line_start(text, line)
    prefix = "" if at == 0 or text[at - 1] == "\n" else newline
    return text[:at] + prefix + f"{dash}- {signature.entry}{newline}" + text[at:]


def _insert_line(text: str, line: int, key: yaml.Node, entry: str, newline: str) -> str:
    at = _line_start(text, line)
    prefix = "" if at == 0 or text[at - 1] == "\n" else newline
    dash = " " * (key.start_mark.column + 2)
    return text[:at] + prefix + f"{dash}- {entry}{newline}" + text[at:]


def remove_signatory(text: str, signature: Signature) -> str:
    """`text` without the signatory; other lines untouched."""
    lines = text.split("\n")
    key, value = _field(_compose(text)) or (None, None)
    if key is None or not isinstance(value, yaml.SequenceNode):  # pragma: no cover
        raise SignRefused(f"no '{FIELD}' list to remove {signature.party} from")
    items = value.value
    index = next(i for i, item in enumerate(items) if party_order(item) == signature.order)
    if value.flow_style:
        if len(items) == 1:
            start, end = value.start_mark.index, value.end_mark.index
            return text[:start] + "[]" + text[end:]
        if index + 1 < len(items):
            start, end = items[index].start_mark.index, items[index + 1].start_mark.index
        else:
            start, end = items[index - 1].end_mark.index, items[index].end_mark.index
        return text[:start] + text[end:]
    first = items[index].start_mark.line
    last = _last_content_line(lines, items[index])
    start, end = _line_start(text, first), _line_start(text, last + 1)
    text = text[:start] + text[end:]
    if len(items) == 1:  # an empty block list would read as null: write []
        colon = text.index(":", key.end_mark.index) + 1
        text = text[:colon] + " []" + text[colon:]
    return text
