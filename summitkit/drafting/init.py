"""`summit init`: a new drafting repository with the standard layout.

The files come from `summitkit/drafting/starter/base/` (and `example/` with
`--example`). A path component named `dot-NAME` becomes `.NAME`, so that the
package's own tools and packaging do not treat the templates as dotfiles.
`__NAME__` in a file is replaced by the repository's folder name, and
`__FOLDERS__` by a table of the record folders made from the schema, so that
the drafters' README cannot drift from the code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from summitkit.drafting.merge_driver import register
from summitkit.sources.git import GitError, is_repository, run
from summitkit.sources.layout import FOLDERS
from summitkit.sources.schema import KINDS, document_schema

TEMPLATES = Path(__file__).parent / "starter"
SCHEMA_FILE = ".summit-schema.json"
KEEP = ".gitkeep"


class InitRefused(Exception):
    """The repository cannot be created there; the message says why."""


@dataclass
class Initialised:
    root: Path
    files: list[str] = field(default_factory=list)
    """Files written, relative to the root, in the order written."""
    git_initialised: bool = False
    """Whether `git init` ran (the folder was not inside a git repository)."""


def init(target: Path, example: bool = False) -> Initialised:
    """Create a drafting repository in `target` (a new or empty folder)."""
    if target.exists() and not target.is_dir():
        raise InitRefused(f"{target} is a file; give a new or empty folder")
    if target.is_dir() and any(target.iterdir()):
        raise InitRefused(
            f"{target} is not empty; give a new or empty folder (summit init never overwrites)"
        )
    target.mkdir(parents=True, exist_ok=True)
    done = Initialised(target)
    name = target.resolve().name
    for part in ("base", "example") if example else ("base",):
        for source in sorted((TEMPLATES / part).rglob("*")):
            if source.is_file():
                relative = _target_name(source.relative_to(TEMPLATES / part))
                _write(done, relative, _fill(source.read_text(encoding="utf-8"), name))
    schema = json.dumps(document_schema(), indent=2, ensure_ascii=False) + "\n"
    _write(done, SCHEMA_FILE, schema)
    for folder in FOLDERS:
        path = target / folder
        path.mkdir(parents=True, exist_ok=True)
        if not any(path.glob("*.yaml")):
            _write(done, f"{folder}/{KEEP}", "")  # git keeps no empty folders
    if not is_repository(target):
        try:
            run(target, "init", "--quiet", write=True)
        except GitError as exc:
            raise InitRefused(f"the files are written, but {exc}") from None
        done.git_initialised = True
    try:
        register(target)  # records merge by meaning from the first branch on
    except GitError as exc:
        raise InitRefused(f"the files are written, but {exc}") from None
    return done


def _target_name(relative: Path) -> str:
    parts = ["." + p.removeprefix("dot-") if p.startswith("dot-") else p for p in relative.parts]
    return "/".join(parts)


def _write(done: Initialised, relative: str, text: str) -> None:
    path = done.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    done.files.append(relative)


def _fill(text: str, name: str) -> str:
    # json's escapes are valid in a Python string literal too (conf.py).
    return text.replace("__NAME__", json.dumps(name)[1:-1]).replace("__FOLDERS__", folder_table())


def folder_table() -> str:
    """The record folders and what each holds, from the loader and the schema."""
    rows = ["| folder | records |", "| --- | --- |"]
    for folder, kind in FOLDERS.items():
        doc = (KINDS[kind].__doc__ or kind).strip().splitlines()[0]
        rows.append(f"| `{folder}/` | {kind}: {doc} |")
    return "\n".join(rows)
