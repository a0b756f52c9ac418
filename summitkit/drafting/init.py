"""`summit init`: a new drafting repository with the standard layout.

The files come from `summitkit/drafting/starter/base/` (and `example/` with
`--example`). A path component named `dot-NAME` becomes `.NAME`, so that the
package's own tools and packaging do not treat the templates as dotfiles.
`__NAME__` in a file is replaced by the repository's folder name,
`__FOLDERS__` by a table of the record folders made from the schema, `__BRANCH__`
by the branch git starts the repository on and `__WHEEL__` by the wheel of this
summitkit that init writes into `vendor/`, so that the drafters' README and
workflow cannot drift from the code or name a package that does not install.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from summitkit.drafting.merge_driver import register
from summitkit.drafting.wheel import wheel_name, write_wheel
from summitkit.sources.core.files import write_file
from summitkit.sources.core.git import GitError, is_repository, run
from summitkit.sources.core.layout import FOLDERS
from summitkit.sources.schema import KINDS, document_schema

TEMPLATES = Path(__file__).parent / "starter"
SCHEMA_FILE = ".summit-schema.json"
KEEP = ".gitkeep"
VENDOR = "vendor"
FIRST_COMMIT = "Start a drafting repository with summit init"


class InitRefused(Exception):
    """The repository cannot be created there; the message says why."""


@dataclass
class Initialised:
    root: Path
    files: list[str] = field(default_factory=list)
    """Files written, relative to the root, in the order written."""
    git_initialised: bool = False
    """Whether `git init` ran (the folder was not inside a git repository)."""
    branch: str = "main"
    """The branch git started the repository on (its `init.defaultBranch`)."""
    committed: bool = False
    """Whether the files were committed (`--commit`)."""


def init(target: Path, example: bool = False, commit: bool = False) -> Initialised:
    """Create a drafting repository in `target` (a new or empty folder), and with
    `commit` make its first commit."""
    if target.exists() and not target.is_dir():
        raise InitRefused(f"{target} is a file; give a new or empty folder")
    if target.is_dir() and any(target.iterdir()):
        raise InitRefused(
            f"{target} is not empty; give a new or empty folder (summit init never overwrites)"
        )
    target.mkdir(parents=True, exist_ok=True)
    done = Initialised(target)
    if not is_repository(target):
        _git(target, "init", "--quiet")
        done.git_initialised = True
    done.branch = _branch(target)
    wheel = write_wheel(target / VENDOR)
    done.files.append(wheel.relative_to(target).as_posix())
    values = {
        "__NAME__": json.dumps(target.resolve().name)[1:-1],  # json's escapes suit conf.py too
        "__FOLDERS__": folder_table(),
        "__BRANCH__": done.branch,
        "__WHEEL__": f"{VENDOR}/{wheel_name()}",
    }
    for part in ("base", "example") if example else ("base",):
        for source in sorted((TEMPLATES / part).rglob("*")):
            # An installed starter has its conf.py byte-compiled beside it: not a template.
            if source.is_file() and "__pycache__" not in source.parts:
                relative = _target_name(source.relative_to(TEMPLATES / part))
                _write(done, relative, _fill(source.read_text(encoding="utf-8"), values))
    schema = json.dumps(document_schema(), indent=2, ensure_ascii=False) + "\n"
    _write(done, SCHEMA_FILE, schema)
    for folder in FOLDERS:
        path = target / folder
        path.mkdir(parents=True, exist_ok=True)
        if not any(path.glob("*.yaml")):
            _write(done, f"{folder}/{KEEP}", "")  # git keeps no empty folders
    try:
        register(target)  # records merge by meaning from the first branch, and commit, on
    except GitError as exc:
        raise InitRefused(f"the files are written, but {exc}") from None
    if commit:
        _git(target, "add", "--", ".")
        _git(target, "commit", "--quiet", "-m", FIRST_COMMIT, "--", ".")
        done.committed = True
    return done


def _branch(target: Path) -> str:
    """The branch HEAD is on (unborn in a new repository), else git's default for new ones."""
    for args in (("symbolic-ref", "--short", "HEAD"), ("config", "init.defaultBranch")):
        try:
            return run(target, *args).strip()
        except GitError:
            continue  # a detached HEAD, or no default configured
    return "master"  # git's own default


def _git(target: Path, *args: str) -> str:
    try:
        return run(target, *args, write=True)
    except GitError as exc:
        raise InitRefused(f"{exc} (in {target})") from None


def _target_name(relative: Path) -> str:
    parts = ["." + p.removeprefix("dot-") if p.startswith("dot-") else p for p in relative.parts]
    return "/".join(parts)


def _write(done: Initialised, relative: str, text: str) -> None:
    path = done.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, text)
    done.files.append(relative)


def _fill(text: str, values: dict[str, str]) -> str:
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def folder_table() -> str:
    """The record folders and what each holds, from the loader and the schema."""
    rows = ["| folder | records |", "| --- | --- |"]
    for folder, kind in FOLDERS.items():
        doc = (KINDS[kind].__doc__ or kind).strip().splitlines()[0]
        rows.append(f"| `{folder}/` | {kind}: {doc} |")
    return "\n".join(rows)
