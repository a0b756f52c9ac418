"""Clean builds of this checkout against summitkit at another commit, on one machine.

    python tools/against.py c974baa                    # the first round, 100 statements
    python tools/against.py c974baa --statements 1000 --pairs 3

The issue's clean-build target ("no regression beyond 10% against the figures
in BENCHMARKS.md") compares two versions of summitkit, which `bench.py`
cannot do: a baseline there never runs summitkit's own code. This does it the
same way, whole processes, A and B alternated, the median of the pairs'
ratios with their range. The other commit's code runs from a git worktree in
a temporary folder (on PYTHONPATH, with this checkout's Python and packages),
on a corpus made by that commit's own `tools/gen_corpus.py`, so that it can
read it; this checkout builds a copy of the same corpus, its `conf.py` naming
this version's extension. Every build starts from nothing. The worktree is
removed at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from bench import PYTHON, SUMMIT, Job, alternate, clean  # noqa: E402

EXTENSION = "summitkit.deliverables.sphinx"
"""This version's Sphinx extension; the first round's was `summitkit.sphinx`."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("commit", help="the other version: a commit, tag or branch")
    parser.add_argument("--statements", type=int, default=100)
    parser.add_argument("--commitments", type=int, default=200)
    parser.add_argument("--pairs", type=int, default=5)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="summitkit-against-"))
    old = work / "old"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(old),
                    args.commit], check=True)  # fmt: skip
    try:
        subprocess.run([PYTHON, "-m", "compileall", "-q", str(old / "summitkit"),
                        str(ROOT / "summitkit")], check=True)  # fmt: skip
        theirs = work / "corpus-old"
        subprocess.run([PYTHON, str(old / "tools" / "gen_corpus.py"), str(theirs),
                        "--commitments", str(args.commitments), "--statements",
                        str(args.statements), "--clauses", "20", "--baskets", "0"],
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip
        ours = work / "corpus-new"
        shutil.copytree(theirs, ours)
        conf = ours / "conf.py"
        conf.write_text(
            conf.read_text(encoding="utf-8").replace('"summitkit.sphinx"', f'"{EXTENSION}"'),
            encoding="utf-8",
        )
        build = ["build", "--format", "html", "-q", "."]
        measured = alternate(
            Job([*SUMMIT, *build], cwd=ours, prepare=lambda: clean(ours)),
            Job([PYTHON, "-m", "summitkit", *build], cwd=theirs, prepare=lambda: clean(theirs),
                env={"PYTHONPATH": str(old)}),
            args.pairs,
            warm_up=False,
        )  # fmt: skip
        load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
        print(
            f"clean HTML build, {args.statements} statements: this checkout / {args.commit}"
            f" = {measured.ratio:.3f}× ({measured.show()}); load {load}"
        )
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)],
                       check=False)  # fmt: skip
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
