"""YAML problems → diagnostics: where the user must look, and what to write instead.

libyaml reports where its parser gave up, in its own words ("did not find
expected ',' or ']'"). For the mistakes people make by hand — an unclosed
bracket or quote, a tab, a misindented line, bytes that are not UTF-8 — these
functions name the place to fix and the fix.
"""

from __future__ import annotations

from typing import Any

import yaml

from summitkit.sources.diagnostics import Diagnostic, Position, error


def describe(value: Any) -> str:
    """What a YAML value is, in the words of someone who wrote it."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ('{value}')" if len(value) <= 40 else "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__  # pragma: no cover - the loader builds only the types above


def line_col(text: str, offset: int) -> tuple[int, int]:
    """Line and column (from 1, in characters) of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def encoding_diagnostic(raw: bytes, offset: int, display: str) -> Diagnostic:
    """Bytes that are not UTF-8, at the line and column of the first bad byte."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    # The column counts the characters before the bad byte, as an editor does.
    col = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return error(
        Position(display, raw.count(b"\n", 0, offset) + 1, col),
        f"file is not UTF-8 (byte 0x{raw[offset]:02x}); save it as UTF-8",
        "load/encoding",
    )


def syntax_diagnostic(
    exc: yaml.MarkedYAMLError, text: str, display: str, max_depth: int
) -> Diagnostic:
    """A YAML syntax error, placed where the user must look, with what to do."""
    problem = exc.problem or exc.context or "malformed YAML"
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    opened = exc.context_mark if exc.context_mark is not None else mark
    rule = "load/yaml-syntax"
    gave_up = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    if context.startswith("while parsing a flow "):
        # An unclosed bracket is found only lines later; the bracket is what to fix.
        pair = "[]" if "sequence" in context else "{}"
        mark = opened
        message = (
            f"this '{pair[0]}' is never closed; add the '{pair[1]}' or a missing ',' "
            f"(the YAML parser gave up at {gave_up})"
        )
    elif context == "while scanning a quoted scalar":
        mark = opened
        message = (
            f"this quoted text is never closed; add the closing quote "
            f"(the YAML parser gave up at {gave_up})"
        )
    elif problem == "found character that cannot start any token" and mark is not None:
        char = text[mark.index] if mark.index < len(text) else ""
        message = (
            "a tab may not indent YAML; indent with spaces"
            if char == "\t"
            else f"'{char}' cannot start a value; put the value in quotes"
        )
    elif problem.startswith("mapping values are not allowed"):
        message = (
            "a ':' is not allowed here; check this line's indentation against the line "
            "above, or put a value that contains ': ' in quotes"
        )
    elif "maximum nesting depth" in problem:
        message = f"nesting too deep for the YAML parser; keep records under {max_depth} levels"
        rule = "load/too-deep"
    else:
        message = problem
        if context and exc.context_mark is not None and exc.context_mark != exc.problem_mark:
            started = exc.context_mark
            message += f" ({context} at line {started.line + 1}, column {started.column + 1})"
    position = Position(display, mark.line + 1, mark.column + 1) if mark else Position(display)
    return error(position, f"malformed YAML: {message}", rule)
