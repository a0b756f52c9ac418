"""Write summitkit/drafting/layout/fmt_fields.py: the schema's fields as `summit fmt` lays them out.

    python tools/refresh_fmt_fields.py

`summit fmt`, `sign` and the merge driver lay records out in the schema's field
order; reading that order from the pydantic models would import pydantic and
build every model class (most of the merge driver's start-up). The table is
written from the models by this tool, and tests/test_fmt_fields.py holds it
equal to them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from summitkit.drafting.layout.fmt import schema_fields

TARGET = Path(__file__).resolve().parents[1] / "summitkit" / "drafting" / "layout" / "fmt_fields.py"
WIDTH = 80

HEADER = '''"""The schema's record models as `summit fmt` lays them out, without pydantic.

Written by tools/refresh_fmt_fields.py from `summitkit.sources.schema`, and held
equal to it by tests/test_fmt_fields.py. Each model's fields, in declaration
order, separated by spaces: `name` a value, `name[]` a list, `name{}` a mapping,
each followed by `:Model` where its value or items are that model.
"""
'''


def spec(name: str, shape: str, inner: str | None) -> str:
    mark = {"list": "[]", "dict": "{}", "value": ""}[shape]
    return f"{name}{mark}:{inner}" if inner else f"{name}{mark}"


def chunks(text: str) -> list[str]:
    """`text` cut after spaces into pieces of about WIDTH characters."""
    pieces, current = [], ""
    for word in text.split(" "):
        if current and len(current) + len(word) > WIDTH:
            pieces.append(current)
            current = ""
        current += word + " "
    pieces.append(current.rstrip())
    return pieces


def module() -> str:
    kinds, documents, shorthand, models = schema_fields()
    lines = [HEADER, "KIND_MODELS = {"]
    lines += [f"    {json.dumps(k)}: {json.dumps(m)}," for k, m in kinds.items()]
    lines += ["}", f"DOCUMENTS = frozenset({json.dumps(sorted(documents))})"]
    lines += [f"SHORTHAND = frozenset({json.dumps(sorted(shorthand))})", "MODELS = {"]
    for model, fields in models.items():
        text = " ".join(spec(name, *layout) for name, layout in fields.items())
        pieces = chunks(text)
        if len(pieces) == 1:
            lines.append(f"    {json.dumps(model)}: {json.dumps(text)},")
            continue
        lines.append(f"    {json.dumps(model)}: (")
        lines += [f"        {json.dumps(piece)}" for piece in pieces]
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    TARGET.write_text(module(), encoding="utf-8")
    # in the project's own layout, so that the file does not change at the next format
    subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(TARGET)], check=False)
    print(f"wrote {TARGET.name}")
