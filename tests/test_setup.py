"""The README's set-up, as a newcomer runs it: the script both set-up commands call
(its Python half, tools/setup-venv.sh; the apt half needs root and a network),
in a clean copy of the repository, then every tour command exactly as the README and the docs
prints it, with the `summit` that set-up installed, compared with what it printed.

The new virtual environment finds summitkit's dependencies already there: the ones
the package declares (not its test extra), shared from the environment running the
tests rather than downloaded and unpacked again (half a gigabyte, about 20 CPU-seconds).
So the script installs summitkit itself, editable, from the copy, and the tour runs
with only what a user's set-up gives it. That pip resolves and installs the
dependencies from the index in a fresh environment is checked by `.ci/run`, which
runs the README's whole set-up command (tools/setup.sh, then this script) before the
suite: a stronger check than this test could make.
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from gitkit import GIT_ENV
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from summitkit import __version__

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from readme.blocks import WORD_EXAMPLE, all_blocks, console_text, word_example_repo  # noqa: E402
from readme.merge import GIT_ENV as SESSION_GIT_ENV  # noqa: E402

#: A fresh virtual environment and the README's tour, a build of the shipped corpus among it.
pytestmark = pytest.mark.slow

needs_git_checkout = pytest.mark.skipif(
    not (ROOT / ".git").exists(), reason="the set-up test copies the files git tracks"
)


def tracked_files(root: Path) -> list[str]:
    """The files a clone would have: tracked ones, and new ones not ignored."""
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout
    return [name for name in out.decode().split("\0") if name and (root / name).is_file()]


def runtime_distributions(package: str = "summitkit") -> list[importlib.metadata.Distribution]:
    """The installed distributions `package` needs at run time: its declared
    dependencies and theirs, no extras (so not the test extra), `package` left out."""
    found: dict[str, importlib.metadata.Distribution] = {}
    wanted = [Requirement(line) for line in importlib.metadata.requires(package) or []]
    while wanted:
        requirement = wanted.pop()
        name = canonicalize_name(requirement.name)
        if name in found or (requirement.marker and not requirement.marker.evaluate({"extra": ""})):
            continue
        found[name] = importlib.metadata.distribution(name)
        wanted += [Requirement(line) for line in found[name].requires or []]
    return list(found.values())


def shared_dependencies(folder: Path) -> Path:
    """A folder holding (as links) exactly summitkit's run-time dependencies, as installed here."""
    folder.mkdir()
    for distribution in runtime_distributions():
        site = Path(str(distribution.locate_file("")))
        for file in distribution.files or []:
            top = file.parts[0]
            if top != ".." and not (folder / top).exists() and (site / top).exists():
                (folder / top).symlink_to(site / top)
    return folder


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository with summitkit set up in its .venv by the README's script,
    the dependencies shared from this environment (see the module's docstring)."""
    copy = tmp_path_factory.mktemp("setup") / "summitkit"
    for name in tracked_files(ROOT):
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, copy / name)
    # The environment made first, without pip, to put the dependencies on its path;
    # the script's own `python3 -m venv .venv` then completes it as it would a new one.
    subprocess.run(["python3", "-m", "venv", "--without-pip", copy / ".venv"], check=True)
    (site,) = (copy / ".venv" / "lib").glob("python3*/site-packages")
    shared = shared_dependencies(copy.parent / "dependencies")
    (site / "summitkit-dependencies.pth").write_text(f"{shared}\n", encoding="utf-8")
    done = subprocess.run(
        ["sh", "tools/setup-venv.sh"], cwd=copy, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return copy


def shell(command: str, cwd: Path, venv: Path, git_env: dict[str, str] = GIT_ENV) -> str:
    """Run a command line as a user with the set-up's .venv activated; stdout and
    stderr together, in the order written."""
    env = {
        **os.environ,
        **git_env,
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        "VIRTUAL_ENV": str(venv),
        "NO_COLOR": "1",
        "PYTHONUNBUFFERED": "1",  # stderr and stdout interleave as a terminal shows them
    }
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        ["sh", "-c", command],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
    )
    return done.stdout


def tour_blocks() -> list[tuple[str, str]]:
    """The tour's blocks, in README.md and the docs site's how-to pages."""
    return [(name, body) for name, body in all_blocks(ROOT).items() if name.startswith("tour")]


def test_the_docs_have_a_tour() -> None:
    names = [name for name, _ in tour_blocks()]
    assert "tour: check" in names and "tour-fresh: build --format html" in names
    assert len(names) >= 8


@needs_git_checkout
@pytest.mark.parametrize("name", [name for name, _ in tour_blocks()])
def test_every_tour_command_prints_what_the_readme_shows(
    clone: Path, name: str, tmp_path: Path
) -> None:
    shown = console_text(dict(tour_blocks())[name])
    if name.startswith("tour-new: "):
        where = tmp_path / "repo"  # summit new writes: in a copy of the test corpus
        shutil.copytree(clone / "tests" / "data" / "mini", where)
    elif name.startswith("tour-fresh: "):
        where = tmp_path / "fresh"  # a first build, with no output to reuse
        shutil.copytree(
            clone, where, ignore=shutil.ignore_patterns(".venv", "build", ".summit-cache")
        )
    elif name.startswith("tour-merge: "):
        where = tmp_path / "nss-drafts"  # the session's scratch repository, made as it is
        shutil.copytree(clone / "tests" / "data" / "mini", where)
        for command in (
            "summit fmt",
            "git init -q --initial-branch=main",
            "git add .",
            "git commit -qm start",
        ):
            shell(command, where, clone / ".venv", SESSION_GIT_ENV)
    elif name.startswith("tour-word: "):
        where = word_example_repo(clone, tmp_path / "repo")  # the Word example, committed
        for docx in sorted((clone / WORD_EXAMPLE).glob("*.docx")):
            shutil.copy(docx, where / docx.name)
    else:
        where = clone
    commands = [line[2:] for line in shown.splitlines() if line.startswith("$ ")]
    git_env = SESSION_GIT_ENV if name.startswith("tour-merge: ") else GIT_ENV
    ran = ""
    for command in commands:
        # The README drops the blank lines a command prints last, as a block ends there.
        printed = shell(command, where, clone / ".venv", git_env).rstrip("\n")
        ran += f"$ {command}\n" + (f"{printed}\n" if printed else "")
    assert ran == shown


@needs_git_checkout
def test_a_new_repository_installs_summitkit_as_its_workflow_says(
    clone: Path, tmp_path: Path
) -> None:
    venv = clone / ".venv"
    drafts = tmp_path / "nss-drafts"
    assert "created a drafting repository" in shell(f"summit init {drafts} --example", clone, venv)
    workflow = yaml.safe_load((drafts / ".github/workflows/summit.yml").read_text())
    (steps,) = [job["steps"] for job in workflow["jobs"].values()]
    (install,) = [step["run"] for step in steps if step.get("name") == "Install summitkit"]
    # Take out the summitkit set-up installed, so that only the shipped wheel can answer.
    shell("pip uninstall -y -q summitkit", clone, venv)
    assert "not found: summitkit" in shell("pip show summitkit", clone, venv)
    shell(install, drafts, venv)
    shown = shell("pip show summitkit", drafts, venv)
    assert f"Version: {__version__}" in shown and "Editable project location" not in shown
    assert shell("summit --version", drafts, venv) == f"summit, version {__version__}\n"
    checked = shell("summit check --strict", drafts, venv)
    assert checked.startswith("ok: ") and "0 errors, 0 warnings" in checked


@needs_git_checkout
def test_the_tutorial_prints_what_the_docs_show(clone: Path, tmp_path: Path) -> None:
    """docs/tutorial/negotiation.rst, every step typed into a shell in an empty folder."""
    from readme.tutorial import GIT_ENV as TUTORIAL_ENV
    from readme.tutorial import refresh_tutorial, run_session

    page = (ROOT / "docs" / "tutorial" / "negotiation.rst").read_text(encoding="utf-8")
    sessions = run_session(
        page, tmp_path, run=lambda command, cwd: shell(command, cwd, clone / ".venv", TUTORIAL_ENV)
    )
    assert refresh_tutorial(page, sessions) == page
