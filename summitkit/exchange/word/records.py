"""The proposal files an import writes: YAML in the corpus's style, validated with the
repository as it is before a byte is written."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml

from summitkit.sources.check.cache import RecordCache
from summitkit.sources.core.diagnostics import Diagnostic, display_path, sort_diagnostics
from summitkit.sources.records.loader import load_file, load_tree
from summitkit.sources.records.raw import Loaded, RawRecord
from summitkit.sources.rules.validate import validate, validate_record
from summitkit.sources.schema import Record

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


class Staging:
    """The repository as it is, loaded once, against which new record files are
    validated as often as an import needs: each record already there is validated
    against its schema once, not once per staged file (a long statement costs)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        # The check's record cache: the files `summit check` just read are not parsed
        # again (a 20,000-clause statement is most of an import's time otherwise).
        self.cache = RecordCache.open(root)
        self.loaded = load_tree(root, self.cache.load_file)
        self.known: dict[int, tuple[Record | None, list[Diagnostic]]] = {}

    def one(self, raw: RawRecord) -> tuple[Record | None, list[Diagnostic]]:
        key = id(raw)
        if key not in self.known:
            self.known[key] = self.cache.validate_record(raw)
        return self.known[key]

    def check(self, files: list[tuple[Path, str]]) -> list[Diagnostic]:
        """The diagnostics of the new files, validated with the repository as it is."""
        base = self.loaded
        loaded = Loaded(
            list(base.records), list(base.diagnostics), list(base.files), set(base.failed)
        )
        staged: list[RawRecord] = []
        shown = {display_path(path, self.root) for path, _ in files}
        with tempfile.TemporaryDirectory(prefix="summit-import-") as folder:
            for path, text in files:
                copy = Path(folder) / path.name
                copy.write_text(text, encoding="utf-8")
                kind = "position" if path.parent.name == "positions" else "proposal"
                raw, problems = load_file(copy, kind, display_path(path, self.root))
                if raw is not None:
                    staged.append(raw)
                loaded.diagnostics.extend(problems)
            loaded.records.extend(staged)
            fresh = {id(raw) for raw in staged}
            _, diagnostics = validate(
                loaded,
                self.root,
                lambda raw: validate_record(raw) if id(raw) in fresh else self.one(raw),
                pages=False,
            )
        return sort_diagnostics(
            d for d in [*loaded.diagnostics, *diagnostics] if d.position.path in shown
        )


def validate_staged(root: Path, files: list[tuple[Path, str]]) -> list[Diagnostic]:
    """The diagnostics of the new files, validated with the repository as it is."""
    return Staging(root).check(files)
