"""The README's "Draft together through git" session: two branches merged by real git.

The session runs in a scratch copy of the test corpus with the merge driver
registered by `summit init --hooks`: run in this process, it registers this
interpreter with `-m summitkit`, as a reader's registers their `summit` by path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

#: A fixed identity and no user or system git config: the session prints the same
#: thing on every machine.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Ada Drafter",
    "GIT_AUTHOR_EMAIL": "ada@example.org",
    "GIT_COMMITTER_NAME": "Ada Drafter",
    "GIT_COMMITTER_EMAIL": "ada@example.org",
    "GIT_AUTHOR_DATE": "2026-01-05T10:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-05T10:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}

DOC = "content/statements/mini-2012.yaml"
SESSIONS = {
    "signatories": [
        "summit init --hooks",
        "git add .gitattributes",
        "git commit -qm 'Merge records by meaning'",
        "git switch -q -c austria",
        "summit sign mini-2012 aut",
        "git commit -qam 'Austria signs'",
        "git switch -q main",
        "summit sign mini-2012 chn",
        "git commit -qam 'China signs'",
        "git merge -q --no-edit austria",
        "git show --format= -m --first-parent HEAD",
        "summit check",
    ],
    "reworded": [
        "summit init --hooks",
        # Whose wording is whose: a delegation's signing key in [parties], or here,
        # for unsigned commits, its drafters' names.
        """printf '[word_authors]\\n"Kenji Sato" = "jpn"\\n"Min-ji Kim" = "kor"\\n' """
        "> summitkit.toml",
        "git add .gitattributes summitkit.toml",
        "git commit -qm 'Merge records by meaning'",
        "git switch -q -c japan",
        "sed -i 's/Share course material./Share course material among centres./' " + DOC,
        "git commit -qam 'op2: among centres' --author='Kenji Sato <ks@example.org>'",
        "git switch -q main",
        "sed -i 's/Share course material./Share course material and trainers./' " + DOC,
        "git commit -qam 'op2: and trainers' --author='Min-ji Kim <mk@example.org>'",
        "git merge -q --no-edit japan",
        "sed -n '/id: op2/,/^sources/p' " + DOC,
        "summit check",
    ],
}


def merge_session(name: str, root: Path, tour_output: Callable[[str, Path], str]) -> str:
    """Run session `name` in a scratch repository; `$ command` and its output, as typed.

    `tour_output(ARGS, folder)` runs `summit ARGS` there (the README's own runner).
    """
    lines = []
    with tempfile.TemporaryDirectory() as scratch:
        repo = Path(scratch) / "nss-drafts"
        shutil.copytree(root / "tests" / "data" / "mini", repo)
        tour_output("fmt", repo)
        _git(repo, "init -q --initial-branch=main")
        _git(repo, "add .")
        _git(repo, "commit -qm start")
        for command in SESSIONS[name]:
            if command.startswith("summit "):
                # `init --hooks` registers this interpreter's summitkit (`-m summitkit`)
                output = tour_output(command.removeprefix("summit "), repo)
            else:
                output = _run(repo, command)
            lines += [f"$ {command}", *output.rstrip("\n").splitlines()]
    return "\n".join(lines)


def _git(repo: Path, args: str) -> str:
    return _run(repo, f"git {args}")


def _run(repo: Path, command: str) -> str:
    done = subprocess.run(
        ["sh", "-c", command],  # as a reader types it (and tests/test_setup.py runs it)
        cwd=repo,
        # One stream, in the order written, as tests/test_setup.py replays it too.
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **GIT_ENV},
        check=False,
    )
    return done.stdout
