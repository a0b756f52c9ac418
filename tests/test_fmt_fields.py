"""The layout table `summit fmt` reads instead of the schema is the schema's."""

from __future__ import annotations

import subprocess
import sys

from summitkit.drafting.layout import fmt_fields
from summitkit.drafting.layout.fmt import fields_of, schema_fields


def test_the_table_holds_the_schema_s_models_and_fields() -> None:
    kinds, documents, shorthand, models = schema_fields()

    assert kinds == fmt_fields.KIND_MODELS, "run tools/refresh_fmt_fields.py"
    assert documents == fmt_fields.DOCUMENTS
    assert shorthand == fmt_fields.SHORTHAND
    assert set(fmt_fields.MODELS) == set(models)
    for model, fields in models.items():
        assert fields_of(model) == fields, f"{model}: run tools/refresh_fmt_fields.py"
        assert list(fields_of(model)) == list(fields)  # the order is the layout


def test_laying_out_imports_no_pydantic() -> None:
    probe = (
        "import sys\n"
        "from summitkit.drafting.layout.fmt import format_text\n"
        "clause = '{text: Work together. Share course material., id: c1}'\n"
        "text = f'title: T\\nid: s\\nclauses: [{clause}]\\n'\n"
        "print(format_text(text, 'statement'))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        "id: s\ntitle: T\nclauses:\n  - id: c1\n    text: |\n"
        "      Work together.\n      Share course material.\n"
    )
    assert done.stdout.endswith("[]\n")
