"""Write summitkit/cli/help_text.py: `summit --help` as click writes it at 80 columns or more.

python tools/refresh_help.py
"""

from __future__ import annotations

import json
from pathlib import Path

TARGET = Path(__file__).resolve().parents[1] / "summitkit" / "cli" / "help_text.py"
HEADER = '''"""`summit --help`, written out so that asking for it imports neither click nor a
command (tests/test_startup.py holds it equal to click's; tools/refresh_help.py
writes it again)."""
'''


def help_text() -> str:
    """What click writes for `summit --help` on a terminal 80 columns wide or wider."""
    from summitkit.cli import main

    context = main.make_context("summit", ["--help"], resilient_parsing=True)
    formatter = context.make_formatter()
    formatter.width = 78  # click's widest: 80 columns, less its margin
    main.format_help(context, formatter)
    return formatter.getvalue()


if __name__ == "__main__":
    lines = "".join(
        f"    {json.dumps(line, ensure_ascii=False)}\n" for line in help_text().splitlines(True)
    )
    TARGET.write_text(f"{HEADER}\nHELP = (\n{lines})\n", encoding="utf-8")
    print(f"wrote {TARGET.name}")
