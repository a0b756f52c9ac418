"""Write the Word round trip's example files for the README tour.

    python tools/make_word_example.py

Builds tests/data/word/corpus (as the README tour's repository, always the same
commit) to DOCX, keeps that as tests/data/word/cjk-draft.docx (what the
sherpa sent), and edits a copy the way Word does, as two delegations would:
tests/data/word/cjk-draft-returned.docx. Review the files, then commit them.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tools"))

import wordkit  # noqa: E402
from readme.blocks import WORD_EXAMPLE, word_example_repo  # noqa: E402

from summitkit.cli import main  # noqa: E402

EPOCH = {"SOURCE_DATE_EPOCH": "1395306000"}  # 2014-03-20T09:00:00Z


def make() -> None:
    folder = ROOT / WORD_EXAMPLE
    with tempfile.TemporaryDirectory() as scratch:
        repo = word_example_repo(ROOT, Path(scratch) / "repo")
        result = CliRunner().invoke(
            main, ["build", str(repo), "--format", "docx", "--only", "cjk-draft", "-q"], env=EPOCH
        )
        if result.exit_code != 0:
            raise SystemExit(result.output)
        sent = folder / "cjk-draft.docx"
        shutil.copy(repo / "build" / "clear" / "docx" / "cjk-draft.docx", sent)
    editor = wordkit.Editor(sent)
    editor.inserted("op1", "course material", " and trainers", "Ben Sherpa", "2014-03-21T10:00:00Z")
    editor.comment("op1", "once a year", "Twice a year suits our centre better.", "Ben Sherpa",
                   "2014-03-21T10:02:00Z")  # fmt: skip
    editor.tracked("op2", "each summit round", "every summit", "Chen Adviser",
                   "2014-03-22T08:30:00Z")  # fmt: skip
    editor.new_paragraph("op2", "The centres will open their courses to other states.",
                         "Chen Adviser", "2014-03-22T08:35:00Z")  # fmt: skip
    editor.save(folder / "cjk-draft-returned.docx")


if __name__ == "__main__":
    make()
