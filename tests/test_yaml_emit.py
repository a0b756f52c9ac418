"""The layout written through libyaml is, byte for byte, the layout PyYAML's emitter writes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from summitkit.drafting.layout.fmt import (
    _arrange_mapping,
    _lay_out_scalar,
    _source_order,
    compose,
    record_key_order,
)
from summitkit.drafting.layout.fmt_fields import KIND_MODELS
from summitkit.drafting.layout.yaml_emit import emit, emit_python
from summitkit.sources.core.layout import FOLDERS

DATA = Path(__file__).parent / "data"
TEXT = "tag:yaml.org,2002:str"


def arranged(path: Path) -> yaml.MappingNode | None:
    """The record in `path` arranged as `summit fmt` arranges it; None: not one fmt lays out."""
    kind = next((k for f, k in FOLDERS.items() if path.parent.as_posix().endswith(f)), None)
    try:
        root = compose(path.read_text(encoding="utf-8").removeprefix("\ufeff"))
        if kind is None or not isinstance(root, yaml.MappingNode):
            return None
        order = record_key_order(kind)
        _arrange_mapping(root, KIND_MODELS[kind], 0, order=order, sort=not _source_order(root))
    except Exception:  # broken on purpose (tests/data/invalid, hostile): fmt refuses them
        return None
    return root


def test_every_record_of_the_test_data_is_written_alike() -> None:
    written = 0
    for path in sorted(DATA.rglob("*.yaml")):
        if "hostile" in path.parts:  # alias bombs: fmt's arranging walks every alias
            continue
        root, again = arranged(path), arranged(path)
        if root is None or again is None:
            continue
        assert emit(root)[0] == emit_python(again), path
        written += 1
    assert written > 300


PIECES = [
    "a", "b c", " ", ":", ": ", "#", " #", "- ", "?", "'", '"', "\\", "\t", "\n", "\n\n",
    "é", "日本", "\u2028", "\x85", "\ufeff", "true", "null", "1", "0x1", "1.5",
    "2012-01-01", "~", "[", "]", "{", "}", ",", "*", "&", "!", "%", "@", "`", "|", ">",
    "...", "---", "\r", "\x07", "\U0001f600", "\u00a0",
]  # fmt: skip


class Trees:
    """Random node trees of awkward scalars, keys, flow and block collections."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def text(self) -> str:
        return "".join(self.rng.choice(PIECES) for _ in range(self.rng.randint(0, 5)))

    def scalar(self, key: bool = False) -> yaml.ScalarNode:
        style = self.rng.choice([None, None, '"', "'", "|"])
        node = yaml.ScalarNode(TEXT, self.text(), style=style)
        if not key and self.rng.random() < 0.5:
            _lay_out_scalar(node)
        if self.rng.random() < 0.1:
            node.tag = self.rng.choice(["int", "binary", "timestamp"])
            node.tag = f"tag:yaml.org,2002:{node.tag}"
        return node

    def node(self, depth: int) -> yaml.Node:
        roll = self.rng.random()
        if depth > 3 or roll < 0.4:
            return self.scalar()
        flow = self.rng.random() < 0.3
        if roll < 0.7:
            items = [self.node(depth + 1) for _ in range(self.rng.randint(0, 3))]
            return yaml.SequenceNode("tag:yaml.org,2002:seq", items, flow_style=flow)
        pairs = [(self.scalar(True), self.node(depth + 1)) for _ in range(self.rng.randint(0, 3))]
        return yaml.MappingNode("tag:yaml.org,2002:map", pairs, flow_style=flow and roll < 0.8)

    def record(self) -> yaml.MappingNode:
        pairs = [(self.scalar(True), self.node(1)) for _ in range(self.rng.randint(1, 4))]
        return yaml.MappingNode("tag:yaml.org,2002:map", pairs, flow_style=False)


@pytest.mark.parametrize("seed", range(4))
def test_random_trees_are_written_alike(seed: int) -> None:
    trees = Trees(seed)
    for _ in range(400):
        root = trees.record()
        try:
            expected = emit_python(root)
        except yaml.YAMLError:
            continue  # nothing PyYAML can write either
        assert emit(root)[0] == expected  # emit may restyle quotes: PyYAML wrote them so
