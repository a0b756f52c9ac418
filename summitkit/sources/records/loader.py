"""Load: YAML files → raw records whose every value knows its file, line and column.

The loader composes YAML with the C-accelerated *safe* loader and builds Python
values itself, so that it can refuse language-specific tags, duplicate keys and
alias bombs, and remember where each value came from.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from summitkit.sources.core.diagnostics import Diagnostic, Position, display_path, error
from summitkit.sources.core.files import UnsafePath, read_regular
from summitkit.sources.core.layout import (
    FOLDERS,
    find_record_files,
    outside_links,
    unsafe_files,
)
from summitkit.sources.records.raw import BIDI_OVERRIDES, ZERO_WIDTH, describe
from summitkit.sources.records.raw import Loaded as Loaded
from summitkit.sources.records.raw import Path_ as Path_
from summitkit.sources.records.raw import RawRecord as RawRecord
from summitkit.sources.records.yaml_errors import encoding_diagnostic, line_col, syntax_diagnostic
from summitkit.sources.records.yaml_loader import RecordLoader

YAML_LOADER: type = RecordLoader
"""The one YAML parser: check reads records with it, and every command that edits
them (fmt, sign, release, accept, the merge driver) parses with it too, so a file
that check accepts is one they can edit."""

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_VALUES = 200_000
#: Bytes of scalar text (UTF-8) a record may hold once its aliases are expanded.
MAX_EXPANDED_BYTES = 2 * MAX_FILE_BYTES
MAX_DEPTH = 40

#: What YAML itself refuses in a file (C0 and C1 controls but tab, line breaks and
#: NEL; DEL; non-characters) but lets through as an escape in a quoted value ("\x1b", "\0").
#: Texts up to this length are interned (`sys.intern`): ids, rounds, statuses.
_SHARED = 40
#: What the hidden-character rules look for (`RawRecord.may_hide_text`).
_HIDDEN = (*BIDI_OVERRIDES, *ZERO_WIDTH)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


class _Refused(Exception):
    def __init__(self, position: Position, message: str, rule: str) -> None:
        super().__init__(message)
        self.diagnostic = error(position, message, rule)


#: How one file becomes a raw record: `load_file`, or a cache in front of it.
FileLoader = Callable[[Path, str, str, Path], tuple[RawRecord | None, list[Diagnostic]]]


def load_tree(root: Path, load: FileLoader | None = None) -> Loaded:
    """Load every record file of a drafting repository (through `load`, if given)."""
    load = load or load_file
    records: list[RawRecord] = []
    diagnostics: list[Diagnostic] = []
    files: list[Path] = []
    failed: set[tuple[str, str]] = set()
    folders: dict[Path, str] = {}  # resolving each folder once, not each file
    outside = set(outside_links(root))
    for link in sorted(outside):
        diagnostics.append(
            error(
                Position(_printable(link.relative_to(root).as_posix())),
                "symbolic link points outside the repository; replace it with the file itself",
                "load/symlink",
            )
        )
    for path, message, rule in unsafe_files(root):
        outside.add(path)
        diagnostics.append(
            error(Position(_printable(path.relative_to(root).as_posix())), message, rule)
        )
    for path, kind in find_record_files(root):
        if outside and (path in outside or any(parent in outside for parent in path.parents)):
            if kind is not None:
                failed.add((kind, path.stem))
            continue
        files.append(path)
        if path.parent not in folders:
            folders[path.parent] = display_path(path.parent / "_", root).removesuffix("_")
        display = folders[path.parent] + path.name
        if _CONTROL.search(display):
            diagnostics.append(
                error(
                    Position(_printable(display)),
                    "file name holds a control character; rename the file",
                    "load/file-name",
                )
            )
            continue
        if kind is None:
            folder = path.parent.relative_to(root).as_posix()
            diagnostics.append(
                error(
                    Position(display),
                    f"'{folder}' is not a record folder; move the file to the folder of its "
                    f"kind: {', '.join(sorted(FOLDERS))}",
                    "layout/unknown-folder",
                )
            )
            continue
        record, problems = load(path, kind, display, root)
        diagnostics.extend(problems)
        if record is not None:
            records.append(record)
        else:
            failed.add((kind, path.stem))
    return Loaded(records, diagnostics, files, failed)


def _printable(text: str) -> str:
    """`text` with control characters written as escapes, so that it prints on one line."""
    return _CONTROL.sub(lambda m: repr(m[0])[1:-1], text)


def load_file(
    path: Path, kind: str, display: str, root: Path | None = None
) -> tuple[RawRecord | None, list[Diagnostic]]:
    """Load one record file; problems come back as diagnostics, never as exceptions."""
    start = Position(display)
    if path.is_symlink() and root is not None:
        target = path.resolve()
        if not target.is_relative_to(root.resolve()):
            return None, [
                error(start, "symbolic link points outside the repository", "load/symlink")
            ]
    try:
        raw = read_regular(path)
    except UnsafePath as exc:
        return None, [error(start, exc.message, "load/unreadable")]
    return load_bytes(raw, path, kind, display)


def load_bytes(
    raw: bytes, path: Path, kind: str, display: str, *, positions: bool = True
) -> tuple[RawRecord | None, list[Diagnostic]]:
    """Load one record from the bytes of its file (read from disk or from a git blob).

    Without `positions` the record's position tables stay empty: for a caller that
    reads the file again where a position is asked for (the record cache, through
    `RawRecord.forget_positions`). Building values alone is a third faster."""
    start = Position(display)
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            error(
                start,
                f"file is {len(raw):,} bytes; records are limited to {MAX_FILE_BYTES:,}",
                "load/too-large",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [encoding_diagnostic(raw, exc.start, display)]
    text = text.removeprefix("\ufeff")  # a byte order mark is harmless; editors add it
    if "<<<<<<<" in text and (conflicts := conflict_diagnostics(text, display)):
        return None, conflicts
    if not text.strip():
        message = "file is empty; write the record or delete the file"
        return None, [error(start, message, "load/empty")]
    try:
        nodes = list(yaml.compose_all(text, Loader=YAML_LOADER))
    except yaml.MarkedYAMLError as exc:
        return None, [syntax_diagnostic(exc, text, display, MAX_DEPTH)]
    except yaml.reader.ReaderError as exc:
        line, col = line_col(text, exc.position)
        return None, [
            error(
                Position(display, line, col),
                f"control character U+{exc.character:04X} is not allowed; remove it",
                "load/control-character",
            )
        ]
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports the others with a mark
        return None, [error(start, f"malformed YAML: {exc}", "load/yaml-syntax")]
    if not nodes:
        return None, [
            error(
                start,
                "file holds only comments; write the record or delete the file",
                "load/empty",
            )
        ]
    record = RawRecord(kind, path, display, {})
    # Raw control characters are refused by the reader; escaped ones need a backslash.
    builder = _Builder(record, escapes="\\" in text)
    if len(nodes) > 1:
        return None, [
            error(
                builder.position(nodes[1]),
                f"a record file holds one YAML document, found {len(nodes)}; "
                "put each record in a file of its own",
                "load/documents",
            )
        ]
    try:
        if "&" in text:  # aliases need an anchor: only then can a document expand
            _check_size(nodes[0], builder)
        data = builder.build(nodes[0], () if positions else None, 0)
    except _Refused as refused:
        return None, [refused.diagnostic]
    if not isinstance(data, dict):
        return None, [
            error(
                builder.position(nodes[0]),
                f"a record is a mapping of fields (key: value lines), found {describe(data)}",
                "load/not-a-mapping",
            )
        ]
    record.data = data
    escaped = "\\" in text
    record.may_hold_todo = escaped or "todo" in text.lower()
    record.may_hide_text = escaped or any(char in text for char in _HIDDEN)
    return record, builder.diagnostics


def scalar_value(text: str) -> Any:
    """What one YAML scalar `text` reads as (`true`, `2012-03-24`), through the one loader,
    for editors that write a value that must read back as itself; YAMLError if none."""
    return yaml.load(text, Loader=YAML_LOADER)


def load_mapping(raw: bytes, display: str) -> dict[str, Any] | None:
    """A file's mapping through the one loader's limits; None if refused or no mapping."""
    record, _ = load_bytes(raw, Path(display), "", display, positions=False)
    return record.data if record is not None else None


def load_refusal(raw: bytes, kind: str, display: str) -> list[Diagnostic]:
    """Why the one loader will not read these bytes as a record (its limits: file size,
    aliases, expanded size, nesting depth, encoding, control characters), or [] when
    it reads them. For the commands that edit a record without checking the corpus
    first (`fmt`, the merge driver): they parse nothing the loader would refuse."""
    record, problems = load_bytes(raw, Path(display), kind, display, positions=False)
    return [] if record is not None else [d for d in problems if d.is_error]


def conflict_diagnostics(text: str, display: str) -> list[Diagnostic]:
    """One error for each block of git's conflict markers left in a file."""
    from summitkit.sources.core.diagnostics import MERGE_CONFLICT, MERGE_HINT

    found = []
    opened = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("<<<<<<<") and not opened:
            found.append(number)
            opened = True
        elif line.startswith(">>>>>>>"):
            opened = False
    message = f"{MERGE_CONFLICT}; {MERGE_HINT}"
    return [error(Position(display, line), message, "load/merge-conflict") for line in found]


def _check_size(root: yaml.Node, builder: _Builder) -> None:
    """Refuse a document whose aliases expand it beyond MAX_VALUES values or
    MAX_EXPANDED_BYTES of text (an alias bomb, or a short alias of a huge string) or
    into itself, before building anything: the sizes are counted once per node."""
    sizes: dict[int, int] = {}
    weights: dict[int, int] = {}  # bytes of scalar text, aliases expanded
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if children_done:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
            own = len(str(node.value).encode()) if isinstance(node, yaml.ScalarNode) else 0
            weights[id(node)] = own + sum(weights[id(child)] for child in children)
            continue
        if len(open_nodes) > MAX_DEPTH * 2 + 10:
            return  # far too deep: the builder refuses it with load/too-deep
        open_nodes.add(id(node))
        stack.append((node, True))
        for child in children:
            if id(child) in open_nodes:
                raise _Refused(
                    builder.position(child),
                    "this alias refers to a value that contains it; write the value out",
                    "load/recursive-alias",
                )
            if id(child) not in sizes:
                stack.append((child, False))
    if sizes[id(root)] > MAX_VALUES:
        raise _Refused(
            builder.position(_smallest(root, sizes, MAX_VALUES)),
            f"this value expands to more than {MAX_VALUES:,} values through aliases "
            "(an alias bomb?); write the values out or split the record",
            "load/too-many-values",
        )
    if weights[id(root)] > MAX_EXPANDED_BYTES:
        raise _Refused(
            builder.position(_smallest(root, weights, MAX_EXPANDED_BYTES)),
            f"this value expands to more than {MAX_EXPANDED_BYTES:,} bytes of text through "
            "aliases; write the values out or split the record",
            "load/too-large-expanded",
        )


def _smallest(root: yaml.Node, sizes: dict[int, int], limit: int) -> yaml.Node:
    """The smallest value over the limit: where the expansion happens."""
    node = root
    while big := [c for c in _children(node) if sizes[id(c)] > limit]:
        node = big[0]
    return node


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


class _Builder:
    """Turn a composed node tree into plain values, recording positions."""

    def __init__(self, record: RawRecord, escapes: bool = True) -> None:
        self.record = record
        # A new record's tables (left empty when `loc` is None: no positions recorded).
        self.positions = record.positions
        self.key_positions = record.key_positions
        self.escapes = escapes
        self.diagnostics: list[Diagnostic] = []

    def position(self, node: yaml.Node) -> Position:
        mark = node.start_mark
        return Position(self.record.display, mark.line + 1, mark.column + 1)

    def build(self, node: yaml.Node, loc: Path_ | None, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise _Refused(
                self.position(node),
                f"nesting deeper than {MAX_DEPTH} levels; flatten the record",
                "load/too-deep",
            )
        if node.tag not in _PLAIN_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(
                self.position(node),
                f"YAML tag '{tag}' is not allowed; records hold plain values only",
                "load/yaml-tag",
            )
        if loc is not None and loc not in self.positions:
            mark = node.start_mark
            self.positions[loc] = (mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            if loc is None:
                return [self.build(item, None, depth + 1) for item in node.value]
            return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        if self.escapes:
            self.refuse_controls(node, node.value)
        return self.build_scalar(node)

    def refuse_controls(self, node: yaml.ScalarNode, value: str) -> None:
        """A control character written as an escape is refused like a raw one: it
        would reach terminals, HTML and DOCX (whose XML cannot hold it)."""
        if found := _CONTROL.search(value):
            raise _Refused(
                self.position(node),
                f"control character U+{ord(found[0]):04X} is not allowed; remove it",
                "load/control-character",
            )

    def build_mapping(
        self, node: yaml.MappingNode, loc: Path_ | None, depth: int
    ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(
                    self.position(key_node),
                    "merge keys ('<<') are not supported; write the fields out",
                    "load/yaml-merge",
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(
                    self.position(key_node), "mapping keys must be plain words", "load/key-type"
                )
            key = str(key_node.value)
            if self.escapes:
                self.refuse_controls(key_node, key)
            here = None if loc is None else (*loc, key)
            if key in result:
                first = next(k for k, _ in node.value if k.value == key).start_mark.line + 1
                self.diagnostics.append(
                    error(
                        self.position(key_node),
                        f"duplicate key '{key}' (first at line {first}); keep only one of them",
                        "load/duplicate-key",
                    )
                )
                continue
            if here is not None:
                mark = key_node.start_mark
                self.key_positions[here] = (mark.line + 1, mark.column + 1)
            result[key] = self.build(value_node, here, depth + 1)
        return result

    @staticmethod
    def build_scalar(node: yaml.ScalarNode) -> Any:
        value = node.value
        tag = node.tag
        if tag == "tag:yaml.org,2002:int":
            try:
                return int(value.replace("_", ""), 0)
            except ValueError:
                return value
        if tag == "tag:yaml.org,2002:float":
            try:
                return float(value.replace("_", ""))
            except ValueError:
                return value
        if tag == "tag:yaml.org,2002:bool":
            return value.lower() in {"true", "yes", "on", "y"}
        if tag == "tag:yaml.org,2002:null":
            return None
        # Timestamps stay text: the schema parses them strictly, so that a date
        # that does not exist (2014-02-30) is reported at its line. A short text is
        # most often an id that many records cite: one copy of it for the corpus.
        return sys.intern(value) if len(value) <= _SHARED else value
