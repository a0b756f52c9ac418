"""The README's generated blocks: references from the code, and the tour's real output.

A block sits between `<!-- NAME:start -->` and `<!-- NAME:end -->`. Tour blocks
are named `tour: ARGS`: their content is `$ summit ARGS` followed by what that
command prints when run in the repository.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

from click.testing import CliRunner

from summitkit.cli.reference import commands_markdown, records_markdown

_BLOCK = re.compile(
    r"(<!-- (?P<name>[^>]+?):start -->\n)(?P<body>.*?)(<!-- (?P=name):end -->)", re.S
)


def tour_output(args: str, root: Path) -> str:
    """Run `summit ARGS` in the repository, as a user would, and return what it prints."""
    from summitkit.cli import main

    previous = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, shlex.split(args), env={"NO_COLOR": "1"})
    finally:
        os.chdir(previous)
    return result.output


def block_text(name: str, root: Path) -> str:
    from summitkit.cli import main

    if name == "commands":
        return commands_markdown(main)
    if name == "records":
        return records_markdown()
    if name.startswith("tour: "):
        args = name.removeprefix("tour: ")
        command, _, head = args.partition(" | head -")
        output = tour_output(command, root).rstrip("\n")
        if head:
            output = "\n".join(output.splitlines()[: int(head)])
        return f"```console\n$ summit {args}\n{output}\n```\n"
    if name.startswith("tour-merge: "):
        from summitkit.cli.readme_merge import merge_session

        return merge_session(name.removeprefix("tour-merge: "), root, tour_output)
    if name.startswith("tour-new: "):
        return new_record_tour(name.removeprefix("tour-new: "), root)
    raise KeyError(name)


def new_record_tour(args: str, root: Path) -> str:
    """`summit new KIND ID` in a scratch copy of the test corpus, and the file it wrote."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        repo = Path(scratch) / "repo"
        shutil.copytree(root / "tests" / "data" / "mini", repo)
        output = tour_output(f"new {args}", repo).strip()
        written = output.removeprefix("wrote ")
        text = (repo / written).read_text(encoding="utf-8").rstrip("\n")
    return f"```console\n$ summit new {args}\n{output}\n$ cat {written}\n{text}\n```\n"


def refresh(readme: str, root: Path) -> str:
    return _BLOCK.sub(lambda m: m.group(1) + block_text(m.group("name"), root) + m.group(4), readme)


def blocks(readme: str) -> dict[str, str]:
    return {m.group("name"): m.group("body") for m in _BLOCK.finditer(readme)}
