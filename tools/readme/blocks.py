"""The docs' generated blocks: the real output of the tour's and the tutorial's commands.

In README.md a block sits between `<!-- NAME:start -->` and `<!-- NAME:end -->`;
in a page of the docs site (`docs/**/*.rst`) between the comments `.. NAME:start`
and `.. NAME:end`, and its output is a `code-block` directive. Tour blocks
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

from click.testing import CliRunner, Result

_BLOCK = re.compile(
    r"(<!-- (?P<name>[^>]+?):start -->\n)(?P<body>.*?)(<!-- (?P=name):end -->)", re.S
)
_RST_BLOCK = re.compile(
    r"(^\.\. (?P<name>[^\n]+?):start\n)(?P<body>.*?)(^\.\. (?P=name):end$)", re.S | re.M
)
#: The files whose blocks `tools/refresh_docs.py` rewrites, relative to the root.
DOC_GLOBS = ("README.md", "docs/**/*.rst")


def doc_files(root: Path) -> list[Path]:
    """README.md and every page of the docs site, in a stable order."""
    return sorted(path for pattern in DOC_GLOBS for path in root.glob(pattern))


def console(text: str, style: str = "md") -> str:
    """A terminal session as a block of README Markdown (`md`) or of reST (`rst`)."""
    if style == "rst":
        lines = text.splitlines()
        indented = "\n".join(f"   {line}" if line.strip() else "" for line in lines)
        # Pygments reads a line opening with '#' as a root prompt: a session that
        # prints YAML comments is shown as plain text.
        lexer = "text" if any(line.startswith("#") for line in lines) else "console"
        return f"\n.. code-block:: {lexer}\n\n{indented}\n\n"
    return f"```console\n{text}\n```\n"


def console_text(body: str) -> str:
    """The session a block shows, as typed and printed, whichever its style."""
    match = re.fullmatch(r"```console\n(.*)```\n", body, re.S)
    if match:
        return match.group(1)
    match = re.fullmatch(r"\n\.\. code-block:: (?:console|text)\n\n(.*)\n\n", body, re.S)
    if not match:
        raise ValueError(f"not a console block: {body[:60]!r}")
    return "".join(line[3:] + "\n" for line in match.group(1).splitlines())


def tour_output(args: str, root: Path) -> str:
    """Run `summit ARGS` in the repository, as a user would, and return what it prints."""
    return _invoke(args, root).output


def _invoke(args: str, root: Path) -> Result:
    from summitkit.cli import main

    previous = Path.cwd()
    os.chdir(root)
    try:
        return CliRunner().invoke(
            main, shlex.split(args), env={"NO_COLOR": "1"}, prog_name="summit"
        )
    finally:
        os.chdir(previous)


_PIPE = re.compile(r"(?P<command>.*?) \| (?:head -(?P<head>\d+)|sed -n '(?P<a>\d+),(?P<b>\d+)p')")


def piped_output(args: str, root: Path) -> str:
    """`summit ARGS`, where ARGS may end in `| head -N` or `| sed -n 'A,Bp'`: as a
    terminal shows it, the diagnostics (stderr, not piped) first, then the lines of
    the output the filter keeps."""
    pipe = _PIPE.fullmatch(args)
    if pipe is None:
        return tour_output(args, root)
    result = _invoke(pipe.group("command"), root)
    lines = result.stdout.splitlines()
    kept = (
        lines[: int(pipe.group("head"))]
        if pipe.group("head")
        else lines[int(pipe.group("a")) - 1 : int(pipe.group("b"))]
    )
    return result.stderr + "".join(f"{line}\n" for line in kept)


def block_text(name: str, root: Path, style: str = "md") -> str:
    """What block `name` holds now, in `style` (`md` for README.md, `rst` for the docs)."""
    if name.startswith("tour: "):
        args = name.removeprefix("tour: ")
        output = piped_output(args, root).rstrip("\n")
        return console(f"$ summit {args}\n{output}", style)
    if name.startswith("tour-merge: "):
        from readme.merge import merge_session

        return console(merge_session(name.removeprefix("tour-merge: "), root, tour_output), style)
    if name.startswith("tour-fresh: "):
        args = name.removeprefix("tour-fresh: ")
        with fresh_copy(root) as copy:
            output = tour_output(args, copy).rstrip("\n")
        return console(f"$ summit {args}\n{output}", style)
    if name.startswith("tour-new: "):
        return console(new_record_tour(name.removeprefix("tour-new: "), root), style)
    if name.startswith("tour-word: "):
        return console(word_tour(name.removeprefix("tour-word: "), root), style)
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
    return f"$ summit {args}\n{output}"


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
    return f"$ summit new {args}\n{output}\n$ cat {written}\n{text}"


def _pattern(style: str) -> re.Pattern[str]:
    return _RST_BLOCK if style == "rst" else _BLOCK


def style_of(path: Path) -> str:
    return "rst" if path.suffix == ".rst" else "md"


def refresh(text: str, root: Path, style: str = "md") -> str:
    """`text` with every generated block rewritten from what the code prints now."""
    if style == "rst" and "\n.. tutorial: " in text:
        from readme.tutorial import refresh_tutorial

        text = refresh_tutorial(text)  # one session, run in order
    return _pattern(style).sub(
        lambda m: (
            m.group(0)
            if m.group("name").startswith("tutorial")
            else m.group(1) + block_text(m.group("name"), root, style) + m.group(4)
        ),
        text,
    )


def blocks(text: str, style: str = "md") -> dict[str, str]:
    """Every generated block of a README (`md`) or docs page (`rst`): name → body.
    The tutorial's blocks are one session, not blocks of their own (`readme.tutorial`)."""
    found = _pattern(style).finditer(text)
    return {m.group("name"): m.group("body") for m in found if m.group("name")[:8] != "tutorial"}


def all_blocks(root: Path) -> dict[str, str]:
    """The generated blocks of README.md and of every docs page, by name."""
    found: dict[str, str] = {}
    for path in doc_files(root):
        found |= blocks(path.read_text(encoding="utf-8"), style_of(path))
    return found
