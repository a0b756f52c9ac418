"""Start-up: asking for help imports no schema model (nor pydantic), nor the
diagnostics and the project that commands need once they run."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
LIGHT_ENOUGH_TO_SKIP = {"summitkit.sources.diagnostics", "summitkit.sources.project"}
from click.testing import CliRunner
from summitkit.cli import main
runner = CliRunner()
for args in [["--help"], *([name, "--help"] for name in sorted(main.commands))]:
    result = runner.invoke(main, args)
    assert result.exit_code == 0, (args, result.output)
    heavy = sorted(m for m in sys.modules if m.split(".")[0] in {"pydantic", "sphinx", "yaml"})
    heavy += [m for m in sys.modules if m.startswith("summitkit.sources.schema")]
    # Nor the diagnostics and the project, which most commands need and help does not.
    heavy += [m for m in sys.modules if m in LIGHT_ENOUGH_TO_SKIP]
    print(" ".join(args), heavy)
"""


def test_help_imports_no_pydantic_model() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True)

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) > 10 and lines[0] == "--help []"
    assert all(line.endswith(" []") for line in lines), "\n".join(lines)


def test_the_output_formats_are_the_formatters() -> None:
    """`check --format` lists its choices without importing the diagnostics."""
    from summitkit.cli.sources import OUTPUT_FORMATS
    from summitkit.sources.diagnostics import FORMATTERS

    assert list(OUTPUT_FORMATS) == sorted(FORMATTERS)
