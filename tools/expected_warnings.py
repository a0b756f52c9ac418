"""Compare `summit check --format json` (on stdin) with .ci/expected-warnings.

    summit check --format json | python tools/expected_warnings.py

Exit 1, naming each, when check reports a warning the list does not hold or
no longer reports one it holds; CI runs it after `summit check`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

LIST = Path(__file__).resolve().parents[1] / ".ci" / "expected-warnings"


def expected(path: Path = LIST) -> set[str]:
    """The listed warnings, each as `path [rule-id]`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def reported(diagnostics: list[dict[str, object]]) -> set[str]:
    """The warnings of check's JSON output, each as `path [rule-id]`."""
    return {f"{d['path']} [{d['rule']}]" for d in diagnostics if d["severity"] == "warning"}


def main() -> int:
    found, listed = reported(json.load(sys.stdin)), expected()
    for line in sorted(found - listed):
        print(f"summit check: unexpected warning: {line}", file=sys.stderr)
    for line in sorted(listed - found):
        print(f"summit check: no longer reported: {line}; drop it from {LIST}", file=sys.stderr)
    return int(found != listed)


if __name__ == "__main__":
    raise SystemExit(main())
