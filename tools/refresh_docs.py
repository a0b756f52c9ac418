"""Refresh the generated parts of README.md: the command and record references and
the tour's real output. Review the diff, then commit it.

    python tools/refresh_docs.py          # rewrite README.md
    python tools/refresh_docs.py --check  # exit 1 if README.md is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from readme.blocks import refresh  # noqa: E402


def main() -> int:
    readme = ROOT / "README.md"
    current = readme.read_text(encoding="utf-8")
    fresh = refresh(current, ROOT)
    if "--check" in sys.argv:
        if fresh != current:
            print("README.md is out of date: run python tools/refresh_docs.py", file=sys.stderr)
            return 1
        return 0
    readme.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
