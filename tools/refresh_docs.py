"""Refresh the generated parts of README.md and of the docs site's pages (`docs/`):
the tour's and the tutorial's real output. Review the diff, then commit it.

    python tools/refresh_docs.py          # rewrite README.md and docs/**/*.rst
    python tools/refresh_docs.py --check  # exit 1 if one of them is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from readme.blocks import doc_files, refresh, style_of  # noqa: E402


def main() -> int:
    stale = []
    for path in doc_files(ROOT):
        current = path.read_text(encoding="utf-8")
        fresh = refresh(current, ROOT, style_of(path))
        if fresh == current:
            continue
        stale.append(path.relative_to(ROOT).as_posix())
        if "--check" not in sys.argv:
            path.write_text(fresh, encoding="utf-8")
    if stale and "--check" in sys.argv:
        print(f"out of date: {', '.join(stale)}: run python tools/refresh_docs.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
