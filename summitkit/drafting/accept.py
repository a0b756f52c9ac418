"""The text edits of accepting a proposal: fold one change into a document's file.

The files are edited as text, as `summit sign` does: a replacement rewrites one
clause's text, an insertion adds one clause item after its anchor, a deletion
removes one item and retires its id; comments, key order and every other line stay
byte for byte. `write_checked` writes a set of edited files, checks the
repository, and puts every file back if the edit would bring a new error. The
decisions themselves (`summit proposal accept`, `summit accept` …) are in
`summitkit.drafting.chair.proposals`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from summitkit.drafting.sign import _compose, _indent, _line_start
from summitkit.sources.check.project import check
from summitkit.sources.core.diagnostics import Diagnostic, display_path
from summitkit.sources.core.files import refuse_read_only, write_file
from summitkit.sources.records.loader import scalar_value
from summitkit.sources.schema import Change, ClauseKind


class DecisionRefused(Exception):
    """The decision cannot be taken; nothing was written. The message says what to do
    first; the diagnostics, if any, point at the lines that stand in the way."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


def write_checked(root: Path, files: dict[Path, str]) -> tuple[str, ...]:
    """Write every file atomically (a new one too), check the repository, and put all
    back if the edit brings a new error anywhere (another proposal may no longer apply)."""
    before = {_problem(d) for d in check(root).errors}
    originals = {path: path.read_bytes() if path.exists() else None for path in files}
    shown = tuple(display_path(path, root) for path in files)
    refuse_read_only(*files)  # all or none: not one file written if another is protected
    for path, text in files.items():
        write_atomically(path, text.encode("utf-8"))
    try:
        problems = [d for d in check(root).errors if _problem(d) not in before]
    except BaseException:
        _restore(originals)
        raise
    if problems:
        _restore(originals)
        raise DecisionRefused(
            "the result would not pass 'summit check'; the files were left as they were",
            problems,
        )
    return shown


def _problem(diagnostic: Diagnostic) -> tuple[str, str, str]:
    # Lines move in the edited files; a problem is the same if its file, rule and words are.
    return (diagnostic.position.path, diagnostic.rule, diagnostic.message)


def _restore(originals: dict[Path, bytes | None]) -> None:
    for path, data in originals.items():
        if data is None:
            path.unlink(missing_ok=True)
        else:
            write_atomically(path, data)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step: a reader sees the old file or the new one."""
    write_file(path, data)


# -- the text edits ---------------------------------------------------------------------


def _last_content_line(lines: list[str], node: yaml.Node) -> int:
    """The last line holding part of `node`: a block node ends where the next token
    starts, which may be the next item's dash or key on a later line."""
    end = node.end_mark.line
    if end >= len(lines) or not lines[end][: node.end_mark.column].strip():
        end -= 1
    while end > node.start_mark.line and (
        not lines[end].strip() or lines[end].lstrip().startswith("#")
    ):
        end -= 1
    return end


def apply_change(text: str, change: Change, label: str) -> str:
    """The document's text with one change folded in."""
    clauses = _clauses(text, label)
    if change.insert is not None:
        insert = change.insert
        if _item(clauses, insert.id) is not None:
            raise DecisionRefused(f"{label}: the document has a clause '{insert.id}' already")
        return _insert_clause(text, clauses, insert.after, insert.id, insert.kind, insert.text,
                              label)  # fmt: skip
    item = _item(clauses, change.clause)
    if item is None:
        raise DecisionRefused(f"{label}: the document has no clause '{change.clause}' any more")
    if change.delete is not None:
        return _retire(_delete_item(text, clauses, item), change.delete)
    found = _key(item, "text")
    assert found is not None  # the schema requires text
    value = found[1]
    if change.substitute is not None:
        return _set_scalar(text, value, _block(change.substitute.text))
    assert change.replace is not None
    pattern = r"\s+".join(re.escape(word) for word in change.replace.old.split())
    match = re.search(pattern, value.value)
    if match is None:
        raise DecisionRefused(
            f"{label}: '{change.replace.old}' is no longer in the text of {change.clause}; "
            "the proposal is stale"
        )
    new = value.value[: match.start()] + change.replace.new + value.value[match.end() :]
    return _set_scalar(text, value, new)


def _clauses(text: str, label: str) -> yaml.SequenceNode:
    found = _key(_compose(text), "clauses")
    if found is None or not isinstance(found[1], yaml.SequenceNode) or found[1].flow_style:
        raise DecisionRefused(
            f"{label}: the document's clauses are not a block list; run summit fmt"
        )
    return found[1]


def _key(node: yaml.Node, name: str) -> tuple[yaml.ScalarNode, yaml.Node] | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == name:
            return key, value
    return None


def _item(clauses: yaml.SequenceNode, clause_id: str) -> yaml.MappingNode | None:
    for item in clauses.value:
        found = _key(item, "id")
        if found is not None and found[1].value == clause_id:
            assert isinstance(item, yaml.MappingNode)
            return item
    return None


def _block(value: str) -> str:
    return value if value.endswith("\n") else value + "\n"


def _set_scalar(text: str, node: yaml.Node, value: str) -> str:
    """`text` with one scalar's value replaced, in the style the value needs."""
    assert isinstance(node, yaml.ScalarNode)
    lines = text.split("\n")
    if node.style in ("|", ">"):
        first = node.start_mark.line + 1
        last = _last_content_line(lines, node)
        indent = _indent(lines[first]) if first <= last else " " * (node.start_mark.column + 2)
        header_end = text.index("\n", node.start_mark.index) + 1
        body = "".join(
            f"{indent}{line}\n" if line else "\n" for line in value.rstrip("\n").split("\n")
        )
        header = text[node.start_mark.index : header_end]
        start = node.start_mark.index
        return (
            text[:start] + header.replace(">", "|", 1) + body + text[_line_start(text, last + 1) :]
        )
    return text[: node.start_mark.index] + _inline(value.rstrip("\n")) + text[node.end_mark.index :]


def _inline(value: str) -> str:
    """A one-line YAML scalar: plain where that reads back the same, else double-quoted."""
    try:
        if scalar_value(value) == value and "#" not in value and "\n" not in value:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def _insert_clause(
    text: str,
    clauses: yaml.SequenceNode,
    after: str,
    clause_id: str,
    kind: ClauseKind,
    value: str,
    label: str,
) -> str:
    anchor = _item(clauses, after)
    if anchor is None:
        raise DecisionRefused(f"{label}: the document has no clause '{after}' any more")
    lines = text.split("\n")
    dash = _indent(lines[anchor.start_mark.line])
    inner = dash + "  "
    entry = [f"{dash}- id: {clause_id}"]
    if kind != ClauseKind.OPERATIVE:
        entry.append(f"{inner}kind: {kind.value}")
    entry.append(f"{inner}text: |")
    entry += [f"{inner}  {line}" for line in value.rstrip("\n").split("\n")]
    entry.append(f"{inner}status: open")
    at = _line_start(text, _last_content_line(lines, anchor) + 1)
    prefix = "" if at == 0 or text[at - 1] == "\n" else "\n"
    return text[:at] + prefix + "\n".join(entry) + "\n" + text[at:]


def _delete_item(text: str, clauses: yaml.SequenceNode, item: yaml.Node) -> str:
    lines = text.split("\n")
    start = _line_start(text, item.start_mark.line)
    end = _line_start(text, _last_content_line(lines, item) + 1)
    if len(clauses.value) == 1:
        raise DecisionRefused("deleting the only clause would leave the document without text")
    return text[:start] + text[end:]


def _retire(text: str, clause_id: str) -> str:
    """`text` with `clause_id` added to retired_ids: a deleted id is never reused."""
    root = _compose(text)
    found = _key(root, "retired_ids")
    if found is None:
        clauses = _key(root, "clauses")
        assert clauses is not None
        lines = text.split("\n")
        at = _line_start(text, _last_content_line(lines, clauses[1]) + 1)
        prefix = "" if at == 0 or text[at - 1] == "\n" else "\n"
        return text[:at] + prefix + f"retired_ids: [{clause_id}]\n" + text[at:]
    value = found[1]
    if isinstance(value, yaml.SequenceNode) and value.flow_style:
        if not value.value:
            return text[: value.start_mark.index] + f"[{clause_id}]" + text[value.end_mark.index :]
        at = value.value[-1].end_mark.index
        return text[:at] + f", {clause_id}" + text[at:]
    if isinstance(value, yaml.SequenceNode) and value.value:
        lines = text.split("\n")
        dash = _indent(lines[value.value[0].start_mark.line])
        at = _line_start(text, _last_content_line(lines, value.value[-1]) + 1)
        return text[:at] + f"{dash}- {clause_id}\n" + text[at:]
    return text[: value.start_mark.index] + f"[{clause_id}]" + text[value.end_mark.index :]


#: Where a proposal field goes when the file does not have it yet: after these keys.
_AFTER = {
    "status": ("date", "supported_by", "by"),
    "accepted_changes": ("changes",),
    "reason": ("note", "accepted_changes", "changes"),
}


def set_field(text: str, name: str, value: str) -> str:
    """A top-level field of a record set to `value` (written as given)."""
    root = _compose(text)
    found = _key(root, name)
    lines = text.split("\n")
    if found is not None:
        node = found[1]
        end = node.end_mark.index
        if isinstance(node, yaml.CollectionNode) and not node.flow_style:
            end = _line_start(text, _last_content_line(lines, node) + 1) - 1
        return text[: node.start_mark.index] + value + text[end:]
    for before in _AFTER.get(name, ()):
        anchor = _key(root, before)
        if anchor is not None:
            at = _line_start(text, _last_content_line(lines, anchor[1]) + 1)
            break
    else:
        at = len(text)
    prefix = "" if at == 0 or text[at - 1] == "\n" else "\n"
    return text[:at] + prefix + f"{name}: {value}\n" + text[at:]
