"""Benchmarks for summitkit, each a ratio against a baseline measured in the same run.

    python tools/bench.py --quick      # under two minutes on a 2-core machine
    python tools/bench.py              # the full sizes named in the targets
    python tools/bench.py --json out.json

Every figure is the median of several runs of a separate process (so start-up
counts, as it does for a user), with the peak memory (max RSS) of that process.
These machines are noisy: read the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from gen_corpus import generate  # noqa: E402

PYTHON = sys.executable
SUMMIT = [PYTHON, "-m", "summitkit"]
BARE_PARSE = """
import sys, yaml, pathlib
for top in ("content", "gifts"):
    for p in sorted(pathlib.Path(sys.argv[1], top).rglob("*.yaml")):
        yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)
"""


@dataclass
class Timing:
    seconds: float
    peak_mib: float
    runs: list[float] = field(default_factory=list)


def run(
    cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """Wall time and peak RSS of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        cmd, cwd=cwd, env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # diff and check may exit 1 by design
        raise SystemExit(
            f"failed ({process.returncode}): {' '.join(cmd)}\n{process.stderr.read().decode()}"
        )
    return elapsed, usage.ru_maxrss / 1024


def median(cmd: list[str], runs: int, prepare=None, **kw) -> Timing:  # type: ignore[no-untyped-def]
    samples, peaks = [], []
    for _ in range(runs):
        if prepare:
            prepare()
        seconds, peak = run(cmd, **kw)
        samples.append(seconds)
        peaks.append(peak)
    return Timing(statistics.median(samples), max(peaks), samples)


def alternated(commands: dict[str, list[str]], runs: int) -> dict[str, Timing]:
    """Run the commands in turn, `runs` times over, so that a burst of load on the
    machine falls on each of them alike; the median of each, with its runs kept."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            seconds, peak = run(cmd)
            samples[name].append(seconds)
            peaks[name].append(peak)
    return {
        name: Timing(statistics.median(samples[name]), max(peaks[name]), samples[name])
        for name in commands
    }


@dataclass
class Result:
    name: str
    value: float
    target: str
    met: bool
    detail: str


def bench_check(work: Path, runs: int, size: int) -> Result:
    repo = generate(work / "check", commitments=size, statements=size // 10, clauses=20)
    ours = median([*SUMMIT, "check", str(repo)], runs)
    bare = median([PYTHON, "-c", BARE_PARSE, str(repo)], runs)
    ratio = ours.seconds / bare.seconds
    files = sum(1 for _ in repo.rglob("*.yaml"))
    return Result(
        "summit check / bare YAML parse", ratio, "≤ 2×", ratio <= 2,
        f"{files} files: {ours.seconds:.2f} s ({ours.peak_mib:.0f} MiB) vs "
        f"{bare.seconds:.2f} s ({bare.peak_mib:.0f} MiB)",
    )  # fmt: skip


SCORING = """
import sys, time
from pathlib import Path
from summitkit.sources.project import check
from summitkit.exchange.benchmarks import score_rows
from summitkit.progress.scores import ScoreTable
corpus = check(Path(sys.argv[1])).corpus
start = time.perf_counter()
rows = score_rows(corpus, ScoreTable(corpus))
print(time.perf_counter() - start, len(rows))
"""


def bench_scores(work: Path, runs: int) -> Result:
    """Scores of every state at every round, beyond the time `summit check` takes."""
    repo = generate(work / "scores", states=190, rounds=4, commitments=950, statements=5,
                    clauses=5, baskets=0, reports=1, benchmarks=20)  # fmt: skip
    timings = alternated(
        {
            "check": [*SUMMIT, "check", str(repo)],
            "scores": [*SUMMIT, "export", "csv", str(repo), "--what", "scores"],
        },
        runs,
    )
    check, scores = timings["check"], timings["scores"]
    extra = scores.seconds - check.seconds
    inside = []
    for _ in range(runs):
        out = subprocess.run(
            [PYTHON, "-c", SCORING, str(repo)], capture_output=True, text=True, check=True
        )
        seconds, rows = out.stdout.split()
        inside.append(float(seconds))
    return Result(
        "scores of 190 states × 4 rounds × 20 benchmarks beyond check (s)", extra, "< 1 s",
        extra < 1,
        f"median of {runs}, alternated: export csv --what scores {scores.seconds:.2f} s "
        f"({min(scores.runs):.2f}–{max(scores.runs):.2f}) vs check {check.seconds:.2f} s "
        f"({min(check.runs):.2f}–{max(check.runs):.2f}); in the process, scoring "
        f"{rows} state-rounds takes {statistics.median(inside):.2f} s "
        f"({min(inside):.2f}–{max(inside):.2f})",
    )  # fmt: skip


def clean_build(repo: Path) -> None:
    shutil.rmtree(repo / "build", ignore_errors=True)
    shutil.rmtree(repo / "content" / "generated", ignore_errors=True)


def bench_builds(work: Path, runs: int, small: int, large: int) -> list[Result]:
    results = []
    timings = {}
    repos = {}
    for n in (small, large):
        repo = generate(work / f"build{n}", commitments=200, statements=n, clauses=20, baskets=0)
        repos[n] = repo
        timings[n] = median(
            [*SUMMIT, "build", str(repo), "--format", "html", "-q"], max(1, runs // 2),
            prepare=lambda repo=repo: clean_build(repo),
        )  # fmt: skip
    ratio = timings[large].seconds / timings[small].seconds
    results.append(Result(
        f"clean HTML build {large} / {small} deliverables", ratio,
        f"≤ {1.2 * large / small:.0f}× (linear: {large / small:.0f}×)",
        ratio <= 1.2 * large / small,
        f"{timings[small].seconds:.1f} s ({timings[small].peak_mib:.0f} MiB) vs "
        f"{timings[large].seconds:.1f} s ({timings[large].peak_mib:.0f} MiB)",
    ))  # fmt: skip

    repo = repos[large]
    ours = median([*SUMMIT, "build", str(repo), "--format", "html", "-q"], runs)
    work_dir = repo / "build" / ".work" / "clear"
    sphinx = median(
        [PYTHON, "-m", "sphinx", "-b", "html", "-q", "-c", str(repo), str(repo / "content"),
         str(work_dir / "html"), "-d", str(work_dir / "doctrees")], runs,
    )  # fmt: skip
    ratio = ours.seconds / sphinx.seconds
    results.append(Result(
        "no-op rebuild / Sphinx's own no-op", ratio, "≤ 1.3×", ratio <= 1.3,
        f"{large} deliverables: {ours.seconds:.2f} s vs sphinx-build {sphinx.seconds:.2f} s",
    ))  # fmt: skip

    statement = repo / "content" / "statements" / "s0001.yaml"
    original = statement.read_text()
    counter = iter(range(1000))

    def edit() -> None:
        statement.write_text(
            original.replace("id: c2\n", "id: c2\n", 1).replace(
                "    text: |\n", f"    text: |\n      Edited {next(counter)}.\n", 1
            )
        )

    edited = median([*SUMMIT, "build", str(repo), "--format", "html", "-q"], runs, prepare=edit)
    statement.write_text(original)
    ratio = edited.seconds / ours.seconds
    results.append(Result(
        "one-clause edit / no-op rebuild", ratio, "≤ 2×", ratio <= 2,
        f"{large} deliverables: {edited.seconds:.2f} s vs {ours.seconds:.2f} s",
    ))  # fmt: skip
    return results


def diff_pair(work: Path, clauses: int) -> tuple[Path, Path, Path]:
    """A repository with two statements of `clauses` clauses, 5% of them edited."""
    repo = generate(work / f"diff{clauses}", states=10, rounds=2, commitments=0,
                    statements=1, clauses=clauses, baskets=0, reports=0)  # fmt: skip
    old = repo / "content" / "statements" / "s0000.yaml"
    lines = old.read_text().splitlines(keepends=True)
    new_lines, seen = [], 0
    for line in lines:
        if line.startswith("id: s0000"):
            line = "id: s0001\n"
        if line.startswith("      ") and line.strip():
            seen += 1
            if seen % 20 == 0:  # about 5% of clause lines
                words = line.split()
                line = (
                    "      "
                    + " ".join(
                        [*words[: len(words) // 2], "amended", *words[len(words) // 2 + 1 :]]
                    )
                    + "\n"
                )
        new_lines.append(line)
    (old.parent / "s0001.yaml").write_text("".join(new_lines))
    texts = []
    for name in ("s0000", "s0001"):
        body = [
            line.strip()
            for line in (old.parent / f"{name}.yaml").read_text().splitlines()
            if line.startswith("      ")
        ]
        path = work / f"{name}-{clauses}.txt"
        path.write_text("\n".join(body) + "\n")
        texts.append(path)
    return repo, texts[0], texts[1]


ENGINE = """
import sys, time
from pathlib import Path
from summitkit.sources.project import check
from summitkit.diff import compare_pair
from summitkit.diff.changes import Side
corpus = check(Path(sys.argv[1])).corpus
old, new = corpus.statements["s0000"], corpus.statements["s0001"]
start = time.perf_counter()
changes = compare_pair(old, new, Side("s0000"), Side("s0001"))
print(time.perf_counter() - start)
"""


def engine_seconds(repo: Path, runs: int) -> float:
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [PYTHON, "-c", ENGINE, str(repo)], capture_output=True, text=True, check=True
        )
        samples.append(float(out.stdout.strip()))
    return statistics.median(samples)


def bench_diff(work: Path, runs: int, clauses: int) -> list[Result]:
    results = []
    times = {}
    for n in (clauses // 10, clauses):
        repo, old_text, new_text = diff_pair(work, n)
        ours = median([*SUMMIT, "diff", "s0000", "s0001", "--format", "json"], runs, cwd=repo)
        git = median(
            ["git", "diff", "--no-index", "--word-diff", str(old_text), str(new_text)], runs
        )
        times[n] = (ours, git, len(old_text.read_text().split()), engine_seconds(repo, runs))
    ours, git, words, engine = times[clauses]
    ratio = engine / git.seconds
    results.append(Result(
        f"diff engine / git word diff ({clauses} clauses, {words:,} words)",
        ratio, "≤ 3×", ratio <= 3,
        f"comparison {engine:.3f} s vs git {git.seconds:.3f} s (whole process)",
    ))  # fmt: skip
    ratio = ours.seconds / git.seconds
    results.append(Result(
        "summit diff command / git word diff", ratio, "≤ 3× (see notes)", ratio <= 3,
        f"{ours.seconds:.2f} s ({ours.peak_mib:.0f} MiB, start-up and corpus load included) "
        f"vs git {git.seconds:.3f} s",
    ))  # fmt: skip
    small_engine = times[clauses // 10][3]
    growth = engine / small_engine
    results.append(Result(
        "diff engine: 10× the input / 1×", growth, "≤ 12×", growth <= 12,
        f"{small_engine:.3f} s for {clauses // 10} clauses, {engine:.3f} s for {clauses}",
    ))  # fmt: skip
    return results


def bench_pdf(work: Path, runs: int) -> list[Result]:
    repo = work / "pdf"
    shutil.copytree(
        ROOT, repo, ignore=shutil.ignore_patterns(".git", ".venv", "build", "generated", "tests")
    )
    one = "washington-2016-nstsc"

    def clear_cache() -> None:
        shutil.rmtree(repo / "build" / ".work" / "clear" / "print-cache", ignore_errors=True)

    run([*SUMMIT, "build", str(repo), "--format", "html", "-q"])
    html_only = median([*SUMMIT, "build", str(repo), "--format", "html", "-q"], runs)
    with_pdf = median([*SUMMIT, "build", str(repo), "--format", "pdf", "--only", one, "-q"], runs,
                      prepare=clear_cache)  # fmt: skip
    per_pdf = with_pdf.seconds - html_only.seconds
    results = [Result(
        "PDF of one joint statement (s)", per_pdf, "≤ 3 s", per_pdf <= 3,
        f"build with one PDF {with_pdf.seconds:.2f} s − no-op build {html_only.seconds:.2f} s",
    )]  # fmt: skip
    serial = median(
        [*SUMMIT, "build", str(repo), "--format", "pdf,docx", "-q", "-j", "1"],
        1,
        prepare=clear_cache,
    )
    parallel = median(
        [*SUMMIT, "build", str(repo), "--format", "pdf,docx", "-q", "-j", "2"],
        1,
        prepare=clear_cache,
    )
    speedup = serial.seconds / parallel.seconds
    results.append(Result(
        "PDF+DOCX of the corpus: -j 1 / -j 2", speedup, "> 1.3× (2 cores)", speedup > 1.3,
        f"{serial.seconds:.1f} s vs {parallel.seconds:.1f} s",
    ))  # fmt: skip
    return results


def negotiation_repo(work: Path, paragraphs: int, proposals: int) -> Path:
    """A statement of `paragraphs` clauses with `proposals` tabled proposals, each
    change type in turn, by the round's participants; `summit check` passes on it."""
    import yaml

    repo = generate(work / "compile", states=20, rounds=2, commitments=0, statements=1,
                    clauses=paragraphs, baskets=0, reports=0)  # fmt: skip
    statement = yaml.safe_load((repo / "content/statements/s0000.yaml").read_text())
    clauses = statement["clauses"]
    parties = statement["signatories"]
    folder = repo / "content" / "proposals"
    folder.mkdir()
    for n in range(proposals):
        clause = clauses[n % len(clauses)]
        words = clause["text"].split()
        kind = ("replace", "insert", "substitute", "delete")[n % 4]
        if kind == "replace":
            change = {"replace": {"clause": clause["id"], "old": " ".join(words[1:4]),
                                  "new": "proposed words"}}  # fmt: skip
        elif kind == "insert":
            change = {"insert": {"after": clause["id"], "id": f"{clause['id']}-p{n}",
                                 "text": "A new paragraph."}}  # fmt: skip
        elif kind == "substitute":
            change = {"substitute": {"clause": clause["id"], "text": "Another wording."}}
        else:
            change = {"delete": clause["id"]}
        record = {"id": f"p{n:04d}", "document": "s0000", "by": [parties[n % len(parties)]],
                  "date": "2012-03-01", "changes": [change]}  # fmt: skip
        (folder / f"p{n:04d}.yaml").write_text(yaml.safe_dump(record, sort_keys=False))
    return repo


def bench_compile(work: Path, runs: int) -> Result:
    """The compile target is defined against `summit check` itself: a compile (which
    checks the repository first) must take under twice a check of the same repository."""
    repo = negotiation_repo(work, paragraphs=200, proposals=300)
    timings = alternated(
        {"compile": [*SUMMIT, "compile", "s0000", "--format", "text", "--path", str(repo)],
         "check": [*SUMMIT, "check", str(repo)]}, runs,
    )  # fmt: skip
    ours, check = timings["compile"], timings["check"]
    ratio = ours.seconds / check.seconds
    spread = (
        f"{min(ours.runs):.2f}–{max(ours.runs):.2f} s vs {min(check.runs):.2f}–"
        f"{max(check.runs):.2f} s"
    )
    return Result(
        "summit compile / summit check (200 paragraphs, 300 proposals)", ratio, "< 2×",
        ratio < 2,
        f"median {ours.seconds:.2f} s ({ours.peak_mib:.0f} MiB) vs {check.seconds:.2f} s "
        f"({check.peak_mib:.0f} MiB); min–max {spread}; {runs} runs each, alternated",
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer runs")
    parser.add_argument("--json", type=Path, default=ROOT / "tools" / "bench-results.json")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["check", "scores", "build", "diff", "pdf", "compile"],
    )
    args = parser.parse_args()
    runs = 3 if args.quick else 5
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="summit-bench-") as tmp:
        work = Path(tmp)
        if "check" not in args.skip:
            results.append(bench_check(work, runs, 1000 if args.quick else 3000))
        if "scores" not in args.skip:
            results.append(bench_scores(work, runs))
        if "build" not in args.skip:
            results += bench_builds(
                work, runs, 20 if args.quick else 100, 200 if args.quick else 1000
            )
        if "diff" not in args.skip:
            results += bench_diff(work, runs, 2000)
        if "pdf" not in args.skip:
            results += bench_pdf(work, 3 if args.quick else 5)
        if "compile" not in args.skip:
            results.append(bench_compile(work, runs))
    width = max(len(r.name) for r in results)
    print(f"{'measure':{width}}  {'value':>7}  {'target':<22} met  detail")
    for r in results:
        print(
            f"{r.name:{width}}  {r.value:7.2f}  {r.target:<22} "
            f"{'yes' if r.met else 'NO '}  {r.detail}"
        )
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    args.json.write_text(json.dumps(
        {"machine": machine, "quick": args.quick, "results": [r.__dict__ for r in results]},
        indent=2, ensure_ascii=False,
    ) + "\n")  # fmt: skip
    print(
        f"\n{machine}; results in "
        f"{args.json.relative_to(ROOT) if args.json.is_relative_to(ROOT) else args.json}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
