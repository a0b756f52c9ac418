"""Whether a record file is laid out as `summit fmt` writes it, told from one that is.

The merge driver must know, for each of the three versions of a file, whether it
is laid out as `summit fmt` writes it (`fmt.format_node` of the file equals the
file): only then is it merged as it stands. Finding out lays the whole file out.
But two versions of one record mostly share their lines: a clause reworded,
added or deleted changes the lines of that clause alone. `laid_out_from` answers
for a version from another version `known` to be laid out, by laying out only
the clauses whose lines differ.

Why that is the same answer: the layout of a record is its top-level keys, each
written in turn, and under `clauses:` each clause in turn, as a block list item
whose lines depend on that clause alone (its fields, their values, its place
two columns in). When two versions share every line outside a run of whole
clauses, they share everything the layout of those lines depends on (keys,
their order, `source_order`, the other clauses): the layout of one version is
the layout of the other with that run of clauses written anew. So a version is
laid out if and only if its run of clauses is written as `fmt` writes those
clauses. Where that reasoning needs more than the lines say, the answer is False
("not known"), and the caller lays the version out as a whole:

- a comment or a blank line (they travel with nodes: `yaml_comments`), an
  anchor (aliases are written where first met), a document marker (`---`,
  `...`), or a line break other than `\\n` (YAML counts them as lines);
- changed lines outside the clauses, or not on whole clauses in both versions.

The merged record is laid out the same way (`spliced`): where the merge kept every
top-level value of our version as it was and all its clauses but for a run, the
result is our version's lines with that run laid out anew.
"""

from __future__ import annotations

import copy
from collections.abc import Container

import yaml

from summitkit.drafting.layout.fmt import FormatError, format_node
from summitkit.drafting.layout.yaml_comments import Notes

BODY = "clauses"
"""The list whose items are laid out one by one: a document's clauses."""
_UNSURE = ("#", "&", "\r", "\x85", "\u2028", "\u2029")
"""Characters of what `laid_out_from` does not reason about (see the module's docstring)."""
_MARKERS = ("---", "...")


def laid_out_from(
    text: str, root: yaml.MappingNode, known: str, known_root: yaml.MappingNode, kind: str
) -> bool:
    """Whether `text` (composed as `root`) is as `summit fmt` writes it, told from `known`
    (composed as `known_root`), which is; False where it cannot be told this way.

    Neither tree is changed: the clauses laid out here are copies."""
    if not (_plain(text) and _plain(known)):
        return False
    if text == known:
        return True
    if [_name(k) for k, _ in root.value] != [_name(k) for k, _ in known_root.value]:
        return False
    ours, theirs = _bounds(root), _bounds(known_root)
    if ours is None or theirs is None:
        return False
    lines, known_lines = text.split("\n"), known.split("\n")
    same_start = _shared(lines, known_lines)
    longest = min(len(lines), len(known_lines)) - same_start
    same_end = _shared(lines[::-1], known_lines[::-1], longest)
    # The run of whole clauses holding the lines that differ, in `text`:
    first = _last_at_or_before(ours[:-1], same_start)
    last = _first_at_or_after(ours, len(lines) - same_end)
    if first is None or last is None:
        return False
    start, end = ours[first], ours[last]
    # ... and in `known`: the same lines before it and after it, on clause boundaries.
    shift = len(known_lines) - len(lines)
    if start not in theirs or end + shift not in theirs:
        return False
    cut = theirs.index(end + shift)
    if ours[: first + 1] != theirs[: theirs.index(start) + 1]:
        return False
    if [line + shift for line in ours[last:]] != theirs[cut:]:
        return False
    return _clauses_laid_out(root, first, last, lines[start:end], kind)


def _clauses_laid_out(
    root: yaml.MappingNode, first: int, last: int, lines: list[str], kind: str
) -> bool:
    """Whether clauses `first` to `last` (excluded) of `root` are written as `lines`."""
    clauses = _value(root, BODY)
    assert isinstance(clauses, yaml.SequenceNode)
    run = copy.deepcopy(clauses.value[first:last])  # laying out rearranges nodes
    return _lines_of(run, kind) == lines


def _lines_of(run: list[yaml.Node], kind: str) -> list[str] | None:
    """The lines `summit fmt` writes for clauses `run` (arranging them) under `clauses:`."""
    if not run:
        return []
    key = yaml.ScalarNode("tag:yaml.org,2002:str", BODY)
    listed = yaml.SequenceNode("tag:yaml.org,2002:seq", run, flow_style=False)
    alone = yaml.MappingNode("tag:yaml.org,2002:map", [(key, listed)])
    try:
        written = format_node(alone, Notes(), kind)
    except FormatError:  # pragma: no cover - a bug of the layout: let the whole file say
        return None
    return written.split("\n")[1:-1]  # after `clauses:`, before the end


Outline = tuple[list[tuple[yaml.Node, yaml.Node]], list[yaml.Node], list[int]]
"""A laid-out version's top-level (key, value) pairs, clauses and `_bounds`."""


def outline(root: yaml.MappingNode) -> Outline | None:
    """What `spliced` needs of a version, taken before a merge rearranges its nodes."""
    bounds = _bounds(root)
    clauses = _value(root, BODY)
    if bounds is None or not isinstance(clauses, yaml.SequenceNode):
        return None
    return list(root.value), list(clauses.value), bounds


def spliced(
    merged: yaml.MappingNode, kind: str, known: str, before: Outline, changed: Container[int]
) -> str | None:
    """The layout of `merged`, a tree the merge made of the nodes of `known` (a version
    laid out, whose outline was `before`) and others, told from the lines of `known`:
    where `merged` holds every top-level value of `known` as it was (not `changed` in
    place, by id) and its clauses but for a run, only that run is laid out. The same
    reasoning as `laid_out_from`; None where it does not hold."""
    if not _plain(known):
        return None
    pairs, items, bounds = before
    if len(merged.value) != len(pairs):
        return None
    clauses: yaml.Node | None = None
    for (name, value), (known_name, known_value) in zip(merged.value, pairs, strict=True):
        if _name(name) != _name(known_name) or value is not known_value:
            return None
        if _name(name) == BODY:
            clauses = value  # its items are compared below
        elif id(value) in changed:
            return None
    if not isinstance(clauses, yaml.SequenceNode) or clauses.flow_style or not clauses.value:
        return None
    now = clauses.value
    if not all(isinstance(item, yaml.MappingNode) for item in now):
        return None
    most = min(len(now), len(items))
    head = 0
    while head < most and now[head] is items[head] and id(now[head]) not in changed:
        head += 1
    tail = 0
    while tail < most - head and now[-1 - tail] is items[-1 - tail]:
        if id(now[-1 - tail]) in changed:
            break
        tail += 1
    written = _lines_of(now[head : len(now) - tail], kind)
    if written is None:  # pragma: no cover - see _lines_of
        return None
    lines = known.split("\n")
    return "\n".join(lines[: bounds[head]] + written + lines[bounds[len(items) - tail] :])


def _plain(text: str) -> bool:
    """Whether `text` ends its last line and holds none of what this module does not
    reason about: comments, blank lines, anchors, document markers, other line breaks."""
    if not text.endswith("\n") or any(char in text for char in _UNSURE):
        return False
    lines = text.split("\n")[:-1]
    # A blank line is one `str.strip` empties, as `yaml_comments.find_notes` counts it.
    return not any(not line or line.isspace() or line.startswith(_MARKERS) for line in lines)


def _bounds(root: yaml.MappingNode) -> list[int] | None:
    """The line each clause starts on, then the line after the last: None where the
    clauses are not a block list of mappings."""
    clauses = _value(root, BODY)
    if not isinstance(clauses, yaml.SequenceNode) or clauses.flow_style or not clauses.value:
        return None
    if not all(isinstance(item, yaml.MappingNode) for item in clauses.value):
        return None
    return [item.start_mark.line for item in clauses.value] + [clauses.end_mark.line]


def _shared(a: list[str], b: list[str], most: int | None = None) -> int:
    """How many lines `a` and `b` share from their start (at most `most`)."""
    most = min(len(a), len(b)) if most is None else most
    count = 0
    while count < most and a[count] == b[count]:
        count += 1
    return count


def _last_at_or_before(bounds: list[int], line: int) -> int | None:
    found = [i for i, bound in enumerate(bounds) if bound <= line]
    return found[-1] if found else None


def _first_at_or_after(bounds: list[int], line: int) -> int | None:
    return next((i for i, bound in enumerate(bounds) if bound >= line), None)


def _name(node: yaml.Node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _value(root: yaml.MappingNode, name: str) -> yaml.Node | None:
    return next((value for key, value in root.value if _name(key) == name), None)
