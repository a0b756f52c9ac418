"""The README's generated blocks: references from the code, and the tour's real output.

A block sits between `<!-- NAME:start -->` and `<!-- NAME:end -->`. Tour blocks
are named `tour: ARGS`: their content is `$ summit ARGS` followed by what that
command prints when run in the repository. `tour-fresh: ARGS` runs it in a
fresh copy of the repository's records, as a first run after set-up would (a
build with no earlier output to reuse); `tour-new: KIND ID` writes a record in
a copy of the test corpus and shows it. tests/test_setup.py runs every one of
them, as printed, with the `summit` a clean set-up installs.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from click.testing import CliRunner

from readme.reference import commands_markdown, records_markdown, rules_markdown

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
    if name == "rules":
        return rules_markdown()
    if name.startswith("tour: "):
        args = name.removeprefix("tour: ")
        command, _, head = args.partition(" | head -")
        output = tour_output(command, root).rstrip("\n")
        if head:
            output = "\n".join(output.splitlines()[: int(head)])
        return f"```console\n$ summit {args}\n{output}\n```\n"
    if name.startswith("tour-merge: "):
        from readme.merge import merge_session

        return merge_session(name.removeprefix("tour-merge: "), root, tour_output)
    if name.startswith("tour-fresh: "):
        args = name.removeprefix("tour-fresh: ")
        with fresh_copy(root) as copy:
            output = tour_output(args, copy).rstrip("\n")
        return f"```console\n$ summit {args}\n{output}\n```\n"
    if name.startswith("tour-new: "):
        return new_record_tour(name.removeprefix("tour-new: "), root)
    if name.startswith("tour-word: "):
        return word_tour(name.removeprefix("tour-word: "), root)
    raise KeyError(name)


WORD_EXAMPLE = Path("tests") / "data" / "word"
"""The Word round trip's example: a small corpus, the DOCX built from it and the DOCX
as a delegation sent it back (`tools/make_word_example.py` writes both)."""
WORD_AUTHORS = '[word_authors]\n"Ben Sherpa" = "jpn"\n"Chen Adviser" = "chn"\n'
_GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "summitkit example",
    "GIT_AUTHOR_EMAIL": "example@summitkit.invalid",
    "GIT_COMMITTER_NAME": "summitkit example",
    "GIT_COMMITTER_EMAIL": "example@summitkit.invalid",
    "GIT_AUTHOR_DATE": "2014-03-20T09:00:00Z",
    "GIT_COMMITTER_DATE": "2014-03-20T09:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def word_example_repo(root: Path, target: Path) -> Path:
    """The example corpus as a git repository at `target`, always the same commit
    (fixed author, dates and files), so the example DOCX's commit is found in it."""
    import shutil
    import subprocess

    shutil.copytree(root / WORD_EXAMPLE / "corpus", target)
    (target / "summitkit.toml").write_text(WORD_AUTHORS, encoding="utf-8")
    (target / ".gitignore").write_text("build/\ncontent/generated/\n", encoding="utf-8")
    env = {**os.environ, **_GIT_IDENTITY}
    for command in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["commit", "-q", "-m", "Circulate revision 2"],
    ):
        subprocess.run(["git", *command], cwd=target, env=env, check=True, capture_output=True)
    return target


def word_tour(args: str, root: Path) -> str:
    """`summit ARGS` in the Word example's repository, with the returned DOCX beside it."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        repo = word_example_repo(root, Path(scratch) / "repo")
        for docx in sorted((root / WORD_EXAMPLE).glob("*.docx")):
            shutil.copy(docx, repo / docx.name)
        output = tour_output(args, repo).rstrip("\n")
    return f"```console\n$ summit {args}\n{output}\n```\n"


#: What a drafting repository's first build reads: the records, the front page and
#: the Sphinx configuration.
FRESH_PATHS = ("content", "gifts", "templates", "conf.py", "summitkit.toml")


@contextlib.contextmanager
def fresh_copy(root: Path) -> Iterator[Path]:
    """A scratch copy of the repository's records, without its build output."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / root.name
        copy.mkdir()
        for name in FRESH_PATHS:
            source = root / name
            if source.is_dir():
                shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("generated"))
            elif source.is_file():
                shutil.copy2(source, copy / name)
        yield copy


def new_record_tour(args: str, root: Path) -> str:
    """`summit new KIND ID` in a scratch copy of the test corpus, and the file it wrote."""
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
