"""Comments and blank lines of a YAML file, kept across a re-emit.

PyYAML drops comments. `summit fmt` therefore finds them first and ties each
one to a node: a comment line (or blank line) to the mapping key or sequence
item it stands before, a comment at the end of a line to the key or item that
line starts with. The nodes are then moved and re-emitted, and every comment is
put back before or beside the line its node now starts on, so that it travels
with its key when keys are reordered and with its item when a list is sorted.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml

from summitkit.sources.records.loader import YAML_LOADER

_BLANK_LINE = re.compile(r"^\s*$", re.M)
"""A line `find_notes` counts as blank (what `str.strip` empties)."""
Anchor = tuple[int, int, int, yaml.Node]
"""(line, column, depth, node) of a mapping key or a sequence item."""


@dataclass
class Notes:
    """The comments of one file, by the node they belong to (keyed by `id(node)`)."""

    header: list[str] = field(default_factory=list)
    before: dict[int, list[str]] = field(default_factory=dict)
    beside: dict[int, list[str]] = field(default_factory=dict)
    trailer: list[str] = field(default_factory=list)


def anchors(node: yaml.Node, depth: int = 0) -> Iterator[tuple[int, yaml.Node]]:
    """Every mapping key and sequence item under `node`, in document order."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield depth, key
            yield from anchors(value, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield depth, item
            yield from anchors(item, depth + 1)


def _scalar_spans(text: str) -> tuple[list[int], list[int]]:
    """Start and end offsets of every scalar: a `#` inside one is not a comment."""
    starts: list[int] = []
    ends: list[int] = []
    for token in yaml.scan(text, Loader=YAML_LOADER):
        if not isinstance(token, yaml.ScalarToken):
            continue
        start, end = token.start_mark.index, token.end_mark.index
        if token.style in ("|", ">"):
            header = text[start : text.find("\n", start) if "\n" in text[start:] else end]
            if "+" not in header:  # blank lines after a kept block belong to its value
                end = start + len(text[start:end].rstrip())
        starts.append(start)
        ends.append(end)
    return starts, ends


def _inside(offset: int, spans: tuple[list[int], list[int]]) -> bool:
    starts, ends = spans
    i = bisect.bisect_right(starts, offset) - 1
    return i >= 0 and offset < ends[i]


def _comment_column(line: str, offset: int, spans: tuple[list[int], list[int]]) -> int | None:
    if "#" not in line:  # most lines: no need to look at each character
        return None
    for col, char in enumerate(line):
        after_space = col == 0 or line[col - 1] in " \t"
        if char == "#" and after_space and not _inside(offset + col, spans):
            return col
    return None


def _tidy(block: list[str]) -> list[str]:
    """Runs of blank lines collapsed to one."""
    tidy: list[str] = []
    for line in block:
        if line or not tidy or tidy[-1]:
            tidy.append(line)
    return tidy


def _end_lines(node: yaml.Node) -> dict[int, int]:
    """The line each key's value, or each item, ends on (by `id` of the key or item)."""
    ends: dict[int, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            ends[id(key)] = value.end_mark.line
            ends.update(_end_lines(value))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            ends[id(item)] = item.end_mark.line
            ends.update(_end_lines(item))
    return ends


def find_notes(text: str, root: yaml.Node) -> Notes:
    """Tie every comment and blank line of `text` (composed as `root`) to a node."""
    # A file without a `#` or a blank line (most files) has no notes: it need not be
    # scanned for where its scalars are, nor its lines tied to nodes.
    body = text.removesuffix("\n")
    if "#" not in text and not _BLANK_LINE.search(body):
        return Notes()  # not a comment nor a blank line: nothing to tie to a node
    spans = _scalar_spans(text)
    places: list[Anchor] = sorted(
        (
            (node.start_mark.line, node.start_mark.column, depth, node)
            for depth, node in anchors(root)
        ),
        key=lambda place: place[:3],  # an alias repeats a node at the same place
    )
    keys = [(line, col) for line, col, _, _ in places]
    ends = _end_lines(root)
    notes = Notes()
    pending: list[str] = []
    leftover: list[str] = []
    seen_content = False
    offset = 0
    for number, line in enumerate(text.split("\n")):
        col = _comment_column(line, offset, spans)
        start_inside = _inside(offset, spans)
        offset += len(line) + 1
        if not line.strip() and not start_inside:
            pending.append("")
            continue
        if col is not None and not line[:col].strip():
            pending.append(line[col:].rstrip())
            continue
        if not line.strip():
            continue  # a blank line inside a block scalar
        at = bisect.bisect_left(keys, (number, 0))
        if not seen_content:
            notes.header = _tidy(pending)
            while notes.header and not notes.header[0]:
                notes.header.pop(0)
        elif at < len(places):
            notes.before.setdefault(id(places[at][3]), []).extend(pending)
        else:  # after the last key or item (a closing bracket): keep at the end
            leftover += pending
        pending = []
        seen_content = True
        if col is None:
            continue
        gap = line[len(line[:col].rstrip()) : col]
        comment = gap + line[col:].rstrip()
        # The comment belongs to the outermost key or item before it on its line that
        # ends on that line (`key: [a, b]  # c` is about the key); failing that, to
        # the last key or item before it (`[a,  # c` is about `a`).
        last = bisect.bisect_left(keys, (number, col)) - 1
        whole = [p for p in places[at : last + 1] if ends[id(p[3])] == number]
        if whole:
            owner = min(whole, key=lambda p: p[2])[3]
        elif last >= 0:
            owner = places[last][3]
        else:
            notes.header.append(comment.strip())
            continue
        notes.beside.setdefault(id(owner), []).append(comment)
    notes.trailer = _tidy(leftover + pending)
    while notes.trailer and not notes.trailer[-1]:
        notes.trailer.pop()
    return notes


def put_back(emitted: str, notes: Notes, arranged: yaml.Node, composed: yaml.Node) -> str:
    """`emitted` (the YAML of `arranged`, composed again as `composed`) with the notes."""
    no_notes = not (notes.header or notes.trailer or any(notes.before.values()))
    if no_notes and not any(notes.beside.values()) and emitted.endswith("\n"):
        return emitted  # most files: nothing to put back
    before: dict[int, list[str]] = {}
    beside: dict[int, list[str]] = {}
    pairs = zip(anchors(arranged), anchors(composed), strict=True)
    for (_, node), (_, placed) in pairs:
        line = placed.start_mark.line
        before.setdefault(line, []).extend(notes.before.get(id(node), []))
        beside.setdefault(line, []).extend(notes.beside.get(id(node), []))
    lines = emitted.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    out = list(notes.header)
    for number, line in enumerate(lines):
        indent = line[: len(line) - len(line.lstrip())]
        for note in _tidy(before.get(number, [])):
            if note or (out and out[-1]):
                out.append(indent + note if note else "")
        out.append(line + "".join(beside.get(number, [])))
    if notes.trailer:
        out += notes.trailer
    return "\n".join(out) + "\n"
