"""A raw record: one YAML file as plain values, and where each value came from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summitkit.sources.core.diagnostics import Diagnostic, Position

Path_ = tuple[str | int, ...]
Reload = Callable[[], "RawRecord | None"]
"""Loads a record's file again (for its positions)."""

#: Bidi override characters (LRO, RLO) make the shown order of characters differ
#: from the stored one, the order a reviewer reads in a diff ("Trojan Source").
#: Marks, embeddings and isolates, which right-to-left text needs, are accepted.
BIDI_OVERRIDES = {"\u202d": "LEFT-TO-RIGHT OVERRIDE", "\u202e": "RIGHT-TO-LEFT OVERRIDE"}
#: Characters that take no room: a reviewer cannot see them in a diff, yet they make
#: two ids or names differ. (ZWJ and ZWNJ, which scripts and emoji need, are accepted.)
ZERO_WIDTH = {
    "\u200b": "ZERO WIDTH SPACE",
    "\u2060": "WORD JOINER",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
    "\u180e": "MONGOLIAN VOWEL SEPARATOR",
    "\u2061": "FUNCTION APPLICATION",
    "\u2062": "INVISIBLE TIMES",
    "\u2063": "INVISIBLE SEPARATOR",
    "\u2064": "INVISIBLE PLUS",
}


@dataclass
class RawRecord:
    """One YAML file as plain Python values, with the position of every value.

    The position tables are as large as the values, and most records never report
    anything: once loaded they can be forgotten (`forget_positions`), and are read
    again from the file's bytes by the first `position()` asked of it. Once the
    record is validated its values can go the same way (`forget_data`): the
    validated record holds them. The record cache keeps either only for records
    that reported something.
    """

    kind: str
    path: Path
    display: str
    _data: dict[str, Any] | None = field(repr=False)
    # (line, column) from 1; Position objects are made only for what is reported.
    _positions: dict[Path_, tuple[int, int]] | None = field(default_factory=dict, repr=False)
    _key_positions: dict[Path_, tuple[int, int]] | None = field(default_factory=dict, repr=False)
    _reload: Reload | None = field(default=None, repr=False, compare=False)
    may_hold_todo: bool = True
    """False when the file's text cannot hold a 'todo' placeholder (no 'todo' in any
    case, no escape that could spell one): the placeholder rules skip the record."""
    may_hide_text: bool = True
    """False when the file's text holds none of BIDI_OVERRIDES and ZERO_WIDTH and no
    escape that could spell one: the hidden-character rules skip the record."""

    @property
    def data(self) -> dict[str, Any]:
        if self._data is None:
            self._recall()
        assert self._data is not None
        return self._data

    @data.setter
    def data(self, value: dict[str, Any]) -> None:
        self._data = value

    def forget_data(self) -> None:
        """Drop the values (kept by the validated record); read again when asked for."""
        if self._reload is not None:
            self._data = None

    @property
    def positions(self) -> dict[Path_, tuple[int, int]]:
        if self._positions is None:
            self._recall()
        assert self._positions is not None
        return self._positions

    @property
    def key_positions(self) -> dict[Path_, tuple[int, int]]:
        if self._key_positions is None:
            self._recall()
        assert self._key_positions is not None
        return self._key_positions

    def forget_positions(self, reload: Reload) -> None:
        """Drop the position tables; `reload()` loads the same file again when needed."""
        self._reload = reload
        self._positions = self._key_positions = None

    def reload_with(self, reload: Reload) -> None:
        """Where the tables are not at hand (a record from the cache), get them through
        `reload()` when asked for; tables at hand are kept."""
        if self._positions is None or self._key_positions is None:
            self.forget_positions(reload)
        else:
            self._reload = reload

    def _recall(self) -> None:
        again = None
        if self._reload is not None:
            try:
                again = self._reload()
            except OSError:  # gone since: positions fall back to the file's start
                again = None
        self._positions = again.positions if again is not None else {}
        self._key_positions = again.key_positions if again is not None else {}
        if self._data is None:
            self._data = again.data if again is not None else {}

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the reader, and with the tables and values only where the
        tables are at hand: in a cache, the records that reported something keep them
        for the next run; the others are read again if ever asked for."""
        state = dict(self.__dict__)
        state["_reload"] = None
        # The cache gives a record it hands out the path its bytes were read from (the
        # same bytes may sit in another checkout); rebuilding a Path here would be
        # a fifth of the time of reading a corpus back.
        state["path"] = None
        if state["_positions"] is None or state["_key_positions"] is None:
            state.update(_positions=None, _key_positions=None, _data=None)
        elif state["_data"] is None:
            state.update(_positions=None, _key_positions=None)
        return state

    def position(self, loc: Path_ = (), *, key: bool = False) -> Position:
        """The position of the value at `loc`, or of its nearest enclosing value."""
        table = self.key_positions if key else self.positions
        positions = self.positions
        for end in range(len(loc), -1, -1):
            found = table.get(loc[:end]) or positions.get(loc[:end])
            if found:
                return Position(self.display, *found)
        return Position(self.display)


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


@dataclass
class Loaded:
    """What loading a corpus's files gave: the raw records and the files' problems.
    (Here, not in `loader`, so that code reading cached records never imports YAML.)"""

    records: list[RawRecord]
    diagnostics: list[Diagnostic]
    files: list[Path]
    failed: set[tuple[str, str]] = field(default_factory=set)
    """(kind, file stem) of files that did not load: references to them are not
    reported again as unknown."""
