"""`summit sign` and `summit unsign`: add or remove one signatory, co-sponsor or lead
state of a statement or basket.

The record's file is edited as text, not re-emitted: signing adds one line (one
item of a block list, at its place in the order `summit fmt` keeps: states by
id, then organizations; lead states at the end, since their order is printed),
so every other byte of the file — comments, key order, quoting — stays as it
was, and two drafters who sign on two branches touch two different lines. A
file not yet laid out by `summit fmt` is edited in the style it has (an item
added inside `[...]`). The repository is checked again after the edit; if the
file would no longer pass, the original is put back.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import yaml

from summitkit.drafting.layout.fmt import party_order, record_key_order
from summitkit.sources.check.project import check
from summitkit.sources.core.diagnostics import Diagnostic, display_path
from summitkit.sources.core.files import read_regular, write_file
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.records.loader import YAML_LOADER
from summitkit.sources.schema import Basket, Document


class Role(StrEnum):
    """What a state signs as; the value is the word the command line takes."""

    SIGNATORY = "signatory"
    CO_SPONSOR = "co-sponsor"
    LEAD = "lead"

    @property
    def field(self) -> str:
        """The record's list that holds the role."""
        return {"signatory": "signatories", "co-sponsor": "co_sponsors", "lead": "lead"}[self]

    @property
    def noun(self) -> str:
        return {"signatory": "a signatory", "co-sponsor": "a co-sponsor", "lead": "a lead"}[self]


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
    def key(self) -> tuple[bool, str]:
        return (self.organization, self.party)

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


def sign(root: Path, document_id: str, signature: Signature, role: Role = Role.SIGNATORY) -> str:
    """Add a signatory (or co-sponsor, or lead); returns the display path of the edited file."""
    corpus, document = _load(root, document_id)
    _fits_role(document, signature, role)
    _known_party(corpus, signature)
    if signature.key in _holders(document, role):
        raise SignRefused(f"{signature.party} is already {role.noun} of {document_id}")
    other = Role.LEAD if role is Role.CO_SPONSOR else Role.CO_SPONSOR
    if role is not Role.SIGNATORY and signature.key in _holders(document, other):
        raise SignRefused(
            f"{signature.party} is {other.noun} of {document_id}; a state leads or co-sponsors, "
            f"not both (run 'summit unsign {document_id} {signature.party} --as {other}' first)"
        )
    return _edit(root, corpus, document, signature, role, add=True)


def unsign(root: Path, document_id: str, signature: Signature, role: Role = Role.SIGNATORY) -> str:
    """Remove a signatory (or co-sponsor, or lead); returns the display path of the edited file."""
    corpus, document = _load(root, document_id)
    _fits_role(document, signature, role)
    holders = _holders(document, role)
    if signature.key not in holders:
        listed = ", ".join(party for _, party in holders) or "none"
        raise SignRefused(
            f"{signature.party} is not {role.noun} of {document_id} "
            f"({role.field.replace('_', '-')}: {listed})"
        )
    return _edit(root, corpus, document, signature, role, add=False)


def _holders(document: Document, role: Role) -> list[tuple[bool, str]]:
    """Who holds the role now, as (is an organization, id)."""
    if role is Role.SIGNATORY:
        return [(s.organization is not None, s.party) for s in document.signatories]
    return [(False, state) for state in getattr(document, role.field, [])]


def _fits_role(document: Document, signature: Signature, role: Role) -> None:
    if role is Role.SIGNATORY:
        return
    if role is Role.CO_SPONSOR and not isinstance(document, Basket):
        raise SignRefused(
            f"{document.id} is a statement; only gift baskets have co-sponsors "
            "(use --as signatory or --as lead)"
        )
    if signature.organization or signature.date is not None:
        raise SignRefused(f"--organization and --date are for signatories; {role.noun} is a state")


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


def _edit(
    root: Path, corpus: Corpus, document: Document, signature: Signature, role: Role, add: bool
) -> str:
    path = corpus.path_of(document)
    display = display_path(path, root)
    original = read_regular(path)
    text = original.decode("utf-8")
    field = role.field
    if add:
        edited = add_signatory(text, document.kind, signature, field=field)
    else:
        edited = remove_signatory(text, signature, field=field)
    write_file(path, edited.encode("utf-8"))
    checked = check(root)
    after = checked.corpus.documents.get(document.id)
    problems = [d for d in checked.errors if d.position.path == display]
    expected = set(_holders(document, role)) ^ {signature.key}
    if problems or after is None or set(_holders(after, role)) != expected:
        write_file(path, original)
        raise SignRefused(f"the edit would break {display}; the file was left as it was", problems)
    return display


# -- editing the text -------------------------------------------------------


def _compose(text: str) -> yaml.MappingNode:
    node = yaml.compose(text, Loader=YAML_LOADER)
    if not isinstance(node, yaml.MappingNode):  # pragma: no cover - check() passed
        raise SignRefused("the record is not a mapping of fields")
    return node


def _field(root: yaml.MappingNode, field: str) -> tuple[yaml.ScalarNode, yaml.Node] | None:
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == field:
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


def add_signatory(
    text: str, kind: str, signature: Signature, field: str = Role.SIGNATORY.field
) -> str:
    """`text` with one more item in the list `field` (signatories, co_sponsors or lead),
    at its place in the documented order: lead states in the order given, so at the end."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split("\n")
    root = _compose(text)
    found = _field(root, field)
    if found is None:
        order = record_key_order(kind)
        rank = order.index(field)
        later = [
            k for k, _ in root.value if k.value in order and order.index(k.value) > rank
        ]  # fmt: skip
        block = f"{field}:{newline}  - {signature.entry}{newline}"
        if not later:
            return text + ("" if text.endswith("\n") else newline) + block
        at = _line_start(text, _comments_above(lines, later[0].start_mark.line))
        return text[:at] + block + text[at:]
    key, value = found
    if isinstance(value, yaml.ScalarNode) and value.value == "":
        return _insert_line(text, key.start_mark.line + 1, key, signature.entry, newline)
    if not isinstance(value, yaml.SequenceNode):
        raise SignRefused(f"'{field}' is not a list; write it as one")
    items = value.value
    place = next((i for i, item in enumerate(items) if party_order(item) > signature.order), None)
    if field == Role.LEAD.field:
        place = None
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


def remove_signatory(text: str, signature: Signature, field: str = Role.SIGNATORY.field) -> str:
    """`text` without the party in the list `field`; other lines untouched."""
    lines = text.split("\n")
    key, value = _field(_compose(text), field) or (None, None)
    if key is None or not isinstance(value, yaml.SequenceNode):  # pragma: no cover
        raise SignRefused(f"no '{field}' list to remove {signature.party} from")
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
