"""Docs cannot drift: the README's references and tour are what the code prints."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from summitkit.cli import main

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from readme.blocks import block_text, blocks  # noqa: E402

README = (ROOT / "README.md").read_text(encoding="utf-8")


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


def test_every_command_is_in_the_readme_command_reference() -> None:
    reference = blocks(README)["commands"]
    for name in all_commands(main):
        assert f"#### `{name}`" in reference, f"{name} is missing from the README"


def test_readme_generated_blocks_are_up_to_date() -> None:
    found = blocks(README)
    assert {"commands", "records", "tour: check"} <= set(found)
    for name, body in found.items():
        assert body == block_text(name, ROOT), (
            f"README block '{name}' is out of date: run python tools/refresh_docs.py"
        )


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


def test_readme_lists_every_csv_column() -> None:
    """The Exports table is hand-written prose; it must name the columns the code writes."""
    from summitkit.exchange.benchmarks import COLUMNS
    from summitkit.exchange.export import CSV_COLUMNS

    table = {
        line.split("|")[1].strip().strip("`"): line.split("|")[2].strip()
        for line in README.splitlines()
        if line.startswith("| `") and line.count("|") == 3
    }
    for what, columns in {**CSV_COLUMNS, **COLUMNS}.items():
        assert table.get(what) == ", ".join(columns), f"README: --what {what}"
