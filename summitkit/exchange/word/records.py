"""The proposal files an import writes: YAML in the corpus's style, validated with the
repository as it is before a byte is written."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from summitkit.drafting.layout.fmt_write import write_record
from summitkit.sources.core.diagnostics import Diagnostic, display_path, error, sort_diagnostics
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.records.loader import MAX_FILE_BYTES, load_bytes
from summitkit.sources.records.raw import RawRecord
from summitkit.sources.rules.field_rules import check_field_labels
from summitkit.sources.rules.negotiation_rules import check_change_numbers, check_proposals
from summitkit.sources.rules.validate import check_claims, check_references, validate_record

FOLDER = "content/proposals"
POSITIONS = "content/positions"


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


# libyaml's emitter, for the text that `summit fmt` lays out afterwards anyway: a
# proposal of thousands of changes is written in a fraction of the pure-Python time.
_Fast: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", _Dumper)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None
    )


_Dumper.add_representer(str, _represent_str)
if _Fast is not _Dumper:
    _Fast.add_representer(str, _represent_str)


def dump(data: dict[str, Any], *, fast: bool = False) -> str:
    """`data` as YAML in the corpus's style; `fast`: valid YAML, laid out by the caller."""
    dumper = _Fast if fast else _Dumper
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=10_000)


def laid_out(text: str, kind: str, layout: Callable[[str, str], str]) -> str:
    """`text` in the house layout. The one-line comment an import writes on top is kept
    as it is and the rest laid out alone: that is what the layout makes of the whole,
    and the record itself then holds no comment to be found and put back."""
    header, _, body = text.partition("\n")
    if header.startswith("# ") and header == header.rstrip() and body[:1].isalpha():
        return f"{header}\n{layout(body, kind)}"
    return layout(text, kind)


def as_written(
    header: str, data: dict[str, Any], kind: str, layout: Callable[[str, str], str] | None
) -> tuple[str, dict[str, Any] | None]:
    """A record's file text under its one-line comment; with `layout`, in the house
    layout: written in it directly (`fmt_write`) where the values allow, else laid out.
    Second, `data` when the text was written straight from it (it reads back as just
    these values, so they need not be parsed again to be validated), else None."""
    if layout is None:
        return header + dump(data), None
    body = write_record(data, kind)
    if body is not None:
        return header + body, data
    return laid_out(header + dump(data, fast=True), kind, layout), None


class Staging:
    """The repository as the import's check found it, against which new record files
    are validated as often as an import needs: nothing is loaded or validated again.

    A staged proposal or position is held to its schema and to the rules whose errors
    can fall on a proposal or position (`RECORD_RULES`): the rules of documents,
    commitments and comments report only at those records, and warnings never stop
    an import, so neither is run for a record that is not written yet."""

    def __init__(self, root: Path, corpus: Corpus) -> None:
        self.root = root
        self.corpus = corpus

    def check(
        self,
        files: list[tuple[Path, str]],
        values: dict[Path, dict[str, Any] | None] | None = None,
    ) -> list[Diagnostic]:
        """The errors of the new files, validated with the repository as it is.
        `values`: for a file written straight from its values by `fmt_write` (which
        reads back as exactly those), the values: they are not parsed again."""
        base = self.corpus
        shown = {display_path(path, self.root) for path, _ in files}
        # `partial`: the reference rule looks at the new files alone.
        corpus = Corpus(self.root, partial=frozenset(shown), failed=set(base.failed))
        corpus.records = {kind: dict(records) for kind, records in base.records.items()}
        corpus.origins = dict(base.origins)
        problems: list[Diagnostic] = []
        for path, text in files:
            kind = "position" if path.parent.name == "positions" else "proposal"
            display = display_path(path, self.root)
            data = text.encode("utf-8")
            given = (values or {}).get(path)
            # The loader's refusals of a text the writer made: only its size, and
            # conflict markers within a value.
            if given is not None and len(data) <= MAX_FILE_BYTES and "<<<<<<<" not in text:
                raw: RawRecord | None = RawRecord(kind, path, display, as_read(given))
            else:
                raw, loading = load_bytes(data, path, kind, display, positions=False)
                problems += loading
            if raw is not None:  # the tables of positions only for what is reported
                raw.forget_positions(functools.partial(_positions, data, path, kind, display))
            if raw is None:
                corpus.failed.add((kind, path.stem))
                continue
            record, invalid = validate_record(raw)
            problems += invalid
            if record is None:
                corpus.failed.add((kind, path.stem))
            elif record.id in corpus.records.get(kind, {}):
                first = corpus.origins[(kind, record.id)]
                problems.append(
                    error(
                        raw.position(("id",)),
                        f"{kind} id '{record.id}' is already used by {first.display}; "
                        "give one of them another id (and file name)",
                        "id/duplicate",
                    )
                )
            else:
                corpus.add(record, raw)
        for rule in RECORD_RULES:
            problems.extend(rule(corpus))
        return sort_diagnostics(d for d in problems if d.is_error and d.position.path in shown)

    def admit(self, files: list[tuple[Path, str]]) -> None:
        """Add files just written to the corpus, as a check run now would read them: the
        next file of the same command is imported against them (a round of returns is
        checked once, not once per file)."""
        for path, text in files:
            kind = "position" if path.parent.name == "positions" else "proposal"
            display = display_path(path, self.root)
            raw, _ = load_bytes(text.encode("utf-8"), path, kind, display)
            record = validate_record(raw)[0] if raw is not None else None
            if raw is None or record is None:
                self.corpus.failed.add((kind, path.stem))
            elif record.id not in self.corpus.records.get(kind, {}):
                self.corpus.add(record, raw)


def as_read(value: Any) -> Any:
    """Values as the one loader reads them back from their text: dates stay text (the
    schema parses them), everything else is itself."""
    if isinstance(value, dict):
        return {key: as_read(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_read(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _positions(data: bytes, path: Path, kind: str, display: str) -> RawRecord | None:
    return load_bytes(data, path, kind, display)[0]


RECORD_RULES = (
    check_field_labels,
    check_references,
    check_claims,
    check_proposals,
    check_change_numbers,
)
"""The rules between records whose errors can fall on a proposal or position
(`validate.RULES` holds them all; tests/test_import_docx_rules.py holds the two to
the same errors on proposals and positions)."""
