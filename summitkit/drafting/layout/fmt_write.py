"""Writing a new record straight in `summit fmt`'s layout, without laying it out after.

`summit fmt` arranges a composed YAML tree (`summitkit.drafting.layout.fmt`) and lets an
emitter write it. A record that summitkit makes itself (an imported proposal
of thousands of changes) need not go through text, a tree and the emitter
twice: `write_record` writes its values in the order and shapes `fmt` would
arrange them (`fmt_fields`: keys in the schema's order, block mappings, lists
of scalars on one line where they fit in 100 columns, lists of mappings as
block lists indented under their key, multi-line text as a literal block).

Only what is written the same way by every emitter is written here: plain
scalars that need no quotes, and literal blocks with one final line break.
Anything else (a value that needs quotes, a party list `fmt` sorts, a clause's
sentences, an empty list) makes `write_record` return None, and the caller
lays the record out through `fmt` as before. `tests/test_fmt_write.py` holds
the two ways to the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from summitkit.drafting.layout.fmt import LINE, ONE_PER_LINE, TEXT, fields_of, record_key_order
from summitkit.drafting.layout.fmt_fields import KIND_MODELS, SHORTHAND

_UNUSUAL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff\U00010000-\U0010ffff#]"
)
"""Characters some emitter writes otherwise, or that a plain scalar may hold only in
some places (`#`), and every line break: such a value is left to fmt."""
_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@` ")
"""Characters a plain scalar may not start with (indicators, and a space)."""
_FLOW = re.compile(r"[,\[\]{}:?]")
"""Indicators a plain scalar may not hold inside a flow list (`[a, b]`)."""
_LITERAL_LINE = re.compile(
    "[^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff\U00010000-\U0010ffff]*"
)
_RESOLVER = yaml.resolver.Resolver()
_fits_plain: dict[tuple[str, bool], bool] = {}
"""Whether a text may be written plain (as a key or not), by text."""


class _Unfit(Exception):
    """A value this writer does not write as fmt would: the caller lays out instead."""


def write_record(data: dict[str, Any], kind: str) -> str | None:
    """`data` (plain values: str, int, bool, dates, lists and dicts of them) as the
    text of a record file of `kind`, byte for byte as `summit fmt` lays it out; None
    where a value is beyond this writer (then lay the record out with fmt)."""
    out: list[str] = []
    try:
        _mapping(out, data, KIND_MODELS[kind], 0, 0, "", record_key_order(kind))
    except _Unfit:
        return None
    return "".join(out)


def _mapping(
    out: list[str],
    data: dict[str, Any],
    model: str | None,
    column: int,
    indent: int,
    lead: str,
    order: list[str] | None = None,
) -> None:
    """A block mapping at `column`; its first key follows `lead` (a list item's `- `).
    `indent` is what fmt's arranging passes down (it decides which lists fit a line)."""
    if not data or model in SHORTHAND:
        raise _Unfit  # `{}`, and one-line mappings (signatories, citations)
    fields = fields_of(model) if model is not None else {}
    items = list(data.items())
    if model is not None:
        rank = {name: i for i, name in enumerate(order or fields)}
        items.sort(key=lambda pair: rank.get(pair[0], len(rank)))
    pad = " " * column
    for number, (name, value) in enumerate(items):
        if not isinstance(name, str):
            raise _Unfit
        key = f"{lead if number == 0 else pad}{_plain(name, key=True)}:"
        info = fields.get(name)
        if info is None:
            _any(out, key, value, column, indent + 2)
            continue
        shape, inner = info
        if name == "text" and model in ("Clause", "Translation"):
            raise _Unfit  # one sentence a line: fmt's own work
        if shape == "list" and isinstance(value, list):
            if order is not None and name in ONE_PER_LINE:
                raise _Unfit  # sorted by fmt
            _list(out, key, name, value, inner, column, indent)
        elif shape == "dict" and isinstance(value, dict):
            out.append(f"{key}\n")
            _entries(out, value, inner, column + 2, indent + 2)
        elif inner is not None and isinstance(value, dict):
            out.append(f"{key}\n")
            _mapping(out, value, inner, column + 2, indent + 2, " " * (column + 2))
        else:
            _any(out, key, value, column, indent + 2)


def _entries(
    out: list[str], data: dict[str, Any], inner: str | None, column: int, indent: int
) -> None:
    """A mapping the schema keys freely (`against`), each value of model `inner`."""
    if not data:
        raise _Unfit
    pad = " " * column
    for name, value in data.items():
        if not isinstance(name, str):
            raise _Unfit
        key = f"{pad}{_plain(name, key=True)}:"
        if inner is not None and isinstance(value, dict):
            out.append(f"{key}\n")
            _mapping(out, value, inner, column + 2, indent, pad + "  ")
        else:
            _any(out, key, value, column, indent)


def _list(
    out: list[str],
    key: str,
    name: str,
    items: list[Any],
    inner: str | None,
    column: int,
    indent: int,
) -> None:
    """A list field: on the key's line where it holds only scalars and fits, else a
    block list indented under its key."""
    if not items:
        raise _Unfit
    if not any(isinstance(item, (dict, list)) for item in items):
        texts = [_scalar(item) for item in items]
        if indent + len(name) + 2 + sum(len(t) + 2 for t in texts) <= LINE:
            out.append(f"{key} {_flow_list(items, texts)}\n")
            return
    out.append(f"{key}\n")
    dash = " " * (column + 2) + "- "
    for item in items:
        if isinstance(item, dict):
            _mapping(out, item, inner, column + 4, indent + 4, dash)
        elif isinstance(item, list):
            raise _Unfit
        else:
            out.append(f"{dash}{_block(item)}\n")


def _any(out: list[str], key: str, value: Any, column: int, indent: int) -> None:
    """A value the schema does not describe further."""
    if isinstance(value, dict):
        out.append(f"{key}\n")
        _entries(out, value, None, column + 2, indent)
    elif isinstance(value, list):
        if not value or any(isinstance(item, (dict, list)) for item in value):
            raise _Unfit
        texts = [_scalar(item) for item in value]
        if indent + 2 + sum(len(t) + 2 for t in texts) > LINE:
            raise _Unfit
        out.append(f"{key} {_flow_list(value, texts)}\n")
    elif isinstance(value, str) and "\n" in value:
        out.append(f"{key} |\n{_literal(value, ' ' * (column + 2))}")
    else:
        out.append(f"{key} {_block(value)}\n")


def _scalar(value: Any) -> str:
    """The text of a scalar as the representer writes it (quotes aside)."""
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    raise _Unfit


def _block(value: Any) -> str:
    """A scalar as a plain value in block context."""
    return _plain(value) if isinstance(value, str) else _scalar(value)


def _flow_list(items: list[Any], texts: list[str]) -> str:
    """Scalars as one flow list, `[a, b]`."""
    return f"[{', '.join(_flow(item, text) for item, text in zip(items, texts, strict=True))}]"


def _flow(value: Any, text: str) -> str:
    """A scalar as a plain value inside `[...]`."""
    if isinstance(value, str):
        if _FLOW.search(value):
            raise _Unfit
        return _plain(value)
    return text


def _plain(value: str, key: bool = False) -> str:
    """`value` when YAML reads it back, unquoted, as this very text; else _Unfit."""
    fit = _fits_plain.get((value, key))
    if fit is None:  # asked once per text: ids and words repeat in every change
        fit = _fits_plain[(value, key)] = _plain_fit(value, key)
    if not fit:
        raise _Unfit
    return value


def _plain_fit(value: str, key: bool) -> bool:
    if (
        not value
        or value[0] in _FIRST
        or value.startswith("...")
        or value[-1] == " "
        or _UNUSUAL.search(value)
        or ": " in value
        or value[-1] == ":"
        or (key and len(value) > 100)
    ):
        return False
    # `yes`, `12`, `2012-03-20` as text would be quoted by the emitter
    resolved = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return bool(resolved == TEXT)


def _literal(value: str, pad: str) -> str:
    """A literal block's lines (`|`): one final line break, no line ending in a space,
    and no first line that starts with a space (which would need an indent marker)."""
    if not value.endswith("\n") or value.endswith("\n\n") or value[0] in " \n":
        raise _Unfit
    lines = value[:-1].split("\n")
    for line in lines:
        if line.endswith(" ") or not _LITERAL_LINE.fullmatch(line):
            raise _Unfit
    return "".join(f"{pad}{line}\n" if line else "\n" for line in lines)
