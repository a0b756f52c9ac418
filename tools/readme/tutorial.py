"""The tutorial's session ("Run a negotiation", docs/tutorial/negotiation.rst): every
step run in order in one fresh folder, and each command's real output written back
into the page.

A step is a comment in the page, in reading order:

- `.. tutorial: COMMAND` — run COMMAND (`summit …`, `git …`, `cd DIR`; several
  joined by ` && `) and show it with its output. `tools/refresh_docs.py` expands
  the line into a block between `.. tutorial: COMMAND:start` and `…:end`, so adding
  a step to the tutorial is adding one line;
- `.. tutorial-write: PATH` followed by a `code-block` — write that block's text to
  PATH, as the reader does in an editor.

`summit` runs in this process (click's runner), git as a program, with a fixed
identity and date and no user or system configuration: the session prints the same
thing on every machine. tests/test_docs.py compares the page with a fresh run and
runs `summit fmt --check` after every step (what summitkit writes is laid out as
fmt would); tests/test_setup.py replays it with the `summit` a set-up installs.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from readme.blocks import console

#: The one identity and clock of the session (a summit week in Seoul).
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Chair's Office",
    "GIT_AUTHOR_EMAIL": "chair@example.org",
    "GIT_COMMITTER_NAME": "Chair's Office",
    "GIT_COMMITTER_EMAIL": "chair@example.org",
    "GIT_AUTHOR_DATE": "2012-03-20T09:00:00Z",
    "GIT_COMMITTER_DATE": "2012-03-20T09:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    # The branch name most forges start a repository on, whatever git's default.
    "GIT_CONFIG_COUNT": "1",
    "GIT_CONFIG_KEY_0": "init.defaultBranch",
    "GIT_CONFIG_VALUE_0": "main",
    "NO_COLOR": "1",
}

_STEP = re.compile(
    r"^\.\. tutorial: (?P<command>[^\n]+?):start\n.*?^\.\. tutorial: (?P=command):end$"
    r"|^\.\. tutorial: (?P<bare>[^\n]+?)$"
    r"|^\.\. tutorial-write: (?P<path>\S+)\n\n\.\. code-block:: \S+\n\n"
    r"(?P<text>(?:   [^\n]*\n|\n)+)",
    re.S | re.M,
)


class TutorialFailed(Exception):
    """A step of the tutorial failed: the page no longer describes what works."""


@dataclass(frozen=True)
class Step:
    command: str | None
    """The command line shown (None for a file the reader writes)."""
    path: str | None = None
    text: str = ""
    """What a write step writes to `path`."""


def steps(page: str) -> list[Step]:
    """The page's steps, in reading order."""
    found = []
    for match in _STEP.finditer(page):
        if match.group("path"):
            text = textwrap.dedent(match.group("text")).strip("\n") + "\n"
            found.append(Step(None, match.group("path"), text))
        else:
            found.append(Step(match.group("command") or match.group("bare")))
    return found


def run_summit(args: str, cwd: Path) -> str:
    """`summit ARGS` in `cwd`, in this process, as the reader's terminal shows it."""
    from click.testing import CliRunner

    from summitkit.cli import main

    previous = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, shlex.split(args), env=GIT_ENV, prog_name="summit")
    finally:
        os.chdir(previous)
    if result.exit_code:  # a tutorial shows what works; a failing step is a broken page
        raise TutorialFailed(f"summit {args} exited with {result.exit_code}:\n{result.output}")
    return result.output


def run_program(command: str, cwd: Path) -> str:
    done = subprocess.run(
        shlex.split(command),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # one stream, in the order written
        text=True,
        env={**os.environ, **GIT_ENV},
        check=False,
    )
    if done.returncode:
        raise TutorialFailed(f"{command} exited with {done.returncode}:\n{done.stdout}")
    return done.stdout


Runner = Callable[[str, Path], str]


def run_session(
    page: str,
    folder: Path,
    run: Runner | None = None,
    after_each: Callable[[Path], None] | None = None,
) -> list[str]:
    """Run the page's steps in `folder`; the session each command step shows.

    `run(COMMAND, cwd)` runs one command line (default: `summit` in this process,
    anything else as a program); `after_each(cwd)` is called after every step."""
    cwd = folder
    shown = []
    for step in steps(page):
        if step.command is None:
            assert step.path is not None
            (cwd / step.path).write_text(step.text, encoding="utf-8")
        else:
            lines = []
            for command in step.command.split(" && "):
                lines.append(f"$ {command}")
                if command.startswith("cd "):
                    cwd = cwd / command.removeprefix("cd ")
                    continue
                if run is not None:
                    output = run(command, cwd)
                elif command.startswith("summit "):
                    output = run_summit(command.removeprefix("summit "), cwd)
                else:
                    output = run_program(command, cwd)
                lines += output.rstrip("\n").splitlines()
            shown.append("\n".join(lines))
        if after_each is not None:
            after_each(cwd)
    return shown


def refresh_tutorial(page: str, sessions: list[str] | None = None) -> str:
    """The page with every command step's block rewritten from a fresh run (or from
    `sessions`, what `run_session` returned)."""
    if sessions is None:
        with tempfile.TemporaryDirectory() as scratch:
            sessions = run_session(page, Path(scratch))
    shown = iter(sessions)

    def block(match: re.Match[str]) -> str:
        if match.group("path"):
            return match.group(0)
        command = match.group("command") or match.group("bare")
        body = console(next(shown), "rst")
        return f".. tutorial: {command}:start\n{body}.. tutorial: {command}:end"

    return _STEP.sub(block, page)
