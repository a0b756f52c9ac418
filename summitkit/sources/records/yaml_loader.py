"""The one YAML parser: libyaml's safe loader, with a leaner tag resolver.

libyaml parses in C, but for every node it calls back into Python three times:
to resolve the node's tag and to enter and leave it for path resolvers, which the
safe loader does not have. `RecordLoader` resolves tags with the safe loader's own
YAML 1.1 rules (the same regular expressions, tried in the same order) from one
table by first character, and skips the two path calls: a seventh of the time of
composing a corpus. `tests/test_loader.py` holds it to the safe loader's tags.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import ScalarNode, SequenceNode

try:
    _BASE: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BASE = yaml.SafeLoader

_WILDCARD = tuple(_BASE.yaml_implicit_resolvers.get(None, []))
#: First character of a plain scalar → the (tag, pattern) pairs to try, in order.
_BY_FIRST = {
    first: (*resolvers, *_WILDCARD)
    for first, resolvers in _BASE.yaml_implicit_resolvers.items()
    if first is not None
}
assert not _BASE.yaml_path_resolvers  # what makes skipping the path calls safe
_SCALAR: str = _BASE.DEFAULT_SCALAR_TAG
_SEQUENCE: str = _BASE.DEFAULT_SEQUENCE_TAG
_MAPPING: str = _BASE.DEFAULT_MAPPING_TAG


class RecordLoader(_BASE):  # type: ignore[misc]
    """The safe loader, resolving tags as it does with fewer calls into Python."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> Any:
        if kind is ScalarNode:
            if implicit[0]:
                for tag, pattern in _BY_FIRST.get(value[:1], _WILDCARD):
                    if pattern.match(value):
                        return tag
            return _SCALAR
        if kind is SequenceNode:
            return _SEQUENCE
        return _MAPPING

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers: nothing to track."""
