"""YAML problems → diagnostics: where the user must look, and what to write instead.

libyaml reports where its parser gave up, in its own words ("did not find
expected ',' or ']'"). For the mistakes people make by hand — an unclosed
bracket or quote, a tab, a misindented line, bytes that are not UTF-8 — these
functions name the place to fix and the fix.
"""

from __future__ import annotations

import re

import yaml

from summitkit.sources.core.diagnostics import (
    MERGE_CONFLICT,
    MERGE_HINT,
    Diagnostic,
    Position,
    error,
)


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


def conflict_diagnostics(text: str, display: str) -> list[Diagnostic]:
    """One error for each block of git's conflict markers left in a file."""
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


_MISPLACED = ("did not find expected", "expected <block end>")
"""What libyaml (and PyYAML's own parser) say when a line lines up with nothing it
can continue: the block that was still open is the context."""
_ALIASES = ("while scanning an alias", "while scanning an anchor")
_BLOCKS = ("while parsing a block collection", "while parsing a block mapping")

#: The start of a line up to its value: indentation, list dashes, a `key: `.
_LEAD = re.compile(r"[ ]*(?:-[ ]+)*(?:[^\s\"'#\[\]{},][^:#]*?:[ ]+)?")
_OPENERS = {
    "[": "square brackets make a YAML list, which ends at its ']'",
    "{": "curly brackets make a YAML mapping, which ends at its '}'",
    '"': "a quoted text ends at its closing quote",
    "'": "a quoted text ends at its closing quote",
}


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
    elif "tab character" in problem or (mark is not None and _char(text, mark.index) == "\t"):
        message = _tab(text, mark)
    elif problem.endswith("cannot start any token") and mark is not None:
        message = f"'{_char(text, mark.index)}' cannot start a value; put the value in quotes"
    elif problem.startswith("found undefined alias") or context in _ALIASES:
        # `*emphasis*` or `&` at the start of a value: YAML's anchors and aliases.
        mark = exc.context_mark if context in _ALIASES else mark
        char = _char(text, mark.index) if mark is not None else "*"
        message = (
            f"a value that begins with '{char}' is a YAML "
            f"{'anchor' if char == '&' else 'alias'}, not text; "
            f"put a text that begins with '{char}' in quotes"
        )
    elif problem.startswith("mapping values are not allowed") and mark is not None:
        mark, message = _colon(text, mark)
    elif problem.startswith(_MISPLACED) and context in _BLOCKS and mark is not None:
        after = _after_value(text, mark)
        if after is not None:
            mark, message = after
        else:
            message = _misplaced(text, mark, opened, in_list=context == _BLOCKS[0])
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


def _char(text: str, index: int) -> str:
    return text[index] if 0 <= index < len(text) else ""


def _line(text: str, mark: yaml.Mark) -> str:
    start = text.rfind("\n", 0, mark.index) + 1
    end = text.find("\n", mark.index)
    return text[start : end if end >= 0 else len(text)]


def _quoted(key: str, value: str) -> str:
    """`key: "value"`, the way to write a value that YAML would otherwise read as more."""
    value = value.strip().replace("\\", "\\\\").replace('"', '\\"')
    if len(value) > 60:
        value = value[:57].rstrip() + " …"
    return f'{key}: "{value}"' if key else f'"{value}"'


def _tab(text: str, mark: yaml.Mark | None) -> str:
    line = _line(text, mark) if mark is not None else ""
    if mark is None or not line[: mark.column].strip(" \t-"):
        return "a tab may not indent YAML; indent with spaces"
    return "a tab may not separate a field from its value; use a space"


def _colon(text: str, mark: yaml.Mark) -> tuple[yaml.Mark, str]:
    """A second ': ' on a line is a text that needs quotes; a ': ' on a line of its own
    that YAML cannot take as a field is a line indented too far."""
    line = _line(text, mark)
    lead = _LEAD.match(line)
    if lead is not None and ":" in lead.group() and lead.end() <= mark.column:
        key = lead.group().strip(" -").removesuffix(":").strip()
        fix = _quoted(key, line[lead.end() :])
        return mark, (
            f"this ':' inside the text of '{key}' would start another field; "
            f"put the whole text in quotes: {fix}"
        )
    column = _expected_column(text, mark)
    first = len(line) - len(line.lstrip(" "))
    return _moved(mark, first), (
        "this line is indented further than the line above, so YAML reads it as part "
        f"of that line's value; start it in column {column}, like the line above"
    )


def _moved(mark: yaml.Mark, column: int) -> yaml.Mark:
    """The same line's `column` (from 0)."""
    return yaml.Mark(mark.name, mark.index - mark.column + column, mark.line, column, None, 0)


def _expected_column(text: str, mark: yaml.Mark) -> int:
    """The column (from 1) where the previous non-blank line's fields start."""
    lines = text[: mark.index - mark.column].split("\n")
    for line in reversed(lines[:-1]):
        if line.strip() and not line.lstrip().startswith("#"):
            match = re.match(r"[ ]*(?:-[ ]+)*", line)
            return (match.end() if match else 0) + 1
    return 1


def _after_value(text: str, mark: yaml.Mark) -> tuple[yaml.Mark, str] | None:
    """Text after a closed bracket or quote (`title: [Brackets] agree`), placed at the
    value to put in quotes."""
    line = _line(text, mark)
    lead = _LEAD.match(line)
    start = lead.end() if lead is not None else 0
    opener = _char(line, start)
    if opener not in _OPENERS or mark.column <= start:
        return None
    key = lead.group().strip(" -").removesuffix(":").strip() if lead is not None else ""
    what = "text that begins with a bracket" if opener in "[{" else "the whole text"
    value = _moved(mark, start)
    return value, (
        f"{_OPENERS[opener]}, and no words may follow it on the line; "
        f"put {what} in quotes: {_quoted(key, line[start:])}"
    )


def _misplaced(text: str, mark: yaml.Mark, opened: yaml.Mark | None, in_list: bool) -> str:
    """A line that lines up with none of the fields or list items above it."""
    line = _line(text, mark).lstrip(" ")
    started = opened.line + 1 if opened is not None else 1
    if in_list:
        return (
            f"this line is inside the list that starts at line {started} but is not one "
            "of its items; indent it like the fields of the item above, start a new item "
            "with '- ', or move it left to end the list"
        )
    if line.startswith("- ") or line == "-":
        return (
            "this list item does not line up with the items above it; "
            "put its '-' in the same column as theirs"
        )
    column = opened.column + 1 if opened is not None else 1
    return (
        "this line does not line up with the fields above it; start it in column "
        f"{column}, like the other fields of the mapping that starts at line {started}"
    )
