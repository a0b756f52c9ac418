"""Docs cannot drift: every console block in README.md and the docs site is what the
code prints, every command is documented, and the README stays a short way in."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from summitkit.cli import main

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from readme.blocks import block_text, blocks, doc_files, style_of  # noqa: E402

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = ROOT / "docs"


def all_commands(group: click.Group, prefix: str = "summit") -> dict[str, click.Command]:
    found: dict[str, click.Command] = {}
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        if isinstance(command, click.Group):
            found |= all_commands(command, f"{prefix} {name}")
        else:
            found[f"{prefix} {name}"] = command
    return found


def test_every_command_has_help_with_an_example() -> None:
    for name, command in all_commands(main).items():
        assert command.help, f"{name} has no help text"
        assert "Example:" in command.help, f"{name} has no example in its help"


def test_the_command_reference_documents_the_whole_command_tree() -> None:
    """sphinx-click walks `main` itself; tests/test_docs_site.py finds every command
    in the built page."""
    page = (DOCS / "reference" / "commands.rst").read_text(encoding="utf-8")
    assert ".. click:: summitkit.cli:main\n   :prog: summit\n   :nested: full\n" in page


def test_generated_blocks_are_up_to_date() -> None:
    names = []
    for path in doc_files(ROOT):
        style = style_of(path)
        for name, body in blocks(path.read_text(encoding="utf-8"), style).items():
            names.append(name)
            assert body == block_text(name, ROOT, style), (
                f"{path.relative_to(ROOT)}: block '{name}' is out of date: "
                "run python tools/refresh_docs.py"
            )
    assert {"tour: check", "tour-fresh: build --format html"} <= set(names)


def test_readme_opens_with_the_two_setup_commands() -> None:
    fences = re.findall(r"```sh\n(.*?)\n```", README, re.S)
    build, test = fences[0], fences[1]
    assert build.endswith(".venv/bin/summit build")
    assert test.endswith(".venv/bin/pytest")
    assert test.startswith("sh tools/setup.sh --test")
    assert build.startswith("sh tools/setup.sh ") and "--test" not in build
    setup = (ROOT / "tools" / "setup.sh").read_text()
    assert 'sh tools/setup-venv.sh "$@"' in setup  # the Python half, run by test_setup.py
    venv = (ROOT / "tools" / "setup-venv.sh").read_text()
    assert 'pip install -q -e ".$extra"' in venv and 'extra="[test]"' in venv
    ci = (ROOT / ".ci" / "run").read_text()
    assert "<!-- test-command -->" in ci  # CI runs the README's own command
    assert README.index("<!-- test-command -->") < README.index(test)


def test_the_test_setup_installs_what_the_docs_site_needs() -> None:
    """`sh tools/setup.sh --test` installs the test extra; the site's build is a test."""
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    for package in extras["docs"]:
        assert package in extras["test"]


def test_the_readme_is_a_short_way_in() -> None:
    assert len(README.splitlines()) <= 200
    for target in re.findall(r"\]\(((?!https?:)[^)#]+)\)", README):
        assert (ROOT / target).exists(), f"README links to {target}, which does not exist"
    assert "docs/tutorial/negotiation.rst" in README


def test_summit_help_points_to_the_docs() -> None:
    from click.testing import CliRunner

    shown = CliRunner().invoke(main, ["--help"]).output
    assert "docs/" in shown and "tutorial" in shown


TUTORIAL = DOCS / "tutorial" / "negotiation.rst"


def fmt_is_clean(folder: Path) -> None:
    """What summitkit wrote is as `summit fmt` writes it (once there is a repository)."""
    from readme.tutorial import run_summit

    if (folder / "content").is_dir():
        run_summit("fmt --check", folder)  # exits 1, and so raises, if a file would change


def test_the_tutorial_runs_in_a_fresh_folder_and_prints_what_it_shows(tmp_path: Path) -> None:
    from readme.tutorial import refresh_tutorial, run_session, steps

    page = TUTORIAL.read_text(encoding="utf-8")
    commands = [step.command or "" for step in steps(page)]
    for needed in (
        "summit init",
        "summit proposal new",
        "summit proposal support",
        "summit compile",
        "summit proposal accept",
        "summit proposal reject",
        "summit clause agree",
    ):
        assert any(needed in command for command in commands), needed
    assert any("--status adopted" in command for command in commands)
    assert any(command.startswith("summit diff") for command in commands)
    sessions = run_session(page, tmp_path, after_each=fmt_is_clean)
    assert refresh_tutorial(page, sessions) == page, (
        "docs/tutorial/negotiation.rst is out of date: run python tools/refresh_docs.py"
    )


def test_a_tutorial_step_is_one_line(tmp_path: Path) -> None:
    """The chair's commands still to come join the tutorial by one line each."""
    from readme.tutorial import refresh_tutorial, run_session

    page = "Intro\n\n.. tutorial: summit --version\n\nMore.\n"
    expanded = refresh_tutorial(page)
    assert expanded.startswith("Intro\n\n.. tutorial: summit --version:start\n")
    assert "   $ summit --version\n   summit, version " in expanded
    assert expanded.endswith(".. tutorial: summit --version:end\n\nMore.\n")
    assert refresh_tutorial(expanded, run_session(expanded, tmp_path)) == expanded


def test_new_records_of_the_tour_are_fmt_clean(tmp_path: Path) -> None:
    import shutil

    from readme.tutorial import run_summit

    for kind in ("organization", "statement", "proposal", "comment", "basket", "report"):
        repo = tmp_path / kind
        shutil.copytree(ROOT / "tests" / "data" / "mini", repo)
        run_summit("fmt", repo)  # the corpus as fmt lays it out: only the new file can differ
        run_summit(f"new {kind} tour-{kind}", repo)
        fmt_is_clean(repo)


def test_the_word_example_is_reproducible_in_a_clone(tmp_path: Path) -> None:
    """The commit the example DOCX records is the one `tools/make_word_example.py
    --repo` makes, so that the import the docs show runs in a clone."""
    import subprocess

    from readme.blocks import all_blocks, console_text

    target = tmp_path / "word-example"
    made = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_word_example.py"), "--repo", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    head = subprocess.run(
        ["git", "rev-parse", "--short=7", "HEAD"], cwd=target, capture_output=True, text=True
    ).stdout.strip()
    shown = console_text(
        all_blocks(ROOT)["tour-word: import docx cjk-draft-returned.docx --dry-run"]
    )
    assert f"at commit {head}" in shown
    assert (target / "cjk-draft-returned.docx").is_file()
    page = (DOCS / "howto" / "circulate.rst").read_text(encoding="utf-8")
    assert "tools/make_word_example.py --repo" in page


def test_an_import_of_the_word_example_is_fmt_clean(tmp_path: Path) -> None:
    """What `summit import docx` writes passes `summit fmt --check` (the pre-commit
    hook `summit init` installs), so an import can be committed as it is."""
    import shutil

    from readme.blocks import WORD_EXAMPLE, word_example_repo
    from readme.tutorial import run_summit

    repo = word_example_repo(ROOT, tmp_path / "repo")
    shutil.copy(ROOT / WORD_EXAMPLE / "cjk-draft-returned.docx", repo)
    run_summit("fmt", repo)  # the example as fmt lays it out: only the import can differ
    assert "wrote content/proposals/" in run_summit("import docx cjk-draft-returned.docx", repo)
    fmt_is_clean(repo)
