"""Run `summit` commands, each in a repository on a tmpfs of its own that is full or read-only.

Run as `unshare -m python tests/faultkit.py SPECS` (a private mount namespace, so
the tmpfs vanish with the process): SPECS is a JSON list, each spec with `mount`
(an empty folder), `repo` (copied onto the tmpfs), `mode` (`full` or `readonly`)
and `args` (the command line, run in the copied repository; `{repo}` stands for
its path). Prints a JSON list, one entry per spec: the exit code, both streams,
whether a traceback escaped, and the files under the repository (outside build/)
whose bytes changed. One process runs them all (as one test process runs many
commands through click's runner), so that the interpreter and summitkit start once.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import traceback
from pathlib import Path

from click.testing import CliRunner

from summitkit.cli import main


def snapshot(repo: Path) -> dict[str, bytes]:
    return {
        p.relative_to(repo).as_posix(): p.read_bytes()
        for p in repo.rglob("*")
        if p.is_file() and not {"build", ".summit-cache"} & set(p.relative_to(repo).parts)
    }


def fill(folder: Path) -> None:
    """Write until the file system says it is full."""
    with contextlib.suppress(OSError), open(folder / "filler", "wb") as out:
        while True:
            out.write(b"\0" * 4096)
            out.flush()


def run(spec: dict[str, object]) -> dict[str, object]:
    mount = Path(str(spec["mount"]))
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], check=True)
    repo = mount / "repo"
    shutil.copytree(str(spec["repo"]), repo, symlinks=True)
    before = snapshot(repo)
    if spec["mode"] == "full":
        fill(mount)
    else:
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
    os.chdir(repo)
    args = [str(a).replace("{repo}", str(repo)) for a in spec["args"]]  # type: ignore[attr-defined]
    result = CliRunner().invoke(main, args, prog_name="summit")
    after = snapshot(repo)
    os.chdir(mount.parent)
    subprocess.run(["umount", str(mount)], check=True)  # its memory back before the next
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    return {
        "exit_code": result.exit_code,
        "stdout": result.stdout,
        "stderr": result.stderr,
        "traceback": result.exc_info is not None and not isinstance(result.exception, SystemExit),
        "exception": "".join(traceback.format_exception(result.exception))
        if result.exception is not None and not isinstance(result.exception, SystemExit)
        else "",
        "changed": changed,
        "repo": str(repo),
    }


if __name__ == "__main__":
    print(json.dumps([run(spec) for spec in json.loads(sys.argv[1])]))
