"""A three-way merge of one record by meaning, not by lines: what `summit merge-driver` writes.

Base, ours and theirs are each composed into YAML node trees and laid out as
`summit fmt` lays them out (a side that already is, as every side summitkit
wrote is, is used as parsed), so that layout alone is never a change; then they
are merged node by node, the way mergiraf merges syntax trees:

- a value changed on one side only takes that side; changed the same way on
  both, that value;
- mappings merge key by key; a key added on one side is added, a key deleted
  on one side and untouched on the other is deleted;
- lists merge item by item, an item known by its `id` (clauses, action items),
  its party (signatories), its source (citations) or else by its value: items
  added on either side are kept, items deleted on either side (and untouched on
  the other) are dropped, and the order is the order of the side that
  reordered, with the other side's additions after the item they follow there.
  Lists `summit fmt` sorts (signatories, participants, members) come out sorted;
- the same clause's text reworded differently on both sides is not a conflict:
  the clause keeps the wording both sides started from, each side's wording
  becomes one of its `alternatives` (`by` the delegation that side speaks for), and its
  status becomes `open`, as the negotiation model records competing wordings;
- anything else changed differently on both sides is a conflict for that value
  alone. The merge is then made twice, once taking our side of every conflict
  and once theirs, and the two results differ only there: those lines are
  written between git's conflict markers, which `summit check` reports.

Comments travel with the nodes they belong to (`summitkit.drafting.layout.yaml_comments`)
from whichever side the node was taken from.

Laying out is most of the work, so it is done where it can change something:
whether ours and theirs are laid out is told from the base's lines where they
differ from it only on whole clauses, and the result is our lines with the
clauses the merge replaced laid out anew, where that is all it changed
(`summitkit.drafting.layout.fmt_known`); the output is the same either way.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import yaml

from summitkit.drafting.layout.fmt import compose, format_node, format_text
from summitkit.drafting.layout.fmt_known import laid_out_from, outline, spliced
from summitkit.drafting.layout.yaml_comments import Notes, find_notes

Side = Literal["ours", "theirs"]
Parties = tuple[str | None, str | None]
MARKER = 7
"""Length of git's conflict markers (`<<<<<<<`)."""

#: Fields that name an item of a list of mappings, most specific first.
IDENTITY_KEYS = ("id", "state", "organization", "source", "round", "date", "field")


@dataclass
class Merged:
    """The merged text of one record and what the merge could not decide."""

    text: str
    conflicts: list[str] = field(default_factory=list)
    """Where both sides changed a value differently (`status`, `clauses[op3].note`)."""
    alternatives: list[str] = field(default_factory=list)
    """Clause ids reworded differently on both sides, now holding both wordings."""


@dataclass
class Version:
    """One side of the merge: its text, the node tree and its comments."""

    root: yaml.MappingNode | None
    notes: Notes
    text: str | None = None
    """The version's text where it is laid out as `summit fmt` writes it, for telling
    another version from it (`fmt_known`); None where it is not, or unknown."""


class Unmergeable(Exception):
    """A version does not parse as a record; git's line merge is the fallback."""


def merge_texts(
    base: str | None,
    ours: str,
    theirs: str,
    kind: str,
    parties: Parties | Callable[[], Parties] = (None, None),
    trees: Sequence[yaml.Node | None] = (None, None, None),
) -> Merged:
    """Merge three versions of a record file of `kind` (base None: added on both sides).

    `parties` name the delegation our side and theirs speak for (None: unknown), for
    the alternatives of a clause reworded on both; given as a function, it is called
    only when a clause gets alternatives (the driver asks git, which most merges need
    not do). `trees` are the versions as the driver's loader composed them, if it did
    (None: composed here)."""
    asked = _once(parties)
    first = _merge_once((base, ours, theirs), kind, "ours", asked, trees)
    if not first.conflicts:
        return first
    # The first merge rearranged the trees' nodes: the second composes afresh.
    second = _merge_once((base, ours, theirs), kind, "theirs", asked, (None, None, None))
    text = with_markers(first.text, second.text)
    return Merged(text, first.conflicts, first.alternatives)


def _merge_once(
    texts: tuple[str | None, str, str],
    kind: str,
    prefer: Side,
    parties: Callable[[], Parties],
    trees: Sequence[yaml.Node | None],
) -> Merged:
    b = _version(texts[0], kind, trees[0])
    o = _version(texts[1], kind, trees[1], b)
    t = _version(texts[2], kind, trees[2], b if b.text is not None else o)
    before = outline(o.root) if o.text is not None and o.root is not None else None
    aliases = any("&" in side for side in texts if side)  # a node written twice
    merger = _Merger(prefer, parties, aliases)
    root = merger.merge(b.root, o.root, t.root, "")
    notes = Notes(
        header=_pick(b.notes.header, o.notes.header, t.notes.header),
        trailer=_pick(b.notes.trailer, o.notes.trailer, t.notes.trailer),
    )
    for side in (t, o):  # ours last: where both hold a note for one node, ours is kept
        notes.before.update(side.notes.before)
        notes.beside.update(side.notes.beside)
    if not isinstance(root, yaml.MappingNode):
        raise Unmergeable("the merged record is not a mapping")
    text = None
    if before is not None and o.text is not None and not (aliases or _any_notes(notes)):
        text = spliced(root, kind, o.text, before, merger.changed)
    if text is None:
        text = _laid_out(root, notes, kind)
    return Merged(text, merger.conflicts, merger.alternatives)


def _laid_out(root: yaml.MappingNode, notes: Notes, kind: str) -> str:
    """The merged tree and its comments laid out as `summit fmt` writes them."""
    text = format_node(root, notes, kind)
    if _any_notes(notes):
        # Comments of three versions, put back around a new tree: laid out once more, as
        # `summit fmt` would lay the file out. Without comments (nor blank lines) the
        # layout is already what fmt writes of it (fmt changes nothing the second time).
        text = format_text(text, kind)
    return text


def _any_notes(notes: Notes) -> bool:
    """Whether a file's comments and blank lines (`notes`) hold anything to put back."""
    lists = (notes.header, notes.trailer, *notes.before.values(), *notes.beside.values())
    return any(lists)


def _once(parties: Parties | Callable[[], Parties]) -> Callable[[], Parties]:
    """`parties` as a function that asks (if it must) at most once."""
    if callable(parties):
        return functools.cache(parties)
    known = parties
    return lambda: known


def _version(
    text: str | None, kind: str, tree: yaml.Node | None = None, known: Version | None = None
) -> Version:
    """One side composed (unless `tree` is its node tree) and laid out, as `summit fmt`
    would write it; `known`, a version laid out already, may tell that it is."""
    if text is None or not text.strip():
        return Version(None, Notes())
    text = text.removeprefix("\ufeff")
    laid_out = None
    try:
        root = compose(text) if tree is None else tree
        if isinstance(root, yaml.MappingNode):
            if _told_from(known, text, root, kind):
                # As fmt writes it, without comments: merged as composed (the merge
                # compares values, and the result is laid out anew).
                return Version(root, Notes(), text)
            notes = find_notes(text, root)
            laid_out = format_node(root, notes, kind, source=text)  # arranges `root`
            if laid_out != text:  # not as fmt writes it: merge what fmt would write
                root = compose(laid_out)
                notes = find_notes(laid_out, root) if root is not None else Notes()
    except Exception as exc:  # FormatError, or anything a broken side provokes
        raise Unmergeable(str(exc)) from None
    if not isinstance(root, yaml.MappingNode):
        raise Unmergeable("not a record")
    # Laid out already, `root` (arranged) is the tree of `text` and `notes` its comments.
    return Version(root, notes, text if laid_out == text else None)


def _told_from(known: Version | None, text: str, root: yaml.MappingNode, kind: str) -> bool:
    """Whether `known` (laid out) tells that `text` is laid out too (`fmt_known`)."""
    if known is None or known.text is None or known.root is None:
        return False
    return laid_out_from(text, root, known.text, known.root, kind)


def _pick(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    return theirs if ours == base else ours


def with_markers(ours: str, theirs: str) -> str:
    """`ours` with every run of lines where `theirs` differs written between git's markers."""
    import difflib  # here: only a merge with conflicts needs it

    a, b = ours.splitlines(keepends=True), theirs.splitlines(keepends=True)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += a[i1:i2]
        else:
            out += ["<" * MARKER + " ours\n", *a[i1:i2], "=" * MARKER + "\n"]
            out += [*b[j1:j2], ">" * MARKER + " theirs\n"]
    return "".join(out)


# -- the node merge -------------------------------------------------------------


Meanings = dict[int, tuple[yaml.Node, Hashable]]
"""`canonical` values already worked out, by the node's id (kept with the node, so
that the id stays that node's)."""


def canonical(node: yaml.Node | None, known: Meanings | None = None) -> Hashable:
    """A value to compare nodes by meaning: key order and layout do not count.

    With `known`, each collection's value is worked out once: for the merge, which
    asks about a node at each level above it and changes none before it asks last."""
    if node is None:
        return None
    if isinstance(node, yaml.ScalarNode):
        return ("scalar", node.tag, node.value)
    if known is not None and (kept := known.get(id(node))) is not None:
        return kept[1]
    value: Hashable
    if isinstance(node, yaml.SequenceNode):
        value = ("list", tuple(canonical(item, known) for item in node.value))
    else:
        assert isinstance(node, yaml.MappingNode)
        pairs = sorted((str(canonical(k, known)), canonical(v, known)) for k, v in node.value)
        value = ("map", tuple(pairs))
    if known is not None:
        known[id(node)] = (node, value)
    return value


def same(a: yaml.Node | None, b: yaml.Node | None) -> bool:
    return canonical(a) == canonical(b)


def identity(item: yaml.Node) -> tuple[str, str]:
    """How a list item is known across versions: its id, party or source, else its value."""
    if isinstance(item, yaml.ScalarNode):
        return ("value", item.value)
    if isinstance(item, yaml.MappingNode):
        fields = {k.value: v for k, v in item.value if isinstance(k, yaml.ScalarNode)}
        for key in IDENTITY_KEYS:
            value = fields.get(key)
            if isinstance(value, yaml.ScalarNode):
                return (key, value.value)
    return ("value", repr(canonical(item)))


def _keyed(node: yaml.Node | None) -> dict[tuple[str, str, int], yaml.Node]:
    """A list's items by identity (and occurrence, for a value listed twice)."""
    items: dict[tuple[str, str, int], yaml.Node] = {}
    if isinstance(node, yaml.SequenceNode):
        seen: dict[tuple[str, str], int] = {}
        for item in node.value:
            known = identity(item)
            seen[known] = seen.get(known, 0) + 1
            items[(*known, seen[known])] = item
    return items


def merge_order(
    base: list[Hashable], ours: list[Hashable], theirs: list[Hashable]
) -> list[Hashable]:
    """The order of a merged list: the side that reordered the items both kept leads; the
    other side's additions follow the item they follow there (or open the list)."""
    kept = [i for i in base if i in ours and i in theirs]
    ours_kept = [i for i in ours if i in kept]
    theirs_kept = [i for i in theirs if i in kept]
    lead, other = (theirs, ours) if ours_kept == kept and theirs_kept != kept else (ours, theirs)
    result = list(lead)
    for index, item in enumerate(other):
        if item in result:
            continue
        before = next((other[j] for j in range(index - 1, -1, -1) if other[j] in result), None)
        result.insert(result.index(before) + 1 if before is not None else 0, item)
    return result


class _Merger:
    def __init__(self, prefer: Side, parties: Callable[[], Parties], aliases: bool) -> None:
        self.prefer = prefer
        self.parties = parties
        # A node written twice (an alias) may be asked about again after the merge
        # changed it in place at its other place: then nothing is kept.
        self.known: Meanings | None = None if aliases else {}
        self.changed: dict[int, yaml.Node] = {}
        """Nodes changed in place (by id): the rest of each version is as it was."""
        self.conflicts: list[str] = []
        self.alternatives: list[str] = []

    def same(self, a: yaml.Node | None, b: yaml.Node | None) -> bool:
        return canonical(a, self.known) == canonical(b, self.known)

    def merge(
        self, base: yaml.Node | None, ours: yaml.Node | None, theirs: yaml.Node | None, where: str
    ) -> yaml.Node | None:
        """The merged value (None: absent) of one place in the record."""
        if self.same(ours, theirs):
            return ours
        if self.same(base, ours):
            return theirs
        if self.same(base, theirs):
            return ours
        if _all(yaml.MappingNode, base, ours, theirs):
            assert isinstance(ours, yaml.MappingNode) and isinstance(theirs, yaml.MappingNode)
            assert base is None or isinstance(base, yaml.MappingNode)
            if base is not None and where.startswith("clauses[") and "." not in where:
                return self.merge_clause(base, ours, theirs, where)
            return self.merge_mapping(base, ours, theirs, where)
        if _all(yaml.SequenceNode, base, ours, theirs):
            assert isinstance(ours, yaml.SequenceNode) and isinstance(theirs, yaml.SequenceNode)
            assert base is None or isinstance(base, yaml.SequenceNode)
            return self.merge_list(base, ours, theirs, where)
        self.conflicts.append(where or "the whole record")
        return ours if self.prefer == "ours" else theirs

    def merge_mapping(
        self,
        base: yaml.MappingNode | None,
        ours: yaml.MappingNode,
        theirs: yaml.MappingNode,
        where: str,
    ) -> yaml.MappingNode:
        b, o, t = (_fields(n) for n in (base, ours, theirs))
        names = [*o, *(name for name in t if name not in o)]
        pairs: list[tuple[yaml.Node, yaml.Node]] = []
        for name in names:
            here = f"{where}.{name}" if where else name
            value = self.merge(_value(b, name), _value(o, name), _value(t, name), here)
            if value is not None:
                pairs.append(((o.get(name) or t[name])[0], value))
        ours.value = pairs  # our node, so that its comments stay with it
        self.changed[id(ours)] = ours
        return ours

    def merge_clause(
        self,
        base: yaml.MappingNode,
        ours: yaml.MappingNode,
        theirs: yaml.MappingNode,
        where: str,
    ) -> yaml.Node:
        """A clause; reworded differently on both sides, it holds both wordings."""
        text = [_value(_fields(n), "text") for n in (base, ours, theirs)]
        if self.same(text[0], text[1]) or self.same(text[0], text[2]) or self.same(*text[1:]):
            return self.merge_mapping(base, ours, theirs, where)
        assert text[0] is not None and text[1] is not None and text[2] is not None
        for side in (ours, theirs):  # the rest of the clause merges as usual
            _set(side, "text", text[0])
            self.changed[id(side)] = side
        merged = self.merge_mapping(base, ours, theirs, where)
        wordings = _value(_fields(merged), "alternatives")
        if not isinstance(wordings, yaml.SequenceNode):
            wordings = yaml.SequenceNode("tag:yaml.org,2002:seq", [])
        for wording, party in zip((text[1], text[2]), self.parties(), strict=True):
            pairs: list[tuple[yaml.Node, yaml.Node]] = [(_scalar("text"), wording)]
            if party:  # a delegation, never a person's git name
                by = yaml.SequenceNode("tag:yaml.org,2002:seq", [_scalar(party)])
                pairs.append((_scalar("by"), by))
            wordings.value.append(yaml.MappingNode("tag:yaml.org,2002:map", pairs))
        _set(merged, "alternatives", wordings)
        _set(merged, "status", _scalar("open"))
        self.alternatives.append(where.removeprefix("clauses[").removesuffix("]"))
        return merged

    def merge_list(
        self,
        base: yaml.SequenceNode | None,
        ours: yaml.SequenceNode,
        theirs: yaml.SequenceNode,
        where: str,
    ) -> yaml.SequenceNode:
        b, o, t = _keyed(base), _keyed(ours), _keyed(theirs)
        merged: dict[Hashable, yaml.Node] = {}
        for key in merge_order(list(b), list(o), list(t)):
            assert isinstance(key, tuple)
            label = key[1] if key[2] == 1 else f"{key[1]}#{key[2]}"
            here = f"{where}[{label}]"
            value = self.merge(b.get(key), o.get(key), t.get(key), here)
            if value is not None:
                merged[key] = value
        ours.value = list(merged.values())
        self.changed[id(ours)] = ours
        return ours


def _all(kind: type[yaml.Node], base: yaml.Node | None, *sides: yaml.Node | None) -> bool:
    """Whether both sides (and the base, where there is one) are nodes of `kind`."""
    return all(isinstance(n, kind) for n in sides) and (base is None or isinstance(base, kind))


def _scalar(value: str) -> yaml.ScalarNode:
    return yaml.ScalarNode("tag:yaml.org,2002:str", value)


def _set(mapping: yaml.MappingNode, name: str, value: yaml.Node) -> None:
    """Set a key of `mapping` to `value`, adding it where missing."""
    for index, (key, _) in enumerate(mapping.value):
        if isinstance(key, yaml.ScalarNode) and key.value == name:
            mapping.value[index] = (key, value)
            return
    mapping.value.append((_scalar(name), value))


def _fields(node: yaml.MappingNode | None) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """A mapping's (key node, value node) pairs by key."""
    if node is None:
        return {}
    return {str(k.value): (k, v) for k, v in node.value}


def _value(fields: dict[str, tuple[yaml.Node, yaml.Node]], name: str) -> yaml.Node | None:
    pair = fields.get(name)
    return pair[1] if pair else None
