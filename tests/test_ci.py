"""What `.ci/run` asserts on the shipped corpus, so that a developer sees it before CI:
`summit fmt --check` passes, and `summit check` reports no error and exactly the
warnings listed in `.ci/expected-warnings`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import summit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from expected_warnings import expected, reported  # noqa: E402


def test_ci_runs_fmt_check_and_check_after_the_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    tested = ci.index('eval "$command"')
    assert tested < ci.index(".venv/bin/summit fmt --check")
    assert tested < ci.index(".venv/bin/summit check --format json")
    assert "tools/expected_warnings.py" in ci


def test_the_shipped_corpus_is_laid_out_as_fmt_writes_it() -> None:
    result = summit("fmt", "--check", ROOT)
    assert result.exit_code == 0, result.stdout
    assert "0 of " in result.stderr


def test_check_reports_only_the_expected_warnings_on_the_shipped_corpus() -> None:
    result = summit("check", "--format", "json", ROOT)
    assert result.exit_code == 0, result.output
    diagnostics = json.loads(result.stdout)
    assert [d for d in diagnostics if d["severity"] == "error"] == []
    assert reported(diagnostics) == expected()
    assert expected() == {"content/statements/seoul-2012-nstsc.yaml [claim/conflict]"}


def test_an_unexpected_or_missing_warning_fails_ci() -> None:
    conflict = {"path": "content/statements/seoul-2012-nstsc.yaml", "rule": "claim/conflict"}
    extra = {"path": "gifts/basket.yaml", "rule": "content/placeholder"}

    def compare(*warnings: dict[str, str]) -> subprocess.CompletedProcess[str]:
        report = json.dumps([{**w, "severity": "warning"} for w in warnings])
        script = [sys.executable, str(ROOT / "tools" / "expected_warnings.py")]
        return subprocess.run(script, input=report, capture_output=True, text=True)

    assert compare(conflict).returncode == 0
    unexpected = compare(conflict, extra)
    assert unexpected.returncode == 1
    assert "unexpected warning: gifts/basket.yaml [content/placeholder]" in unexpected.stderr
    gone = compare()
    assert gone.returncode == 1
    assert "no longer reported: content/statements/seoul-2012-nstsc.yaml" in gone.stderr
