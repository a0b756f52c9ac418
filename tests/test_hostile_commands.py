"""Hostile inputs to the commands other than check and build: the folders of
tests/data/hostile/ whose `expected.txt` starts with `run: `. Each is a tiny
drafting repository laid out as test_hostile.py lays it out (the sentinel file
outside it included), with the command lines to run and what must come of each:

- `run: ARGS` — one `summit` command line, split as a shell would; `{repo}` is the
  repository, `{outside}` the folder that holds it (and the sentinel), `{port}` a
  port some other program listens on;
- `exit: N` — its exit code (default 0);
- `line: TEXT` — a line its stdout or stderr holds exactly (`{repo}` replaced);
- `has: TEXT` — text its output holds somewhere;
- `secret: TEXT` (anywhere) — text no output of any run, and no byte of any file
  under build/, may hold: the restricted text of the case;
- `wrote: PATH` (anywhere) — the case's runs may change this source file (else
  every source file stays byte-identical).

A case with a `later/` folder is a git repository: the case is committed first,
then `later/` is laid over it and committed as the second revision. Hostile bits
that cannot be committed (a port in use, a file's mode, a link out of the
repository) are made by GENERATORS, named in the case's `generated.txt`.

Every run must end without a traceback, and no output (printed or written) may hold
the sentinel's text or a line of /etc/passwd.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import socket
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import summit
from test_hostile import CASES, outside_text, prepare, sources_of

GIT = ("-c", "user.name=Drafter", "-c", "user.email=drafter@example.org")
GIT += ("-c", "commit.gpgsign=false")


def _is_command_case(name: str) -> bool:
    expected = CASES / name / "expected.txt"
    return expected.read_text(encoding="utf-8").startswith("run: ")


NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and _is_command_case(p.name))


@dataclass
class Run:
    args: str
    exit: int = 0
    lines: list[str] = field(default_factory=list)
    has: list[str] = field(default_factory=list)


@dataclass
class Case:
    runs: list[Run] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)
    wrote: list[str] = field(default_factory=list)


def case_of(name: str) -> Case:
    case = Case()
    for line in (CASES / name / "expected.txt").read_text(encoding="utf-8").splitlines():
        kind, _, text = line.partition(": ")
        if kind == "run":
            case.runs.append(Run(text))
        elif kind == "exit":
            case.runs[-1].exit = int(text)
        elif kind == "line":
            case.runs[-1].lines.append(text)
        elif kind == "has":
            case.runs[-1].has.append(text)
        elif kind == "secret":
            case.secrets.append(text)
        elif kind == "wrote":
            case.wrote.append(text)
        else:
            raise AssertionError(f"{name}: {line!r}")
    return case


# -- what cannot be committed ------------------------------------------------------------


def _listening(root: Path, outside: Path) -> Iterator[dict[str, str]]:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        yield {"port": str(taken.getsockname()[1])}


def _mode(relative: str, mode: int) -> Generator:
    def make(root: Path, outside: Path) -> Iterator[dict[str, str]]:
        os.chmod(root / relative, mode)
        try:
            yield {}
        finally:
            os.chmod(root / relative, 0o755 if (root / relative).is_dir() else 0o644)

    return make


Generator = Callable[[Path, Path], Iterator[dict[str, str]]]
"""Makes a hostile bit, yields the placeholders it defines, undoes what must be undone."""


def _outside_folder(relative: str, files: dict[str, str]) -> Generator:
    """`relative` in the repository becomes a link to a folder outside it holding `files`."""

    def make(root: Path, outside: Path) -> Iterator[dict[str, str]]:
        elsewhere = outside / "elsewhere" / relative.replace("/", "-")
        elsewhere.mkdir(parents=True)
        target = root / relative
        if target.is_dir():
            shutil.copytree(target, elsewhere, dirs_exist_ok=True)
            shutil.rmtree(target)
        for name, text in files.items():
            (elsewhere / name).write_text(text.replace("{outside}", str(outside)), encoding="utf-8")
        target.symlink_to(elsewhere, target_is_directory=True)
        yield {}

    return make


def _outside_file(relative: str, text: str) -> Generator:
    def make(root: Path, outside: Path) -> Iterator[dict[str, str]]:
        elsewhere = outside / "elsewhere-file"
        elsewhere.write_text(text, encoding="utf-8")
        (root / relative).symlink_to(elsewhere)
        yield {}

    return make


SECRET_TOML = 'default_sensitivity = "TLP:CLEAR"\n# OUTSIDE-SECRET-7f3c9a51e2\n'
SECRET_BASKET = (
    "id: leak\ntitle: OUTSIDE-SECRET-7f3c9a51e2\nround: seoul-2012\nlead: [kor]\n"
    "objective: OUTSIDE-SECRET-7f3c9a51e2\n"
)


def _nothing(root: Path, outside: Path) -> Iterator[dict[str, str]]:
    yield {}


GENERATORS: dict[str, Generator] = {
    "serve-port-taken": _listening,
    "serve-port-taken-audience": _listening,
    "read-only-fmt": _mode("content/statements/joint.yaml", 0o444),
    "read-only-sign": _mode("content/statements/joint.yaml", 0o444),
    "read-only-unsign": _mode("content/statements/joint.yaml", 0o444),
    "read-only-accept": _mode("content/proposals/kor-op1.yaml", 0o444),
    "read-only-reject": _mode("content/proposals/kor-op1.yaml", 0o444),
    "gifts-link-outside": _outside_folder("gifts", {"leak.yaml": SECRET_BASKET}),
    "templates-link-outside": _outside_folder("templates", {"page.html": "{outside}"}),
    "content-states-link-outside": _outside_folder("content/states", {}),
    "content-link-outside": _outside_folder("content", {}),
    "settings-link-outside": _outside_file("summitkit.toml", SECRET_TOML),
    "template-link-outside": _outside_file(
        "templates/pages/statement.rst.j2", "{{ 'OUTSIDE-SECRET-7f3c9a51e2' }}"
    ),
}


# -- running a case ----------------------------------------------------------------------


def make_history(root: Path) -> None:
    """Commit the case, then lay `later/` over it and commit that as the second revision."""
    later = root / "later"
    moved = root.parent / "later-revision"
    shutil.move(later, moved)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    for step in ("first", "second"):
        if step == "second":
            shutil.copytree(moved, root, dirs_exist_ok=True)
        subprocess.run(["git", *GIT, "-C", str(root), "add", "-A"], check=True)
        subprocess.run(["git", *GIT, "-C", str(root), "commit", "-q", "-m", step], check=True)


def output_files(root: Path, outside: Path) -> list[Path]:
    """Every file a command may have written: build/, content/generated/, and the
    case's own outputs beside the repository (`{outside}/out.*`)."""
    found = [p for p in outside.glob("out.*") if p.is_file()]
    for top in (root / "build", root / "content" / "generated"):
        if top.is_dir() and not top.is_symlink():
            found += [p for p in top.rglob("*") if p.is_file() and not p.is_symlink()]
    return found


def test_there_are_enough_command_cases() -> None:
    assert len(NAMES) >= 30
    for name in NAMES:
        assert (CASES / name / "generated.txt").is_file() == (name in GENERATORS), name


@pytest.mark.parametrize("name", NAMES)
def test_hostile_command_is_refused_or_safe(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = case_of(name)
    root = prepare(name, tmp_path)
    if (root / "later").is_dir():
        make_history(root)
    monkeypatch.chdir(root)
    printed = []
    make = contextlib.contextmanager(GENERATORS.get(name, _nothing))
    with make(root, tmp_path) as values:
        before = sources_of(root), sources_of(tmp_path / "elsewhere")
        for run in case.runs:
            line = run.args.format(repo=root, outside=tmp_path, case=CASES / name, **values)
            result = summit(*shlex.split(line))
            output = result.stdout + result.stderr
            printed.append(output)
            assert "Traceback" not in output, output
            assert result.exception is None or isinstance(result.exception, SystemExit), output
            assert result.exit_code == run.exit, f"{line}\n{output}"
            shown = output.splitlines()
            for expected in run.lines:
                assert expected.format(repo=root, outside=tmp_path) in shown, output
            for expected in run.has:
                assert expected in output, output
        after = sources_of(root), sources_of(tmp_path / "elsewhere")
    changed = {p for p in set(before[0]) | set(after[0]) if before[0].get(p) != after[0].get(p)}
    assert changed <= set(case.wrote), f"source files changed: {sorted(changed)}"
    assert before[1] == after[1], "a file outside the repository changed"
    written = [p.read_bytes() for p in output_files(root, tmp_path)]
    for needle in outside_text():
        assert all(needle not in out for out in printed), f"printed: {needle}"
        assert all(needle.encode() not in data for data in written), f"written: {needle}"
    for secret in case.secrets:
        assert all(secret not in out for out in printed), f"printed: {secret}"
        build = root / "build"
        for path in build.rglob("*") if build.is_dir() else []:
            if path.is_file():
                assert secret.encode() not in path.read_bytes(), path.relative_to(root)
