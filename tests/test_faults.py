"""Writes that fail: a full disk and a read-only file system leave every source
byte-identical and give one clean diagnostic, exit 1, for each command that writes.

The file system is a small tmpfs mounted in a private mount namespace (`unshare -m`,
which needs root or user namespaces); the tests skip with that reason elsewhere.
Root ignores file permissions, so "read-only" is a read-only mount, which it cannot.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TypeVar

import pytest
from conftest import summit

from summitkit.sources.core.files import WriteError, write_file

MINI = Path(__file__).parent / "data" / "mini"
KIT = Path(__file__).parent / "faultkit.py"
WRITE_ERROR = re.compile(
    r"^(?P<path>[^:\n]+): error: could not write \((?P<reason>[^)]+)\) \[io/write\]$", re.M
)
REASONS = {"full": "No space left on device", "readonly": "Read-only file system"}


def _can_mount() -> str | None:
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return "unshare or mount is not installed"
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
        text=True,
    )
    return None if probe.returncode == 0 else f"cannot mount a tmpfs: {probe.stderr.strip()}"


NO_MOUNT = _can_mount()


def fault_repo(root: Path) -> Path:
    """The mini corpus at `root`, with something for fmt to rewrite and earlier outputs."""
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    # Out of canonical order, so that fmt has something to rewrite.
    state = root / "content" / "states" / "aut.yaml"
    lines = state.read_text(encoding="utf-8").splitlines(keepends=True)
    state.write_text("".join([*lines[1:], lines[0]]), encoding="utf-8")
    (root / "out.csv").write_text("an earlier export\n", encoding="utf-8")
    (root / "redline.html").write_text("an earlier redline\n", encoding="utf-8")
    return root


K = TypeVar("K")
Run = tuple[str, tuple[str, ...]]
"""A file system mode (`full` or `readonly`) and a command line."""


def faulty(folder: Path, repo: Path, runs: dict[K, Run]) -> dict[K, dict[str, object]]:
    """Each command line run on a copy of `repo` on its own full or read-only tmpfs,
    all in one process (tests/faultkit.py), each result under its key."""
    specs = []
    for number, (mode, args) in enumerate(runs.values()):
        mount = folder / f"mnt-{number}-{mode}"
        mount.mkdir()
        specs.append({"mount": str(mount), "repo": str(repo), "mode": mode, "args": list(args)})
    done = subprocess.run(
        ["unshare", "-m", "--propagation", "private", sys.executable, str(KIT), json.dumps(specs)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(KIT.parent), *sys.path])},
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return dict(zip(runs, json.loads(done.stdout), strict=True))


COMMANDS = {
    "sign": ("sign", "mini-2012", "aut"),
    "unsign": ("unsign", "mini-2012", "kor"),
    "fmt": ("fmt",),
    "export csv -o": ("export", "csv", "{repo}", "--what", "centres", "-o", "{repo}/out.csv"),
    "diff -o": ("diff", "mini-2012", "mini-2014", "--format", "html", "-o", "{repo}/redline.html"),
    "build": ("build", "{repo}", "--format", "html"),
    "build pdf": ("build", "{repo}", "--format", "html", "--format", "pdf"),
    "export xlsx -o": ("export", "xlsx", "{repo}", "-o", "{repo}/out.csv"),
    "export akn -o": ("export", "akn", "mini-2012", "--path", "{repo}", "-o", "{repo}/akn"),
    "compile -o": ("compile", "mini-2012", "--format", "html", "-o", "{repo}/redline.html"),
}


MODES = ["full", "readonly"]


@pytest.fixture(scope="module")
def failed_writes(tmp_path_factory: pytest.TempPathFactory) -> dict[Run, dict[str, object]]:
    """Every command that writes, on a full and on a read-only file system."""
    folder = tmp_path_factory.mktemp("faults")
    repo = fault_repo(folder / "repo")
    runs = {(mode, command): (mode, COMMANDS[command]) for command in COMMANDS for mode in MODES}
    return faulty(folder, repo, runs)


@pytest.mark.skipif(NO_MOUNT is not None, reason=str(NO_MOUNT))
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_failed_write_leaves_sources_intact(
    failed_writes: dict[Run, dict[str, object]], mode: str, command: str
) -> None:
    done = failed_writes[mode, command]
    assert not done["traceback"], done
    assert done["exit_code"] == 1, done
    assert done["changed"] == [], done
    errors = list(WRITE_ERROR.finditer(str(done["stderr"])))
    assert errors, done["stderr"]
    assert errors[0]["reason"] == REASONS[mode]
    assert "Traceback" not in str(done["stderr"])


@pytest.fixture(scope="module")
def failed_imports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    """An edited Akoma Ntoso export imported back, on a full and on a read-only file system."""
    folder = tmp_path_factory.mktemp("import-faults")
    repo = fault_repo(folder / "repo")
    exported = folder / "akn"
    exported.mkdir()
    assert summit("export", "akn", "mini-2012", "--path", repo, "-o", exported).exit_code == 0
    xml = exported / "mini-2012.xml"
    xml.write_text(xml.read_text(encoding="utf-8").replace("Share course", "Pool course"))
    runs = {mode: (mode, ("import", "akn", str(xml), "--force")) for mode in MODES}
    return faulty(folder, repo, runs)


@pytest.mark.skipif(NO_MOUNT is not None, reason=str(NO_MOUNT))
@pytest.mark.parametrize("mode", MODES)
def test_failed_import_leaves_the_record_intact(
    failed_imports: dict[str, dict[str, object]], mode: str
) -> None:
    done = failed_imports[mode]
    assert done["exit_code"] == 1, done
    assert done["changed"] == [], done
    assert WRITE_ERROR.search(str(done["stderr"])), done["stderr"]


def test_write_file_replaces_whole_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "record.yaml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    write_file(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["record.yaml"]


def test_write_file_into_a_missing_folder_is_a_write_error(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as caught:
        write_file(tmp_path / "nowhere" / "x.txt", "x")
    assert caught.value.reason == "No such file or directory"
    shown = str(caught.value.diagnostic(tmp_path))
    assert shown == "nowhere/x.txt: error: could not write (No such file or directory) [io/write]"


def test_write_file_refuses_a_fifo_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(WriteError, match="a FIFO"):
        write_file(fifo, "x")
    assert fifo.is_fifo()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.mkdir(), "is a folder"),
        (lambda p: os.mkfifo(p), "is a FIFO"),
        (lambda p: p.symlink_to(p.parent / "elsewhere.csv"), "is a symbolic link"),
        (lambda p: None, None),
    ],
)
def test_output_paths_are_checked_before_any_work(
    minimal_repo: Path, tmp_path: Path, make: object, message: str | None
) -> None:
    out = tmp_path / "out.csv"
    make(out)  # type: ignore[operator]
    result = summit("export", "csv", minimal_repo, "--what", "centres", "-o", out)
    if message is None:
        assert result.exit_code == 0, result.output
        assert out.read_text(encoding="utf-8").startswith("centre,name,")
    else:
        assert result.exit_code == 2
        assert message in result.stderr
        assert not (tmp_path / "elsewhere.csv").exists()


def test_a_device_as_output_is_a_usage_error(minimal_repo: Path) -> None:
    result = summit("export", "csv", minimal_repo, "--what", "centres", "-o", os.devnull)
    assert result.exit_code == 2
    assert f"{os.devnull} is a device, not a file" in result.stderr


def test_output_in_a_missing_folder_is_a_usage_error(minimal_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "r.html"
    result = summit("diff", "HEAD", "--format", "html", "-o", out, "--path", minimal_repo)
    assert result.exit_code == 2
    assert f"the folder {out.parent} does not exist" in result.stderr
