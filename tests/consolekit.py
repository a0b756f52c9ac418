"""A docs page's terminal sessions, replayed: the `$ ` lines of its console blocks
with the output the page shows after each, and what the command really prints.

A page's test walks the steps in a real repository, runs each command and compares
what it printed with what the page shows, after `normalised` has replaced what no
two runs share (commit ids, digests). The page itself stays as a reader sees it.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass

from click.testing import CliRunner

from summitkit.cli import main

#: A console block (`.. code-block:: console`, or `text` where the output has lines
#: Pygments would take for a prompt) or a literal block (`::`) whose first line is a
#: command: its indented lines, blank lines between them included.
_BLOCK = re.compile(
    r"(?:\.\. code-block:: (?:console|text)\n|::\n)\n"
    r"(?P<body>(?:(?P<indent>[ ]+)\$ .*\n)(?:(?P=indent).*\n|\n)*)"
)
#: A comment after a command, set off by two spaces: the page's aside to the reader.
_ASIDE = re.compile(r"\s{2,}# (?P<aside>.*)$")
_HEX = re.compile(r"\b[0-9a-f]{7,64}\b")


@dataclass(frozen=True)
class Step:
    """One command of a page's session, and what the page shows it printing."""

    command: str
    shown: str
    aside: str = ""


def console_steps(page: str) -> list[Step]:
    """Every `$ ` command of the page's console blocks, in order: continuation lines
    (a trailing backslash) joined, a trailing `  # aside` set apart."""
    steps: list[tuple[str, str, list[str]]] = []
    for block in _BLOCK.finditer(page):
        indent = len(block.group("indent"))
        lines = [line[indent:] for line in block.group("body").rstrip("\n").split("\n")]
        while lines:
            line = lines.pop(0)
            if line.startswith("$ "):
                command = line[2:]
                while command.endswith("\\"):
                    command = command[:-1] + " " + lines.pop(0).strip()
                aside = _ASIDE.search(command)
                if aside:
                    command = command[: aside.start()]
                steps.append((command, aside.group("aside") if aside else "", []))
            else:
                steps[-1][2].append(line)
    return [Step(command, "\n".join(out).strip("\n"), aside) for command, aside, out in steps]


_GENERATED = re.compile(r"^\.\. (?P<name>[^\n]+?):start\n.*?^\.\. (?P=name):end$", re.S | re.M)


def hand_written(page: str) -> str:
    """The page without its generated blocks (`.. NAME:start` to `.. NAME:end`), which
    tests/test_docs.py keeps up to date: what only a replay of the page checks."""
    return _GENERATED.sub("", page)


def normalised(text: str) -> str:
    """`text` without what differs from one run to the next: commit ids and digests."""
    return _HEX.sub("<hex>", text.strip("\n"))


def printed(command: str, env: Mapping[str, str] | None = None) -> str:
    """What `command` prints in the current folder, as a terminal shows it: `summit …`
    through click's runner (this checkout's code), anything else through the shell."""
    if command.startswith("summit "):
        result = CliRunner().invoke(
            main, shlex.split(command)[1:], prog_name="summit", env=dict(env or {})
        )
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.output
    done = subprocess.run(
        command, shell=True, env={**os.environ, **(env or {})}, capture_output=True, text=True
    )
    assert done.returncode == 0, f"{command}: {done.stderr}"
    return done.stdout + done.stderr


def shown_files(page: str) -> dict[str, str]:
    """The files the page's YAML blocks show under a `# PATH` comment line, by path:
    a block may hold several, each opening with its own."""
    files: dict[str, str] = {}
    for block in re.findall(r"\.\. code-block:: yaml\n\n((?:   .*\n|\n)+)", page):
        path = None
        for line in block.rstrip("\n").split("\n"):
            named = re.fullmatch(r"   # (content/\S+\.yaml)", line)
            if named:
                path = named.group(1)
                files[path] = ""
            elif path is not None:
                files[path] += line[3:] + "\n"
    return {path: text.rstrip("\n") + "\n" for path, text in files.items()}
