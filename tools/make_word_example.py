"""Write the Word round trip's example files for the docs, or set up its repository.

    python tools/make_word_example.py              # rewrite the two DOCX files
    python tools/make_word_example.py --repo DIR   # the example's repository in DIR

`--repo` makes, in a clone, the repository that docs/howto/circulate.rst imports
into: the example corpus committed as always the same commit (the commit the
DOCX files record), with both DOCX files beside it, so that `summit import docx
cjk-draft-returned.docx --dry-run` run in DIR prints what the page shows.

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


def make_repository(target: Path) -> None:
    """The example's repository at `target` (a new folder), the DOCX files beside it."""
    if target.exists():
        raise SystemExit(f"{target} exists already; give a new folder")
    repo = word_example_repo(ROOT, target)
    for docx in sorted((ROOT / WORD_EXAMPLE).glob("*.docx")):
        shutil.copy(docx, repo / docx.name)
    print(f"made the Word example's repository in {target}: cd there and run")
    print("summit import docx cjk-draft-returned.docx --dry-run")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--repo"] and len(sys.argv) == 3:
        make_repository(Path(sys.argv[2]))
    elif len(sys.argv) == 1:
        make()
    else:
        raise SystemExit(__doc__)
