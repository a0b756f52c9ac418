"""`summit fmt`: one canonical layout for records, so that merges and reviews stay small.

The layout, decided from the schema:

- keys in the schema's field order: `id` and `sensitivity` first, then the
  kind's own fields as the model declares them; a document's body (`clauses`,
  `retired_ids`, `changes_annex`) after its other fields; the envelope every
  record shares (`sources`, `claims`, `field_sensitivity`) last. Nested
  mappings (clauses, assessments, action items ...) follow their model's order;
- clause text one sentence per line (`summitkit.drafting.layout.sentences`), in a literal block
  (`|`) when it has more than one sentence;
- `signatories`, `participants` and `members` sorted (states by id, then
  organizations) with one item a line: two drafters adding two parties touch
  two different lines. A record with `source_order: true` (its list is
  written in a source's order, the chair first) keeps that list's order.
  A signatory with more than a state id is one flow mapping on its line.
  Other lists of plain values stay on one line when that fits in 100
  columns; lists of mappings are block lists;
- clauses, lead states, assessments and every other list keep their order.

Values never change except for whitespace inside clause text, which the
renderers ignore. Comments move with the key or item they belong to
(`summitkit.drafting.layout.yaml_comments`); every result is parsed again and compared with
what was meant before a file is written.
"""

from __future__ import annotations

import functools
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from summitkit.drafting.layout.fmt_fields import DOCUMENTS, KIND_MODELS, MODELS, SHORTHAND
from summitkit.drafting.layout.sentences import split_sentences
from summitkit.drafting.layout.yaml_comments import Notes, find_notes, put_back
from summitkit.drafting.layout.yaml_emit import emit
from summitkit.sources.core.diagnostics import Diagnostic, Position, display_path, error
from summitkit.sources.core.files import write_file
from summitkit.sources.core.layout import find_record_files
from summitkit.sources.records.loader import MAX_DEPTH, YAML_LOADER, load_refusal, scalar_value
from summitkit.sources.records.yaml_errors import syntax_diagnostic

if TYPE_CHECKING:
    from pydantic import BaseModel

LINE = 100
ONE_PER_LINE = frozenset({"signatories", "participants", "members"})
"""Lists whose order carries no meaning and that drafters add to: sorted, one item a line."""
ENVELOPE = ("sources", "claims", "field_sensitivity")
BODY = ("clauses", "retired_ids", "changes_annex")
TEXT = "tag:yaml.org,2002:str"


class FormatError(Exception):
    """A file that cannot be formatted (it does not parse); `position` says where."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.line, self.col = line, col


@dataclass
class Formatted:
    """What `format_tree` did: files (display paths) changed or to change, and problems."""

    changed: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    files: int = 0


Field = tuple[str, str | None]
"""How a field is laid out: ('list' | 'dict' | 'value', the model of its items or value)."""


def record_key_order(kind: str) -> list[str]:
    """The canonical order of a record's top-level keys."""
    model = KIND_MODELS[kind]
    names = [n for n in fields_of(model) if n not in ENVELOPE and n not in BODY]
    body = [n for n in BODY if model in DOCUMENTS]
    return [*names, *body, *ENVELOPE]


@functools.cache
def fields_of(model: str) -> dict[str, Field]:
    """The fields of schema model `model` (by class name) in declaration order, as
    `summitkit.drafting.layout.fmt_fields` holds them: laying out needs no pydantic."""
    found: dict[str, Field] = {}
    for spec in MODELS[model].split():
        name, _, inner = spec.partition(":")
        shape = "list" if name.endswith("[]") else "dict" if name.endswith("{}") else "value"
        found[name.removesuffix("[]").removesuffix("{}")] = (shape, inner or None)
    return found


def schema_fields() -> tuple[dict[str, str], set[str], set[str], dict[str, dict[str, Field]]]:
    """What `summitkit.drafting.layout.fmt_fields` holds, read from the schema's models:
    kinds' models, document models, one-line (shorthand) models, every model's fields."""
    from summitkit.sources.schema import KINDS, Document, ShorthandModel

    models: dict[str, dict[str, Field]] = {}
    shorthand: set[str] = set()

    def walk(model: type[BaseModel]) -> None:
        if model.__name__ in models:
            return
        models[model.__name__] = layout = {}
        if issubclass(model, ShorthandModel):
            shorthand.add(model.__name__)
        for name, info in model.model_fields.items():
            shape, inner = _shape(info.annotation)
            layout[name] = (shape, inner.__name__ if inner else None)
            if inner is not None:
                walk(inner)

    for model in KINDS.values():
        walk(model)
    kinds = {kind: model.__name__ for kind, model in KINDS.items()}
    documents = {model.__name__ for model in KINDS.values() if issubclass(model, Document)}
    return kinds, documents, shorthand, models


_OWN = ("load/yaml-syntax", "load/encoding")
"""Refusals of the loader that fmt reports in its own words."""


def format_tree(root: Path, target: Path | None = None, write: bool = True) -> Formatted:
    """Format every record file under `target` (default: the whole repository)."""
    done = Formatted()
    for path, kind in find_record_files(root):
        if kind is None or path.is_symlink():
            continue  # unknown folders are check's business; never write through a link
        if target is not None and path != target and not path.is_relative_to(target):
            continue
        done.files += 1
        display = display_path(path, root)
        try:
            raw = path.read_bytes()
            # The loader's limits (size, aliases, depth) hold here too; a syntax error
            # is fmt's own to report, below.
            refused = [d for d in load_refusal(raw, kind, display) if d.rule not in _OWN]
            if refused:
                done.problems += refused
                continue
            text = raw.decode("utf-8")
            formatted = format_text(text, kind)
        except UnicodeDecodeError:
            done.problems.append(error(Position(display), "file is not UTF-8", "fmt/encoding"))
            continue
        except FormatError as exc:
            position = Position(display, exc.line, exc.col)
            done.problems.append(error(position, str(exc), "fmt/unformattable"))
            continue
        if formatted != text:
            done.changed.append(display)
            if write:
                write_file(path, formatted)
    return done


def format_text(text: str, kind: str) -> str:
    """The canonical layout of one record file of `kind`."""
    text = text.removeprefix("\ufeff")
    root = compose(text)
    if not isinstance(root, yaml.MappingNode):
        raise FormatError("a record is a mapping of fields; nothing to format")
    return format_node(root, find_notes(text, root), kind, source=text)


def format_node(root: yaml.MappingNode, notes: Notes, kind: str, source: str | None = None) -> str:
    """The canonical layout of a composed record of `kind` and its comments (`notes`).

    The merge driver calls this with a tree assembled from three versions of a file.
    `source` is the text `root` was composed from, if any: a layout equal to it is
    that file unchanged, so it is not parsed again to check that it means the same.
    """
    order = record_key_order(kind)
    _arrange_mapping(root, KIND_MODELS[kind], 0, order=order, sort=not _source_order(root))
    emitted, composed = emit(root)
    result = put_back(emitted, notes, root, composed)
    if result == source:
        return result
    if not _same(compose(result), root):  # pragma: no cover - a bug, never a user's error
        raise FormatError("could not keep the comments in place; file left as it was")
    return result


def compose(text: str) -> yaml.Node | None:
    """The YAML node tree of `text`; FormatError where it does not parse."""
    try:
        return yaml.compose(text, Loader=YAML_LOADER)
    except yaml.MarkedYAMLError as exc:
        # The words `summit check` uses, so both commands say how to fix the file.
        said = syntax_diagnostic(exc, text, "", MAX_DEPTH)
        raise FormatError(said.message, said.position.line, said.position.col) from None
    except yaml.YAMLError as exc:
        raise FormatError(f"malformed YAML: {exc}") from None


def _source_order(root: yaml.MappingNode) -> bool:
    """Whether the record keeps its party list in a source's order (`source_order: true`)."""
    fields = {_name(key): value for key, value in root.value}
    value = fields.get("source_order")
    if not isinstance(value, yaml.ScalarNode):
        return False
    try:  # the value's text as YAML, so that a quoted "true" counts as check counts it
        return scalar_value(value.value) is True
    except yaml.YAMLError:  # a text such as "\t" is no boolean: not a traceback
        return False


def _same(a: yaml.Node | None, b: yaml.Node | None) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, yaml.ScalarNode):
        return a.tag == b.tag and a.value == b.value  # type: ignore[union-attr]
    if isinstance(a, yaml.SequenceNode):
        return len(a.value) == len(b.value) and all(map(_same, a.value, b.value))  # type: ignore[union-attr]
    if isinstance(a, yaml.MappingNode):
        pairs = zip(a.value, b.value, strict=False)  # type: ignore[union-attr]
        return len(a.value) == len(b.value) and all(  # type: ignore[union-attr]
            _same(ka, kb) and _same(va, vb) for (ka, va), (kb, vb) in pairs
        )
    return a is None


# -- arranging the node tree ------------------------------------------------


def _shape(annotation: Any) -> tuple[str, type[BaseModel] | None]:
    """('list' | 'dict' | 'value', the model of the items or value, if any)."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    origin = typing.get_origin(annotation)
    if origin is list:
        return "list", _model(typing.get_args(annotation)[0])
    if origin is dict:
        return "dict", _model(typing.get_args(annotation)[1])
    return "value", _model(annotation)


def _model(annotation: Any) -> type[BaseModel] | None:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model(arg)
        if found is not None:
            return found
    return None


def _name(node: yaml.Node) -> str:
    return node.value if isinstance(node, yaml.ScalarNode) else ""


def _arrange_mapping(
    node: yaml.Node,
    model: str,
    indent: int,
    order: list[str] | None = None,
    sort: bool = False,
) -> None:
    """Arrange a mapping of schema model `model`; `order` is given for a record's top
    level, where `sort` says whether its party lists (`ONE_PER_LINE`) are sorted."""
    if not isinstance(node, yaml.MappingNode):
        _arrange_any(node, indent)
        return
    fields = fields_of(model)
    rank = {name: i for i, name in enumerate(order or fields)}
    node.value.sort(key=lambda pair: rank.get(_name(pair[0]), len(rank)))
    node.flow_style = model in SHORTHAND  # a signatory or citation: one line
    for key, value in node.value:
        info = fields.get(_name(key))
        if info is None:
            _arrange_any(value, indent + 2)
        elif _name(key) == "text" and model in ("Clause", "Translation"):
            _lay_out_sentences(value, block=model == "Clause")
        else:
            top = order is not None
            sorted_here = sort and top and _name(key) in ONE_PER_LINE
            _arrange_field(_name(key), value, info, model, indent, top, sorted_here)


def _arrange_field(
    name: str,
    value: yaml.Node,
    layout: Field,
    owner: str,
    indent: int,
    top: bool,
    sort: bool = False,
) -> None:
    shape, inner = layout
    if shape == "list" and isinstance(value, yaml.SequenceNode):
        if sort:
            value.value.sort(key=party_order)
        for item in value.value:
            if inner is not None and isinstance(item, yaml.MappingNode):
                _arrange_mapping(item, inner, indent + 4)
            else:
                _arrange_any(item, indent + 4)
        block = (top and name in ONE_PER_LINE) or not _all_scalars(value)
        value.flow_style = not block and _fits(name, value, indent)
    elif shape == "dict" and isinstance(value, yaml.MappingNode):
        value.flow_style = False
        for _, item in value.value:
            if owner == "Clause" and isinstance(item, yaml.ScalarNode):
                _lay_out_sentences(item, block=False)  # a translation as plain text
            elif inner is not None:
                _arrange_mapping(item, inner, indent + 2)
            else:
                _arrange_any(item, indent + 2)
    elif inner is not None and isinstance(value, yaml.MappingNode):
        _arrange_mapping(value, inner, indent + 2)
    else:
        _arrange_any(value, indent + 2)


def _arrange_any(node: yaml.Node, indent: int) -> None:
    """Layout of a value the schema does not describe (or describes otherwise)."""
    if isinstance(node, yaml.ScalarNode):
        _lay_out_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _arrange_any(item, indent + 4)
        node.flow_style = _all_scalars(node) and _fits("", node, indent)
    elif isinstance(node, yaml.MappingNode):
        node.flow_style = False
        for _, value in node.value:
            _arrange_any(value, indent + 2)


def _all_scalars(node: yaml.SequenceNode) -> bool:
    return all(isinstance(item, yaml.ScalarNode) for item in node.value)


def _fits(name: str, node: yaml.SequenceNode, indent: int) -> bool:
    width = indent + len(name) + 2 + sum(len(str(item.value)) + 2 for item in node.value)
    return width <= LINE


def party_order(item: yaml.Node) -> tuple[int, str]:
    """States by id, then organizations by id; anything else keeps its place at the end."""
    if isinstance(item, yaml.ScalarNode):
        return (0, item.value)
    if isinstance(item, yaml.MappingNode):
        fields = {_name(k): v for k, v in item.value}
        for rank, key in enumerate(("state", "organization")):
            if isinstance(fields.get(key), yaml.ScalarNode):
                return (rank, fields[key].value)
    return (2, "")


def _lay_out_scalar(node: yaml.ScalarNode) -> None:
    if node.tag == TEXT and "\n" in node.value:
        node.style = "|"
    elif node.style not in ('"', "'"):
        node.style = None  # plain where YAML allows it (the emitter quotes what needs it)


def _lay_out_sentences(node: yaml.Node, block: bool) -> None:
    """One sentence a line; a clause's own text always as a literal block, so that a
    second sentence adds a line instead of rewriting the first."""
    if not isinstance(node, yaml.ScalarNode) or node.tag != TEXT or not node.value.strip():
        _arrange_any(node, 0)
        return
    sentences = split_sentences(node.value)
    if len(sentences) == 1 and not block:
        node.value = sentences[0]
        node.style = node.style if node.style in ('"', "'") else None
    else:
        node.value = "\n".join(sentences) + "\n"
        node.style = "|"
