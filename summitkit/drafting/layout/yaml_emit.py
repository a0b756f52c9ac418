"""Writing an arranged record's node tree as YAML text: the layout `summit fmt` writes.

The layout is PyYAML's emitter with block lists indented under their key and
quotes only where a value needs them (`PythonLayout`). That emitter is pure
Python and scans every character of every clause; libyaml's C emitter writes
the same text thirty times faster, except that it cannot indent a list under
its key. `emit` therefore lets libyaml write the tree, composes that text
again (in C) to learn which lines each such list covers, and indents them by
two columns: the lines and their order stay the same, so the composed tree
still tells where every key and item starts.

libyaml and PyYAML choose scalar styles by the same rules, with a few
differences at the edges: characters beyond the Basic Multilingual Plane
(which libyaml escapes), line breaks other than `\\n`, control characters,
byte-order marks, kept trailing blank lines in a block (after which libyaml
ends the document with `...`), and keys that are empty, long or not plain
text (which PyYAML writes as `? key`). A tree holding any of those is written
by PyYAML's emitter, as before; `tests/test_yaml_emit.py` holds both ways to the
same bytes on every record of the test data and on random trees.
"""

from __future__ import annotations

import io
import re

import yaml

from summitkit.sources.records.loader import YAML_LOADER

TEXT = "tag:yaml.org,2002:str"
WIDTH = 1_000_000
"""No folding: a long line stays one line."""

#: What libyaml writes otherwise than PyYAML (see the module's docstring).
_AWKWARD = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff\U00010000-\U0010ffff]"
)
_LONGEST_KEY = 100
"""Below PyYAML's limit of 128 characters for a plain key, with room for its tag."""
_RESOLVER = yaml.resolver.Resolver()
_ANALYSER = yaml.emitter.Emitter(io.StringIO(), allow_unicode=True)


class PythonLayout(yaml.SafeDumper):
    """Block lists indented under their key; quotes only where a value needs them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        event = self.event
        assert isinstance(event, yaml.ScalarEvent)
        requested = event.style
        if requested not in ('"', "'"):
            return str(super().choose_scalar_style())
        event.style = None  # ask for plain first; keep the written quotes if it is not allowed
        chosen = str(super().choose_scalar_style())
        event.style = requested
        return chosen if chosen == "" or requested == "'" else requested


class _Unfit(Exception):
    """The tree holds something libyaml writes otherwise than PyYAML."""


def emit(root: yaml.Node) -> tuple[str, yaml.Node]:
    """The YAML text of `root` (arranged) and that text composed again."""
    try:
        _settle(root, key=False, flow=False, seen=set())
    except _Unfit:
        text = yaml.serialize(root, Dumper=PythonLayout, allow_unicode=True, width=WIDTH)
        composed = yaml.compose(text, Loader=YAML_LOADER)
        assert composed is not None  # the emitter wrote a document
        return text, composed
    written = yaml.serialize(root, Dumper=yaml.CSafeDumper, allow_unicode=True, width=WIDTH)
    composed = yaml.compose(written, Loader=YAML_LOADER)
    assert composed is not None
    return _indent_lists(written, composed), composed


def emit_python(root: yaml.Node) -> str:
    """The same text written by PyYAML's emitter alone (what the tests compare with)."""
    return yaml.serialize(root, Dumper=PythonLayout, allow_unicode=True, width=WIDTH)


def _settle(node: yaml.Node, key: bool, flow: bool, seen: set[int]) -> None:
    """Give each quoted scalar the style PythonLayout would write, so that libyaml,
    which honours a requested style, writes the same; raise _Unfit where it would not."""
    if id(node) in seen:  # an alias: written once, as the serializer does
        return
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        value = node.value
        if _AWKWARD.search(value) or value.endswith("\n\n") or value == "\n":
            raise _Unfit
        if key and (not value or "\n" in value or len(value) > _LONGEST_KEY or node.tag != TEXT):
            raise _Unfit
        if node.style in ('"', "'"):
            if _plain_allowed(node, key, flow):
                node.style = None
        elif node.style is None and node.tag != TEXT and node.tag != _implicit(value):
            node.style = "'"  # PyYAML quotes a value whose tag it writes; libyaml would not
    elif isinstance(node, yaml.SequenceNode):
        inner = flow or bool(node.flow_style)
        for item in node.value:
            _settle(item, False, inner, seen)
    elif isinstance(node, yaml.MappingNode):
        inner = flow or bool(node.flow_style)
        for name, value in node.value:
            if not isinstance(name, yaml.ScalarNode):
                raise _Unfit
            _settle(name, True, inner, seen)
            _settle(value, False, inner, seen)


def _plain_allowed(node: yaml.ScalarNode, key: bool, flow: bool) -> bool:
    """Whether PyYAML's emitter may write `node` plain where it stands."""
    if node.tag != _implicit(node.value):
        return False
    analysis = _ANALYSER.analyze_scalar(node.value)
    if key and (analysis.empty or analysis.multiline):
        return False
    return bool(analysis.allow_flow_plain if flow else analysis.allow_block_plain)


def _implicit(value: str) -> str:
    """The tag a plain scalar of `value` has (a tag that need not be written)."""
    return str(_RESOLVER.resolve(yaml.ScalarNode, value, (True, False)))  # type: ignore[no-untyped-call]


def _indent_lists(text: str, composed: yaml.Node) -> str:
    """`text` with every block list that is a mapping's value indented under its key."""
    lines = text.split("\n")
    shift = [0] * len(lines)
    seen: set[int] = set()

    def walk(node: yaml.Node) -> None:
        if id(node) in seen:  # an alias (`key: *id001`) is one line, written in place
            return
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for name, value in node.value:
                walk(name)
                block = isinstance(value, yaml.SequenceNode) and not value.flow_style
                if block and not node.flow_style and id(value) not in seen:
                    # from the line after the key (an anchor stands on the key's line)
                    # to the line of whatever follows the list
                    for number in range(name.end_mark.line + 1, value.end_mark.line):
                        shift[number] += 2
                walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)

    walk(composed)
    return "\n".join(
        " " * by + line if by and line else line for by, line in zip(shift, lines, strict=True)
    )
